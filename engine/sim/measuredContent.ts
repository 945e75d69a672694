/**
 * A region filled from a measurement (`samepage measure`): the content file's ids go straight into
 * the simulator's per-page content array, so measured contents cost no memory beyond the
 * simulation's own state, and ksmd meets them in the measured address order.
 */
import type { ContentMix, MeasuredPages } from './api';
import { PRESENT, SHARED_ZERO } from './pageFlags';

/** Per-page flag bits of measured pages, as the content file stores them (docs/measured-content.md). */
export const MEASURED_RESIDENT = 1;
export const MEASURED_THP = 2;
/** Already a KSM page when it was read (/proc/kpageflags). */
export const MEASURED_KSM = 4;

/** Content-file ids: 0 the all-zero page, 1 a content no other page had, k ≥ 2 shared content k. */
export const MEASURED_ZERO_ID = 0;
export const MEASURED_UNIQUE_ID = 1;
export const MEASURED_FIRST_SHARED_ID = 2;

const THP_BLOCK = 512;

export function isMeasured(content: ContentMix | MeasuredPages): content is MeasuredPages {
  return (content as MeasuredPages).kind === 'measured';
}

export interface MeasuredFillTarget {
  /** The region's slice of the per-page content ids and page flags. */
  content: Uint32Array;
  flags: Uint8Array;
  /** The region's slice of the THP block table (one entry per whole 2 MiB block), or null without THP. */
  thpHuge: Uint8Array | null;
  /** Simulator id of shared content 2 (the next ones follow). */
  sharedBase: number;
  zeroId: number;
  /** Hands out n consecutive unique content ids and returns the first. */
  uniqueIds(n: number): number;
}

/**
 * Fills one measured region and returns the pages now resident, the huge blocks and the pages
 * flagged as merged already (region-relative; only where the measurement passes that flag on).
 * A page that was not resident (never touched, or swapped out) is
 * marked as mapping nothing: the scan skips it as ksmd skips a pte without a page, and a write
 * faults in a fresh page (Ksmd.write), as on the host. A 2 MiB block is huge only if every one of
 * its pages sat in a transparent huge page.
 */
export function fillMeasuredRegion(m: MeasuredPages, t: MeasuredFillTarget): { resident: number; hugeBlocks: number; merged: number[] } {
  const { content, flags, thpHuge } = t;
  const thpPages = thpHuge ? new Uint16Array(thpHuge.length) : null;
  const sharedOffset = t.sharedBase - MEASURED_FIRST_SHARED_ID;
  let resident = 0;
  const merged: number[] = [];
  m.forEachRun((id, pageFlags, start, count) => {
    const end = start + count;
    if ((pageFlags & MEASURED_RESIDENT) === 0) {
      content.fill(t.zeroId, start, end);
      flags.fill(PRESENT | SHARED_ZERO, start, end);
      return;
    }
    resident += count;
    flags.fill(PRESENT, start, end);
    if (pageFlags & MEASURED_KSM) for (let i = start; i < end; i++) merged.push(i);
    if (id === MEASURED_ZERO_ID) content.fill(t.zeroId, start, end);
    else if (id === MEASURED_UNIQUE_ID) {
      const first = t.uniqueIds(count) - start;
      for (let i = start; i < end; i++) content[i] = first + i;
    } else content.fill(sharedOffset + id, start, end);
    if (thpPages && pageFlags & MEASURED_THP) {
      for (let i = start; i < end; ) {
        const b = Math.floor(i / THP_BLOCK);
        const next = Math.min(end, (b + 1) * THP_BLOCK);
        if (b < thpPages.length) thpPages[b] += next - i;
        i = next;
      }
    }
  });
  let hugeBlocks = 0;
  if (thpHuge && thpPages) {
    for (let b = 0; b < thpHuge.length; b++) {
      thpHuge[b] = thpPages[b] === THP_BLOCK ? 1 : 0;
      hugeBlocks += thpHuge[b];
    }
  }
  return { resident, hugeBlocks, merged };
}

/** Checks that the runs of a measured region cover exactly its pages, in order, with ids in range. */
export function measuredRunError(m: MeasuredPages, pages: number): string | null {
  let next = 0;
  let error: string | null = null;
  m.forEachRun((id, _flags, start, count) => {
    if (error) return;
    if (start !== next || count <= 0) error = `runs must cover the pages in order (a run starts at ${start}, expected ${next})`;
    else if (!Number.isInteger(id) || id < 0 || id >= MEASURED_FIRST_SHARED_ID + m.sharedContents) error = `content id ${id} is out of range (0 to ${m.sharedContents + 1})`;
    next = start + count;
  });
  if (!error && next !== pages) error = `runs cover ${next} pages but the region has ${pages}`;
  return error;
}
