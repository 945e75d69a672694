/** Page counts of a decoded measurement, per process and in all: what the CLI prints and the scenario describes. */
import { CHANGED, KSM, RESIDENT, SWAPPED, THP, ZERO_CONTENT_ID, SINGLE_CONTENT_ID, type Measurement } from './format';

export interface PageCounts {
  pages: number;
  resident: number;
  zero: number;
  /** Resident pages whose content is on two or more pages. */
  shared: number;
  single: number;
  thp: number;
  ksm: number;
  swapped: number;
  changed: number;
  changes: number;
}

function empty(): PageCounts {
  return { pages: 0, resident: 0, zero: 0, shared: 0, single: 0, thp: 0, ksm: 0, swapped: 0, changed: 0, changes: 0 };
}

export function countPages(m: Measurement): { perProcess: PageCounts[]; total: PageCounts } {
  const total = empty();
  const perProcess = m.processes.map((p) => {
    const c = empty();
    for (const r of p.regions) {
      c.pages += r.pageCount;
      r.forEachRun((id, flags, _start, n) => {
        if (flags & SWAPPED) c.swapped += n;
        if (flags & CHANGED) c.changed += n;
        if (!(flags & RESIDENT)) return;
        c.resident += n;
        if (flags & THP) c.thp += n;
        if (flags & KSM) c.ksm += n;
        if (id === ZERO_CONTENT_ID) c.zero += n;
        else if (id === SINGLE_CONTENT_ID) c.single += n;
        else c.shared += n;
      });
      for (const e of r.churn) c.changes += e.changes;
    }
    for (const k of Object.keys(c) as Array<keyof PageCounts>) total[k] += c[k];
    return c;
  });
  return { perProcess, total };
}

function size(pages: number, pageSize: number): string {
  const bytes = pages * pageSize;
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function pct(part: number, whole: number): string {
  return whole ? `${((100 * part) / whole).toFixed(1)}%` : '0%';
}

/** Plain sentences about a measurement, the churn caveat included. */
export function describeMeasurement(m: Measurement, total: PageCounts): string[] {
  const out = [
    `${m.processes.length} process(es), ${size(total.resident, m.pageSize)} resident read: ${pct(total.zero, total.resident)} zero pages, ` +
      `${pct(total.shared, total.resident)} pages whose content is on another page too (${m.sharedContentCount} distinct contents), ${pct(total.single, total.resident)} single.`,
  ];
  if (total.thp) out.push(`${pct(total.thp, total.resident)} of the resident pages sit in transparent huge pages (ksmd splits those; since 6.12 their zero subpages go to the shared zero page).`);
  if (total.ksm) out.push(`${total.ksm} pages are merged by KSM already.`);
  if (total.swapped) out.push(`${total.swapped} swapped-out pages were skipped, not read.`);
  const churn = m.meta.churn;
  if (churn) {
    const pass = churn.windowSeconds / Math.max(1, churn.passes - 1);
    out.push(
      `Watched for ${churn.windowSeconds.toFixed(0)} s in ${churn.passes} passes (one every ${pass.toFixed(1)} s): ${pct(total.changed, total.resident)} of the resident pages changed, ${total.changes} changes seen. ` +
        `A page rewritten more often than once a pass is seen changing once a pass: its rate is at least that fast, not exactly that.`,
    );
  }
  return out;
}
