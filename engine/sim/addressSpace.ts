/**
 * The simulated processes, their regions and pages: one global page index space, process after
 * process, regions in address order. Pages are struct-of-arrays (no object per page).
 */
import { ContentOrder } from './contentOrder';
import type { ProcessSpec, RegionSpec, WriteTarget } from './api';
import { fillRegionContents } from './contentLayout';
import { fillMeasuredRegion, isMeasured } from './measuredContent';
import { PageSet } from './pageSet';
import { PRESENT, UNIQUE_BASE, ZERO_CONTENT } from './pageFlags';

// Local copies: imported bindings can compile to getter calls, too slow for per-page loops.
const PRESENT_FLAG = PRESENT + 0;
const ZERO_ID = ZERO_CONTENT + 0;
const UNIQUE_ID_BASE = UNIQUE_BASE + 0;

/** Pages per transparent huge page (2 MiB of 4 KiB pages). */
export const THP_PAGES = 512;

export interface SimRegion {
  start: number;
  end: number;
  nid: number;
  spec: RegionSpec;
  /** Index of this region's first 2 MiB block in the THP block table, or -1 without THP. */
  blockBase: number;
}

export interface SimProcess {
  index: number;
  spec: ProcessSpec;
  start: number;
  end: number;
  regions: SimRegion[];
  started: boolean;
  exited: boolean;
  /** An mm_slot exists (registered with KSM, not yet unregistered). */
  registered: boolean;
  /** ksm_stat: rmap_items, zero pages, merging pages. */
  items: number;
  zeroPages: number;
  merging: number;
  /** Pages now mapping the shared zero page after a THP split (not resident). */
  sharedZeroPages: number;
  hugeBlocks: number;
  /** Pages of each write target, built at fill time; null for 'any'. */
  targets: Map<string, PageSet | null>;
}

/** Content ids: the zero page, then every pool's classes; unique contents are handed out on demand. */
export class ContentIds {
  private poolBase = new Map<string, number>();
  /** Shared (non-unique) contents, the zero page included: the key space of the trees. */
  readonly sharedCount: number;
  private nextUnique = UNIQUE_ID_BASE;

  constructor(processes: ProcessSpec[]) {
    const sizes = new Map<string, number>();
    let measured = 0;
    let positions: Uint32Array | null = null;
    for (const p of processes)
      for (const r of p.regions) {
        if (isMeasured(r.content)) {
          measured = Math.max(measured, r.content.sharedContents);
          positions ??= r.content.order ?? null;
        }
        else for (const pool of r.content.pools) sizes.set(pool.pool, Math.max(sizes.get(pool.pool) ?? 0, Math.min(pool.distinct, pool.pages)));
      }
    let next = ZERO_CONTENT + 1;
    for (const [name, size] of sizes) {
      this.poolBase.set(name, next);
      this.poolSize.set(name, size);
      next += size;
    }
    this.measuredBase = next;
    next += measured;
    this.sharedCount = next - ZERO_CONTENT;
    this.order = new ContentOrder(this.measuredBase, positions);
  }

  /** Where each content sorts in the unstable tree. */
  readonly order: ContentOrder;

  /** Id of a measurement's first shared content (content-file id 2); the measurement's ids follow. */
  readonly measuredBase: number;

  private poolSize = new Map<string, number>();

  pool(name: string, cls: number): number {
    return (this.poolBase.get(name) ?? -1) + cls;
  }

  poolRange(name: string): { base: number; size: number } {
    return { base: this.poolBase.get(name) ?? 0, size: this.poolSize.get(name) ?? 0 };
  }

  /** A content no other page has (ids wrap after 2^31, long after any collision could matter). */
  unique(): number {
    return this.uniqueRange(1);
  }

  /** n consecutive contents no other page has; returns the first. */
  uniqueRange(n: number): number {
    if (this.nextUnique + n > 0xffffffff) this.nextUnique = UNIQUE_ID_BASE;
    const id = this.nextUnique;
    this.nextUnique += n;
    return id;
  }
}

export function targetKey(t: WriteTarget): string {
  if (typeof t === 'string') return t;
  return 'set' in t ? `set:${t.set}` : `pool:${t.pool}:${t.content ?? '*'}`;
}

export function buildProcesses(specs: ProcessSpec[]): { processes: SimProcess[]; totalPages: number; totalBlocks: number } {
  let page = 0;
  let blocks = 0;
  const processes = specs.map((spec, index): SimProcess => {
    const start = page;
    const regions = spec.regions.map((r): SimRegion => {
      const region: SimRegion = { start: page, end: page + r.pages, nid: r.numaNode ?? 0, spec: r, blockBase: -1 };
      if (r.thp && r.pages >= THP_PAGES) {
        region.blockBase = blocks;
        blocks += Math.floor(r.pages / THP_PAGES);
      }
      page += r.pages;
      return region;
    });
    const targets = new Map<string, PageSet | null>();
    for (const w of spec.writes ?? []) targets.set(targetKey(w.target), null);
    return { index, spec, start, end: page, regions, started: false, exited: false, registered: false, items: 0, zeroPages: 0, merging: 0, sharedZeroPages: 0, hugeBlocks: 0, targets };
  });
  return { processes, totalPages: page, totalBlocks: blocks };
}

/**
 * Maps and fills a process's pages (at its start time) and records the pages of each write target
 * in address order, as workload.c builds its target sets. Returns the pages now resident, and
 * the measured pages that start merged (page indexes).
 */
export function fillProcess(p: SimProcess, ids: ContentIds, content: Uint32Array, flags: Uint8Array, thpHuge: Uint8Array): { resident: number; merged: Int32Array } {
  const poolId = (pool: string, cls: number): number => ids.pool(pool, cls);
  const uniqueIds = (n: number): number => ids.uniqueRange(n);
  const targeted: SimRegion[] = [];
  let resident = 0;
  const merged: number[] = [];
  for (const r of p.regions) {
    const blocks = r.blockBase >= 0 ? Math.floor((r.end - r.start) / THP_PAGES) : 0;
    if (isMeasured(r.spec.content)) {
      const filled = fillMeasuredRegion(r.spec.content, {
        content: content.subarray(r.start, r.end),
        flags: flags.subarray(r.start, r.end),
        thpHuge: blocks > 0 ? thpHuge.subarray(r.blockBase, r.blockBase + blocks) : null,
        sharedBase: ids.measuredBase,
        zeroId: ZERO_ID,
        uniqueIds,
      });
      resident += filled.resident;
      for (const i of filled.merged) merged.push(r.start + i);
      p.sharedZeroPages += r.end - r.start - filled.resident;
      p.hugeBlocks += filled.hugeBlocks;
    } else {
      fillRegionContents(r.spec.content, content.subarray(r.start, r.end), poolId, ZERO_ID, uniqueIds);
      flags.fill(PRESENT_FLAG, r.start, r.end);
      resident += r.end - r.start;
      if (blocks > 0) thpHuge.fill(1, r.blockBase, r.blockBase + blocks);
      p.hugeBlocks += blocks;
    }
    if (r.spec.writeTarget !== false) targeted.push(r);
  }
  for (const key of p.targets.keys()) {
    if (key === 'any') continue;
    if (key.startsWith('set:')) {
      // A page set of the spec (measured churn): process-relative indexes.
      const set = new PageSet(p.start, p.end);
      for (const i of p.spec.pageSets![Number(key.slice(4))]) set.add(p.start + i);
      p.targets.set(key, set);
      continue;
    }
    const [lo, hi] = targetContents(key, ids);
    const set = new PageSet(p.start, p.end);
    for (const r of targeted) set.addContentRange(content, r.start, r.end, lo, hi);
    p.targets.set(key, set);
  }
  return { resident, merged: Int32Array.from(merged) };
}

/** The content ids a write target picks, as a range [lo, hi): every target is one. */
function targetContents(key: string, ids: ContentIds): [number, number] {
  if (key === 'dup') return [ZERO_ID + 1, UNIQUE_ID_BASE];
  if (key === 'unique') return [UNIQUE_ID_BASE, 2 ** 32];
  if (key === 'zero') return [ZERO_ID, ZERO_ID + 1];
  const [, pool, cls] = /^pool:(.*):([^:]*)$/.exec(key)!;
  const { base, size } = ids.poolRange(pool);
  if (cls === '*') return [base, base + size];
  return Number(cls) < size ? [base + Number(cls), base + Number(cls) + 1] : [0, 0];
}
