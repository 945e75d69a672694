/** A host view for controller tests: MemTotal, MemFree / MemAvailable and the knobs in force. */
import type { KsmCounters, KsmKnobs } from '../../../../engine/sim/api';
import type { ControllerHostView, ControllerProcessView } from '../../../../engine/sim/controllers/types';
import { knobDefaults } from '../../../../engine/knowledge/knobs';

export function hostView(o: { totalKb: number; freeKb: number; cachedKb?: number; availableKb?: number; ksm?: Partial<KsmCounters & KsmKnobs>; processes?: ControllerProcessView[] }): ControllerHostView {
  const counters = { pages_shared: 0, pages_sharing: 0, pages_unshared: 0, pages_volatile: 0, full_scans: 0, stable_node_chains: 0, stable_node_dups: 0, ksm_zero_pages: 0, general_profit: 0, pages_scanned: 0, pages_skipped: 0 };
  const cached = o.cachedKb ?? 0;
  return {
    memTotalKb: o.totalKb,
    memFreeKb: o.freeKb,
    buffersKb: 0,
    cachedKb: cached,
    memAvailableKb: o.availableKb ?? o.freeKb + cached,
    ksm: { ...counters, ...(knobDefaults() as unknown as KsmKnobs), ...o.ksm } as KsmCounters & KsmKnobs,
    processes: o.processes ?? [],
  };
}
