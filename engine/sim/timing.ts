/**
 * ksmd's clock (ksm-spec §2.2 and the groundtruth README's rate measurements). A batch runs for
 * examined × perPageCost; then ksmd sleeps msecs_to_jiffies(sleep_millisecs) jiffies counted from
 * the jiffy in which the batch ended, and the timer fires one tick later. So a batch period is
 * (floor(work / jiffy) + ceil(sleep / jiffy) + 1) jiffies, which reproduces 24 ms at 100/20,
 * 16 ms at 100/10, 56 ms at 100/50, 28 ms at 1000/20 and 20 ms at 1250/10 with HZ=250. With
 * sleep_millisecs=0 ksmd does not sleep: it is CPU-bound.
 */

/*
 * What a visit costs depends on whether it reads the page's 4 KiB: the checksum (a first visit or a
 * changed page) and the memcmp of tree searches do; a visit to a page merged already, a smart-scan
 * skip and a step along a chain only touch kernel structures. The two machines that recorded our
 * traces differ in the first kind only: the same workload (13 on the reference machine, s21 on
 * ours, both quiet) cost 6/27/25 and 16/62/58 clock ticks in passes 1-3 (≈2.5x), while merged
 * visits and skips (s20's short passes: 40-59 ms for 40 000 of each on ours, 44 ms from the
 * reference figures below) and chain walks (s25 against 04) cost the same. So perPageCostNs (a
 * host parameter) scales the content-reading costs and the others are fixed.
 */

/** Fixed cost of one wake-up (locking, the loop), so a busy ksmd with nothing to do still advances. */
export const BATCH_OVERHEAD_NS = 2_000;
/**
 * A page smart scan skips: the page-table walk and the item's removal from its tree, no checksum.
 * 05_unique_only: 80 000 skips beside 19 300 tree visits cost 15 clock ticks, ≈0.65 µs each.
 */
export const SKIP_COST_NS = 650;
/**
 * Default cost of an examined page that searches the trees (HostSpec.perPageCostNs): 14_rate_sweep
 * at sleep 0, unique pages searched and inserted in a 100 000-node unstable tree, gave ≈200 k
 * pages/s on one CPU (≈5 µs per page; 5.3 µs at 5000/20 from ksmd's CPU ticks).
 */
export const DEFAULT_PER_PAGE_COST_NS = 5_000;
/**
 * A first visit or a changed checksum (a new rmap_item and a checksum, no tree search) costs this
 * fraction of perPageCostNs: 14_rate_sweep's first pass (100 000 first visits, smart_scan=0) cost
 * ksmd 8 clock ticks (0.08 s, wake-ups included), ≈0.8 µs per page against 5 µs for a tree visit.
 * (q1's first pass, 1000-page batches every 24 ms, needs < 4 µs.)
 */
export const CHECKSUM_COST_FRACTION = 0.16;
/**
 * A visit to a page merged already, found by its stable node: the merged steady states of 01, its
 * repeat, 02 and 18 (20 000 merged pages at 4150 pages/s) cost 7 clock ticks over 159 000 visits.
 */
export const MERGED_VISIT_NS = 450;
/**
 * A chain walk looks up every dup's KSM page. 04_chain_1x20000_mps2 (no dup ever has room, so
 * every lookup walks the whole chain) spent ≈6 s of ksmd CPU on ≈1.5·10^8 dup visits in its
 * second pass: ≈40 ns each.
 */
export const DUP_VISIT_NS = 40;

/** What one batch did, for its CPU time. */
export interface BatchVisits {
  examined: number;
  skipped: number;
  /** Examined pages that searched the trees. */
  treeVisits: number;
  /** Examined pages merged already. The rest of the examined pages only had their checksum taken. */
  mergedVisits: number;
  /** Dups looked up along stable_node chains. */
  dupVisits: number;
}

/** CPU time of a batch in ns. */
export function batchWorkNs(v: BatchVisits, perPageCostNs: number): number {
  const checksumOnly = v.examined - v.treeVisits - v.mergedVisits;
  return (
    BATCH_OVERHEAD_NS +
    v.treeVisits * perPageCostNs +
    checksumOnly * perPageCostNs * CHECKSUM_COST_FRACTION +
    v.mergedVisits * MERGED_VISIT_NS +
    v.skipped * SKIP_COST_NS +
    v.dupVisits * DUP_VISIT_NS
  );
}

export function msecsToJiffies(ms: number, hz: number): number {
  return Math.ceil((ms * hz) / 1000);
}

export function jiffyNs(hz: number): number {
  return 1e9 / hz;
}

/** When ksmd wakes for its next batch, given when the current batch ended (ns). */
export function nextWakeNs(batchEndNs: number, sleepMs: number, hz: number): number {
  const sleepJ = msecsToJiffies(sleepMs, hz);
  if (sleepJ === 0) return batchEndNs;
  const j = jiffyNs(hz);
  return (Math.floor(batchEndNs / j + 1e-9) + sleepJ + 1) * j;
}
