/**
 * The measured part of a scenario: guests with profile `measured` and the scenario's `processes`
 * become simulated processes whose regions hold the measurement's pages in address order, and
 * whose measured churn becomes write patterns over the pages that changed.
 */
import type { MeasuredPages, ProcessSpec, RegionSpec, WritePattern } from '../sim/api';
import { THP_PAGES } from '../sim/addressSpace';
import { KSM, type Measurement, type MeasuredProcess, type MeasuredRegion } from '../measure/format';
import type { MeasuredRef, Scenario } from './scenario';

/** What is wrong between a scenario and its measurement (indexes, page size, kinds); empty when they fit. */
export function measurementMismatches(scenario: Scenario, m: Measurement): string[] {
  const errors: string[] = [];
  if (m.pageSize !== scenario.host.pageSize) errors.push(`measurement.file: its page size is ${m.pageSize} bytes, the host's ${scenario.host.pageSize}`);
  const used = new Map<number, string>();
  const check = (ref: MeasuredRef, path: string): void => {
    if (ref.process >= m.processes.length) {
      errors.push(`${path}.process: ${ref.process} is out of range: the measurement holds ${m.processes.length} process${m.processes.length === 1 ? '' : 'es'} (0 to ${m.processes.length - 1})`);
      return;
    }
    const other = used.get(ref.process);
    if (other) errors.push(`${path}.process: process ${ref.process} is already ${other}`);
    used.set(ref.process, path);
  };
  scenario.guests.forEach((g, i) => g.measured && check(g.measured, `guests[${i}].measured`));
  (scenario.processes ?? []).forEach((p, i) => check(p.measured, `processes[${i}].measured`));
  return errors;
}

/**
 * One measured region as the simulator's regions: where the region does not start on a 2 MiB
 * boundary, the pages before the first boundary go in a region of their own without THP, so the
 * simulator's 2 MiB blocks sit where the kernel's huge pages do.
 */
function regionSpecs(region: MeasuredRegion, m: Measurement, thp: boolean, merged: boolean, numaNode: number): RegionSpec[] {
  const head = thp ? Math.min(region.pageCount, (THP_PAGES - (region.startPage % THP_PAGES)) % THP_PAGES) : 0;
  const parts = head > 0 ? [{ from: 0, pages: head, thp: false }, { from: head, pages: region.pageCount - head, thp }] : [{ from: 0, pages: region.pageCount, thp }];
  return parts
    .filter((part) => part.pages > 0)
    .map((part) => ({ name: `measured @${(region.startPage + part.from).toString(16)}`, pages: part.pages, content: slice(region, part.from, part.pages, m, merged), thp: part.thp, numaNode }));
}

/** The pages [from, from + pages) of a measured region, renumbered from 0; `merged` false drops the KSM flags. */
function slice(region: MeasuredRegion, from: number, pages: number, m: Measurement, merged: boolean): MeasuredPages {
  const end = from + pages;
  const keep = merged ? 0xff : ~KSM;
  return {
    kind: 'measured',
    sharedContents: m.sharedContentCount,
    ...(m.positions ? { order: m.positions } : {}),
    forEachRun(cb) {
      region.forEachRun((id, flags, start, count) => {
        const a = Math.max(start, from);
        const b = Math.min(start + count, end);
        if (a < b) cb(id, flags & keep, a - from, b - a);
      });
    },
  };
}

/**
 * Measured churn as writes: the pages that changed k times in the window are rewritten k times per
 * window, each page once per window/k seconds, with what its last change wrote (fresh content or
 * zeros; a copy of other content is taken as fresh: the file does not say which content it copied).
 */
function churnWrites(p: MeasuredProcess, windowSeconds: number, firstPage: number[]): { pageSets: Int32Array[]; writes: WritePattern[] } {
  const groups = new Map<string, number[]>();
  p.regions.forEach((r, k) => {
    for (const c of r.churn) {
      const key = `${c.changes}:${c.last === 'zero' ? 'zero' : 'new'}`;
      let pages = groups.get(key);
      if (!pages) groups.set(key, (pages = []));
      pages.push(firstPage[k] + c.page);
    }
  });
  const pageSets: Int32Array[] = [];
  const writes: WritePattern[] = [];
  for (const [key, pages] of groups) {
    const [changes, mode] = key.split(':');
    writes.push({ kind: 'rate', pagesPerSecond: (pages.length * Number(changes)) / windowSeconds, target: { set: pageSets.length }, mode: mode === 'zero' ? 'zero' : 'new' });
    pageSets.push(Int32Array.from(pages));
  }
  return { pageSets, writes };
}

export interface MeasuredProcessOptions {
  name: string;
  merge: ProcessSpec['merge'];
  thp: boolean;
  /** Pages the host had merged start merged (measurement.startsFrom current-merges). */
  startMerged: boolean;
  numaNode: number;
  startAt?: number;
}

/** A measured process as the simulator's process, its pages as read and its churn as measured. */
export function measuredProcess(m: Measurement, ref: MeasuredRef, o: MeasuredProcessOptions): ProcessSpec {
  const p = m.processes[ref.process];
  const regions: RegionSpec[] = [];
  const firstPage: number[] = [];
  let page = 0;
  for (const r of p.regions) {
    firstPage.push(page);
    regions.push(...regionSpecs(r, m, o.thp, o.startMerged, o.numaNode));
    page += r.pageCount;
  }
  const window = m.meta.churn?.windowSeconds ?? 0;
  const churn = window > 0 ? churnWrites(p, window, firstPage) : { pageSets: [], writes: [] };
  return {
    name: o.name,
    argv: p.argv.length > 0 ? p.argv : [p.comm],
    comm: p.comm,
    merge: o.merge,
    regions,
    writes: churn.writes,
    pageSets: churn.pageSets,
    startAt: o.startAt,
  };
}
