/**
 * Fidelity targets a trace is known to miss, with the reason (docs/fidelity.md explains each).
 * Keys: trace name → target text as checkTargets() words it. A listed target that holds passes
 * as usual; an unlisted miss fails the suite. Remove entries as the simulator closes the gaps.
 */
const CHAIN_WALK = 'ksmd CPU for walking long stable_node chains (mps=2: every lookup visits all dups) is not modelled; the real scan 2 ran at ~900 pages/s';
const LOADED_HOST = 'recorded while other jobs loaded both CPUs (load 2-6): real ksmd batches took 26-28 ms instead of 24 ms';
const VERY_LOADED_HOST = 'recorded at load 18 on 2 vCPUs: the real ksmd ran ~25% slower than the model (scan 1 took 6.2 s instead of 4.8 s), which also moves the COW writes relative to the scan';
const THP_SPLIT_ZERO =
  'on a THP split the kernel maps all-zero subpages to the shared zero page (they vanish; none merge), and such a stale node in the unstable tree makes every search through it give up without inserting, so scan 2 merged nothing; the simulator does neither yet';
const GUEST = 'THP split does not yet remap zero subpages to the shared zero page in the simulator; guest-OS part of RAM is a calibrated profile';

export const KNOWN_DEVIATIONS: Record<string, Record<string, string>> = {
  '04_chain_1x20000_mps2': {
    'full_scans within 1': CHAIN_WALK,
    'mean |error| of pages_sharing ≤ 5% of its peak': CHAIN_WALK,
  },
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
    'final pages_shared within 1%': THP_SPLIT_ZERO,
    'final pages_sharing within 1%': THP_SPLIT_ZERO,
    'final stable_node_chains within 1%': THP_SPLIT_ZERO,
    'final stable_node_dups within 1%': THP_SPLIT_ZERO,
    'full_scans within 1': THP_SPLIT_ZERO,
    'first merge within 10% of real time': THP_SPLIT_ZERO,
    'mean |error| of pages_sharing ≤ 5% of its peak': THP_SPLIT_ZERO,
  },
  s28_rate_writes: {
    'final pages_shared within 1%': VERY_LOADED_HOST,
    'final stable_node_dups within 1%': VERY_LOADED_HOST,
    'full_scans within 1': VERY_LOADED_HOST,
    'first merge within 10% of real time': VERY_LOADED_HOST,
    'mean |error| of pages_sharing ≤ 5% of its peak': VERY_LOADED_HOST,
  },
  q1_4guests_mergeon: {
    'final pages_shared within 1%': GUEST,
    'final pages_sharing within 1%': GUEST,
    'final stable_node_chains within 1%': GUEST,
    'final stable_node_dups within 1%': GUEST,
    'full_scans within 1': GUEST,
    'first merge within 10% of real time': GUEST,
    'mean |error| of pages_sharing ≤ 5% of its peak': GUEST,
  },
};
