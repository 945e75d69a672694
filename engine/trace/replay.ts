import type { SimConfig, SimOptions, SimResult, SimSample } from '../sim/api';
import { traceToSimConfig, type ReplayOptions } from './traceToConfig';
import { CUMULATIVE_COUNTERS, type Trace } from './types';

export type Simulate = (config: SimConfig, options?: SimOptions) => SimResult | Promise<SimResult>;

/** One replayed sample: counters by the trace's names, cumulative ones as deltas from t=0. */
export interface ReplayRow {
  t: number;
  ksm: Record<string, number | string>;
}

export interface Replay {
  config: SimConfig;
  result: SimResult;
  /** One row per recorded sample time. */
  rows: ReplayRow[];
}

/** Simulates a trace's setup and reads the simulation at every recorded sample time. */
export async function replayTrace(trace: Trace, simulate: Simulate, options: ReplayOptions = {}, simOptions?: SimOptions): Promise<Replay> {
  const config = traceToSimConfig(trace, options);
  const result = await simulate(config, simOptions);
  const names = Object.keys(trace.samples[0].ksm);
  const rows = trace.samples.map((s) => ({ t: s.t, ksm: rowAt(result.samples, s.t, names) }));
  return { config, result, rows };
}

/** The recorded counters as deltas where cumulative, matching replay rows and summary.delta. */
export function realRows(trace: Trace): ReplayRow[] {
  const base = trace.header.baselineCounters;
  return trace.samples.map((s) => {
    const ksm: Record<string, number | string> = { ...s.ksm };
    for (const c of CUMULATIVE_COUNTERS) {
      if (typeof ksm[c] === 'number' && typeof base[c] === 'number') ksm[c] = (ksm[c] as number) - (base[c] as number);
    }
    return { t: s.t, ksm };
  });
}

function rowAt(samples: SimSample[], t: number, names: string[]): Record<string, number | string> {
  const s = nearest(samples, t);
  const out: Record<string, number | string> = {};
  if (!s) return out;
  const ksm = s.ksm as unknown as Record<string, number | string>;
  for (const name of names) if (name in ksm) out[name] = ksm[name];
  return out;
}

/** The simulated sample closest in time (samples are in time order). */
function nearest(samples: SimSample[], t: number): SimSample | undefined {
  let lo = 0;
  let hi = samples.length - 1;
  if (hi < 0) return undefined;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(samples[lo - 1].t - t) <= Math.abs(samples[lo].t - t)) return samples[lo - 1];
  return samples[lo];
}
