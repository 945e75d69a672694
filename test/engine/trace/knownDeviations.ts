/**
 * Fidelity targets a trace is known to miss, with the reason (docs/fidelity.md explains each).
 * Keys: trace name → target text as checkTargets() words it. A listed target that holds passes
 * as usual; an unlisted miss fails the suite. Remove entries as the simulator closes the gaps.
 */
const ADVISOR_CPU_PERCENT =
  'the real kernel does not repeat itself here: three quiet recordings of this spec on one machine ended at 63, 49 and 49 full scans (their 4th retunes: 1289, 747, 747). The scan-time advisor retunes pages_to_scan from ksmd\'s CPU share as a whole percent; after a pass under a second that is the CPU in ms / 10, and the real short passes cost 40-59 ms, landing on 4 or 5 from pass to pass; each flip moves the next pages_to_scan by 25%. The replay (calibrated host cost, 9600 ns) ends at 61, inside the real spread; advisorRepeats.test.ts holds it there';
const GUEST_LAYOUT =
  'the final counters match (66/66 chains, 676/677 dups, sharing +0.15%), but how much pass 2 merges depends on where the guests\' zero pages and THPs lie in guest-physical memory (a stale zero node in the unstable tree blocks searches), which is arbitrary; over 8 shuffles of the profile the MAE ranged 0.75-13.4% (median 5.4%, 4 of 8 under 5%); the fixed shuffle gives 5.9%';

export const KNOWN_DEVIATIONS: Record<string, Record<string, string>> = {
  '11_mergeoff_mix': {
    'first merge within 10% of real time': 'the real ksmd stalled for ~0.4 s at t≈4.6 s (no pages scanned in one 200 ms sample): host noise',
  },
  s20_advisor_scan_time: {
    'full_scans within 1': ADVISOR_CPU_PERCENT,
  },
  s20_advisor_scan_time_r2: {
    'full_scans within 1': ADVISOR_CPU_PERCENT,
  },
  s20_advisor_scan_time_r3: {
    'full_scans within 1': ADVISOR_CPU_PERCENT,
  },
  q1_4guests_mergeon: {
    'mean |error| of pages_sharing ≤ 5% of its peak': GUEST_LAYOUT,
  },
};
