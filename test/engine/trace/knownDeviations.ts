/**
 * Fidelity targets a trace is known to miss, with the reason (docs/fidelity.md explains each).
 * Keys: trace name → target text as checkTargets() words it. A listed target that holds passes
 * as usual; an unlisted miss fails the suite. Remove entries as the simulator closes the gaps.
 */
const ADVISOR_CPU_PERCENT =
  'the scan-time advisor retunes pages_to_scan from ksmd\'s CPU share as a whole percent; on short passes that is the CPU in ms / 10, and the real fast passes cost 40-59 ms, landing on 4 or 5 from pass to pass (visible in its retunes: 1289 → 2570 is 5, 963 → 2400 is 4). Each 4/5 flip moves the next pages_to_scan by 25% and the runs drift apart until both settle in the same 9-pass cycle; the real run got there 1.3 s later and ended at 63 scans, the replay with the calibrated host cost (9600 ns) at 61, and costs of 9000-10000 ns give 59-66';
const GUEST_LAYOUT =
  'the final counters match (66/66 chains, 676/677 dups, sharing +0.15%), but how much pass 2 merges depends on where the guests\' zero pages and THPs lie in guest-physical memory (a stale zero node in the unstable tree blocks searches), which is arbitrary; over 8 shuffles of the profile the MAE ranged 0.75-13.4% (median 5.4%, 4 of 8 under 5%); the fixed shuffle gives 5.9%';

export const KNOWN_DEVIATIONS: Record<string, Record<string, string>> = {
  '11_mergeoff_mix': {
    'first merge within 10% of real time': 'the real ksmd stalled for ~0.4 s at t≈4.6 s (no pages scanned in one 200 ms sample): host noise',
  },
  s20_advisor_scan_time: {
    'full_scans within 1': ADVISOR_CPU_PERCENT,
  },
  q1_4guests_mergeon: {
    'mean |error| of pages_sharing ≤ 5% of its peak': GUEST_LAYOUT,
  },
};
