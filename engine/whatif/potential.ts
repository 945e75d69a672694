/**
 * The best saving a host's content allows: every mergeable page merged with its duplicates, as
 * counted from the guests' content at the start. A content held by n mergeable pages saves
 * n − ⌈n / max_page_sharing⌉ pages (each stable-node dup maps at most max_page_sharing pages);
 * with use_zero_pages on a kernel that has it, every zero page saves a page. Zero pages the guests
 * overwrite with new content during the run (a guest zeroing and reusing its free memory) are
 * taken out; other rewrites are not counted. `samepage tune` measures its goal against this.
 */
import type { ProcessSpec, SimConfig } from '../sim/api';
import { poolClassCounts } from '../sim/contentLayout';
import { isMeasured, MEASURED_FIRST_SHARED_ID, MEASURED_RESIDENT, MEASURED_ZERO_ID } from '../sim/measuredContent';
import { initialKnobs } from '../sim/knobControl';
import { knobExistsIn } from '../knowledge/knobs';

export function bestAchievableBytes(config: SimConfig): number {
  const knobs = initialKnobs(config.knobs, config.host.kernel);
  const zeroMerge = knobs.use_zero_pages === 1 && knobExistsIn('use_zero_pages', config.host.kernel);
  const mps = knobExistsIn('max_page_sharing', config.host.kernel) ? Math.max(2, knobs.max_page_sharing) : Infinity;
  const copies = new Map<string, number>();
  let zero = 0;
  for (const p of config.processes) {
    if (p.merge === 'none') continue;
    let zeroHere = 0;
    for (const r of p.regions) {
      const content = r.content;
      if (isMeasured(content)) {
        // Measured pages: resident zero pages and the contents found on several pages, as read.
        content.forEachRun((id, flags, _start, count) => {
          if ((flags & MEASURED_RESIDENT) === 0) return;
          if (id === MEASURED_ZERO_ID) zeroHere += count;
          else if (id >= MEASURED_FIRST_SHARED_ID) copies.set(`measured\u0000${id}`, (copies.get(`measured\u0000${id}`) ?? 0) + count);
        });
        continue;
      }
      // The layout's order: pool classes, then zero pages, then unique pages, cut at the region's size.
      let left = r.pages;
      for (const pool of content.pools) {
        poolClassCounts(pool).forEach((count, k) => {
          const n = Math.min(count, left);
          left -= n;
          if (n > 0) copies.set(`${pool.pool}\u0000${k}`, (copies.get(`${pool.pool}\u0000${k}`) ?? 0) + n);
        });
      }
      zeroHere += Math.min(content.zeroPages, left);
    }
    // The write cursor wraps over the zero pages, so at most all of them lose their zero content.
    zero += Math.max(0, zeroHere - zeroPagesOverwritten(p, config.durationSeconds));
  }
  const saved = (n: number) => (n < 2 ? 0 : n - Math.max(1, Math.ceil(n / mps)));
  let pages = zeroMerge ? zero : saved(zero);
  for (const n of copies.values()) pages += saved(n);
  return pages * config.host.pageSize;
}

/** Zero pages a process rewrites with new content before `duration` (writes before it starts are dropped). */
function zeroPagesOverwritten(p: ProcessSpec, duration: number): number {
  const startAt = p.startAt ?? 0;
  const end = Math.min(duration, p.exitAt ?? Infinity);
  let n = 0;
  for (const w of p.writes ?? []) {
    if (w.target !== 'zero' || w.mode !== 'new') continue;
    if (w.kind === 'burst') n += w.at <= end ? w.count : 0;
    else n += Math.floor(w.pagesPerSecond * Math.max(0, Math.min(end, w.stop ?? Infinity) - Math.max(startAt, w.start ?? 0)));
  }
  return n;
}
