/**
 * Fidelity targets a trace is known to miss, with the reason (docs/fidelity.md explains each).
 * Keys: trace name → target text as checkTargets() words it. A listed target that holds passes
 * as usual; an unlisted miss fails the suite. Remove entries as the simulator closes the gaps.
 */
const CHAIN_WALK =
  'the per-dup cost of chain walks is calibrated on 04 (reference machine: 6.0 s of ksmd CPU in pass 2); on our machine the same walks take about a third longer, so the real pass 2 lasts ~16 s instead of ~10 s';
const SLOWER_WAKEUPS =
  'on our machine ksmd runs 100/20 batches every ~25 ms instead of 24 ms (3980 pages/s against 4150 in the published traces and the simulation), even at load 1.3-2.3; over 40 s of short smart-scan passes that is 2 scans';
const ADVISOR_HOST_COST =
  'our recording host spends about twice the ksmd CPU per page of the reference machine the cost model is calibrated on (the same workload: 13 used 6/26/26 ticks in passes 1-3, s21 here 14/54/52); the scan-time advisor feeds that CPU share back into pages_to_scan, so from the 5th retune on (real 1860, simulated 2490) the rates diverge: 52 full scans against 104. With a 2x host the first 12 retunes match and 57-58 scans remain';
const STEP_PHASE =
  'same-value rewrites of dup pages empty dups one at a time and chains lose them in steps; the real run went 56 → 54 → 52 at 38.8-39.2 s, the simulation 56 → 54 at 34 s and no further before the end: which dup empties first depends on how the writes interleave with ksmd\'s re-merges, and the simulated scan runs ~4% faster than ksmd on our machine (see s24)';
const GUEST_CHAIN = 'the calibrated guest profile has no content for the 66th chain (3 dups) of the real guests';

export const KNOWN_DEVIATIONS: Record<string, Record<string, string>> = {
  s25_chain_20001_mps2: {
    'full_scans within 1': CHAIN_WALK,
    'mean |error| of pages_sharing ≤ 5% of its peak': CHAIN_WALK,
  },
  '11_mergeoff_mix': {
    'first merge within 10% of real time': 'the real ksmd stalled for ~0.4 s at t≈4.6 s (no pages scanned in one 200 ms sample): host noise',
  },
  s20_advisor_scan_time: {
    'full_scans within 1': ADVISOR_HOST_COST,
  },
  s24_uzp1_zero_writes: {
    'full_scans within 1': SLOWER_WAKEUPS,
  },
  s28_rate_writes: {
    'final pages_shared within 1%': STEP_PHASE,
    'final stable_node_dups within 1%': STEP_PHASE,
  },
  q1_4guests_mergeon: {
    'final stable_node_chains within 1%': GUEST_CHAIN,
  },
};
