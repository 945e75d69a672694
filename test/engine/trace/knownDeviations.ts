/**
 * Fidelity targets a trace is known to miss, with the reason (docs/fidelity.md explains each).
 * Keys: trace name → target text as checkTargets() words it. A listed target that holds passes
 * as usual; an unlisted miss fails the suite. Remove entries as the simulator closes the gaps.
 */
const CHAIN_WALK =
  'the per-dup cost of chain walks is calibrated on 04 (reference machine: 6.0 s of ksmd CPU in pass 2); on our machine the same walks took 8.0 s, so the real pass 2 ran 16.6 s instead of 10.4 s';
const LOADED_HOST = 'recorded while other jobs loaded both CPUs (load 2-6): real ksmd batches took 26-28 ms instead of 24 ms';
const STEP_PHASE =
  'while dup pages are rewritten, chains drop dups in steps (56 → 54 → 52); the same step comes in the simulation too, but ~5 s earlier because the loaded host (load 4-5) ran ksmd ~3% slower, so the last sample falls on a different step';
const BLOCKED_UNSTABLE_TREE =
  'after the first THP split the unstable tree root maps the zero page, and the kernel gives up every search through it without inserting, so nothing merged in pass 2; the simulator finds unstable partners by content and does not model the blocked search path (plus load 14-19 while recording)';
const GUEST_CHAIN = 'the calibrated guest profile has no content for the 66th chain (3 dups) of the real guests';
const FLAT_PAGE_COST =
  'the simulator charges 5 µs for every examined page, so 1000-page batches take 7 jiffies; the real first pass (checksum-only visits) ran 1000-page batches in 24.5 ms';

export const KNOWN_DEVIATIONS: Record<string, Record<string, string>> = {
  s25_chain_20001_mps2: {
    'full_scans within 1': CHAIN_WALK,
    'mean |error| of pages_sharing ≤ 5% of its peak': CHAIN_WALK,
  },
  '11_mergeoff_mix': {
    'first merge within 10% of real time': 'the real ksmd stalled for ~0.4 s at t≈4.6 s (no pages scanned in one 200 ms sample): host noise',
  },
  s20_advisor_scan_time: {
    'mean |error| of pages_sharing ≤ 5% of its peak': LOADED_HOST,
    'full_scans within 1': LOADED_HOST,
    'first merge within 10% of real time': LOADED_HOST,
  },
  s24_uzp1_zero_writes: {
    'full_scans within 1': LOADED_HOST,
  },
  s27_thp_zero_split: {
    'full_scans within 1': BLOCKED_UNSTABLE_TREE,
    'first merge within 10% of real time': BLOCKED_UNSTABLE_TREE,
    'mean |error| of pages_sharing ≤ 5% of its peak': BLOCKED_UNSTABLE_TREE,
  },
  s28_rate_writes: {
    'final pages_shared within 1%': STEP_PHASE,
    'final stable_node_dups within 1%': STEP_PHASE,
  },
  q1_4guests_mergeon: {
    'final stable_node_chains within 1%': GUEST_CHAIN,
    'first merge within 10% of real time': FLAT_PAGE_COST,
  },
};
