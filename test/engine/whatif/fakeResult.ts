import { KSM_COUNTERS, type KsmCounters, type KsmKnobs, type SimResult, type SimSample } from '../../../engine/sim/api';

/** A hand-made SimResult: pages_sharing rises linearly to `finalSharing` between `from` and `to`. */
export function fakeResult(opts: { samples: number; interval: number; finalSharing: number; from: number; to: number; log?: SimResult['ksmtunedLog'] }): SimResult {
  const samples: SimSample[] = [];
  for (let i = 0; i <= opts.samples; i++) {
    const t = i * opts.interval;
    const f = t <= opts.from ? 0 : t >= opts.to ? 1 : (t - opts.from) / (opts.to - opts.from);
    const counters = Object.fromEntries(KSM_COUNTERS.map((c) => [c, 0])) as KsmCounters;
    counters.pages_sharing = Math.round(opts.finalSharing * f);
    counters.pages_shared = Math.round(counters.pages_sharing / 100);
    counters.full_scans = Math.floor(t / 60);
    const knobs = { run: 1, pages_to_scan: 1250, sleep_millisecs: 10 } as KsmKnobs;
    samples.push({
      t,
      ksm: { ...counters, ...knobs },
      mem: { MemTotal: 131809228, MemFree: 90_000_000 + counters.pages_sharing * 4, Cached: 1_000_000, AnonPages: 0, AnonHugePages: 0 },
      ksmdCpu: f > 0 && f < 1 ? 0.3 : 0.05,
      procs: {},
    });
  }
  return { samples, knobWrites: [], knobWritesTotal: 0, ksmtunedLog: opts.log ?? [], examinedPages: 0, cancelled: false };
}
