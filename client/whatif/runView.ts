/** A finished run as the webview shows it: the summary's words and the plotted columns. */
import type { WhatIfRun } from '../../engine/whatif/run';
import { generalProfitBytes } from '../../engine/whatif/metrics';
import { MAX_GUESTS_SHOWN, MAX_KNOB_WRITES, type RunView } from '../webview/protocol';

const GiB_KB = 2 ** 20;

export function toRunView(run: WhatIfRun, label: string): RunView {
  const pageSize = run.scenario.host.pageSize;
  const s = run.result.samples;
  const round = (x: number, digits = 4) => Number(x.toFixed(digits));
  return {
    label,
    scenario: run.scenario,
    sentences: run.summary.sentences,
    savedGiB: round(run.summary.savedGiB),
    t50: run.summary.t50,
    t90: run.summary.t90,
    ksmdCpuMeanPercent: round(run.summary.ksmdCpuMean * 100, 2),
    thresGiB: run.summary.ksmtuned.thresKb === null ? null : round(run.summary.ksmtuned.thresKb / GiB_KB),
    knobWrites: run.result.knobWrites.slice(0, MAX_KNOB_WRITES).map((w) => ({ ...w, t: round(w.t, 3), value: w.value.slice(0, 64), ...(w.error ? { error: w.error.slice(0, 300) } : {}) })),
    series: {
      t: s.map((x) => x.t),
      savedGiB: s.map((x) => round(((x.ksm.pages_sharing + (x.ksm.ksm_zero_pages ?? 0)) * pageSize) / 2 ** 30)),
      pages_shared: s.map((x) => x.ksm.pages_shared),
      pages_sharing: s.map((x) => x.ksm.pages_sharing),
      pages_unshared: s.map((x) => x.ksm.pages_unshared),
      pages_volatile: s.map((x) => x.ksm.pages_volatile),
      pages_to_scan: s.map((x) => x.ksm.pages_to_scan),
      ksmdCpuPercent: s.map((x) => round(x.ksmdCpu * 100, 2)),
      freeGiB: s.map((x) => round((x.mem.MemFree + x.mem.Cached) / GiB_KB)),
      generalProfitGiB: s.map((x) => round(generalProfitBytes(x, pageSize) / 2 ** 30)),
    },
    figures: {
      ...run.summary.metrics,
      perGuest: run.summary.metrics.perGuest.slice(0, MAX_GUESTS_SHOWN).map((g) => ({ ...g, name: g.name.slice(0, 64) })),
      perGuestTotal: run.summary.metrics.perGuest.length,
    },
  };
}
