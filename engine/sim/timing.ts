/**
 * ksmd's clock (ksm-spec §2.2 and the groundtruth README's rate measurements). A batch runs for
 * examined × perPageCost; then ksmd sleeps msecs_to_jiffies(sleep_millisecs) jiffies counted from
 * the jiffy in which the batch ended, and the timer fires one tick later. So a batch period is
 * (floor(work / jiffy) + ceil(sleep / jiffy) + 1) jiffies, which reproduces 24 ms at 100/20,
 * 16 ms at 100/10, 56 ms at 100/50, 28 ms at 1000/20 and 20 ms at 1250/10 with HZ=250. With
 * sleep_millisecs=0 ksmd does not sleep: it is CPU-bound.
 */

/** Fixed cost of one wake-up (locking, the loop), so a busy ksmd with nothing to do still advances. */
export const BATCH_OVERHEAD_NS = 2_000;
/** Walking past a page that smart scan skips: a page-table step, no checksum or tree work. */
export const SKIP_COST_NS = 100;
/**
 * Default cost of an examined page that searches the trees (HostSpec.perPageCostNs): 14_rate_sweep
 * at sleep 0, unique pages searched and inserted in a 100 000-node unstable tree, gave ≈200 k
 * pages/s on one CPU (≈5 µs per page; 5.3 µs at 5000/20 from ksmd's CPU ticks).
 */
export const DEFAULT_PER_PAGE_COST_NS = 5_000;
/**
 * An examined page that searches no tree (a first visit or a changed checksum: a new rmap_item and
 * a checksum; or a page merged already, found by its stable node) costs this fraction of
 * perPageCostNs. 01_gate_default's steady state (20000 merged pages, 4150 pages/s) cost ksmd about
 * one tick per 4 s (≈0.6 µs per visit); 14_rate_sweep's
 * first pass (100 000 first visits, smart_scan=0) cost ksmd 8 clock ticks (0.08 s, wake-ups
 * included): ≈0.8 µs per page, against 5 µs for a tree visit. (q1's first pass, 1000-page batches
 * every 24 ms, needs < 4 µs.)
 */
export const CHECKSUM_COST_FRACTION = 0.16;
/**
 * A chain walk looks up every dup's KSM page. 04_chain_1x20000_mps2 (no dup ever has room, so
 * every lookup walks the whole chain) spent ≈6 s of ksmd CPU on ≈1.5·10^8 dup visits in its
 * second pass: ≈40 ns each, 0.8 % of the per-page cost on that machine.
 */
export const DUP_VISIT_COST_FRACTION = 0.008;

export function msecsToJiffies(ms: number, hz: number): number {
  return Math.ceil((ms * hz) / 1000);
}

export function jiffyNs(hz: number): number {
  return 1e9 / hz;
}

/** CPU time of a batch in ns; treeVisits of the examined pages searched the trees (default: all). */
export function batchWorkNs(examined: number, skipped: number, perPageCostNs: number, dupVisits = 0, treeVisits = examined): number {
  const cheap = examined - treeVisits;
  return (
    BATCH_OVERHEAD_NS +
    treeVisits * perPageCostNs +
    cheap * perPageCostNs * CHECKSUM_COST_FRACTION +
    skipped * SKIP_COST_NS +
    dupVisits * perPageCostNs * DUP_VISIT_COST_FRACTION
  );
}

/** When ksmd wakes for its next batch, given when the current batch ended (ns). */
export function nextWakeNs(batchEndNs: number, sleepMs: number, hz: number): number {
  const sleepJ = msecsToJiffies(sleepMs, hz);
  if (sleepJ === 0) return batchEndNs;
  const j = jiffyNs(hz);
  return (Math.floor(batchEndNs / j + 1e-9) + sleepJ + 1) * j;
}
