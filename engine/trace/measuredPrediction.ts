/**
 * The proof of the measured what-if: a recording whose processes were measured while KSM was off
 * (record.py's before_t0 runs `samepage measure`), then merged by the real ksmd. The prediction
 * uses the measured scenario alone; from the recording it takes only what the experiment did (KSM
 * switched on at t=0, how long it watched, how often it sampled), never a counter.
 */
import type { Measurement } from '../measure/format';
import type { SimConfig, SimResult } from '../sim/api';
import { scenarioToSimConfig } from '../whatif/toSimConfig';
import type { Scenario } from '../whatif/scenario';
import type { Trace } from './types';

/** Targets of issue 11: final counters within 5%, first merge and time to 90% of the final sharing within 25%. */
export const MEASURED_TARGETS = { finalCounters: 0.05, timing: 0.25 } as const;

export interface Milestones {
  pagesShared: number;
  pagesSharing: number;
  /** First sample with pages_sharing or ksm_zero_pages above 0; null if none. */
  firstMergeSeconds: number | null;
  /** First sample with pages_sharing at 90% of its final value or more; null if nothing merges. */
  t90Seconds: number | null;
}

export interface MeasuredComparison {
  trace: string;
  real: Milestones;
  predicted: Milestones;
  /** |predicted − real| / real per milestone (null where the real value is 0 or absent). */
  errors: Record<keyof Milestones, number | null>;
  ok: boolean;
}

interface CounterPoint {
  t: number;
  pagesShared: number;
  pagesSharing: number;
  zeroPages: number;
}

export function milestones(points: CounterPoint[]): Milestones {
  const last = points[points.length - 1];
  const final = last?.pagesSharing ?? 0;
  const first = points.find((p) => p.pagesSharing > 0 || p.zeroPages > 0);
  const t90 = final > 0 ? points.find((p) => p.pagesSharing >= 0.9 * final) : undefined;
  return { pagesShared: last?.pagesShared ?? 0, pagesSharing: final, firstMergeSeconds: first?.t ?? null, t90Seconds: t90?.t ?? null };
}

function traceMilestones(trace: Trace): Milestones {
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  return milestones(trace.samples.map((s) => ({ t: s.t, pagesShared: n(s.ksm.pages_shared), pagesSharing: n(s.ksm.pages_sharing), zeroPages: n(s.ksm.ksm_zero_pages) })));
}

/**
 * The simulator input for predicting a recording from its measured scenario: KSM on at t=0 with
 * the knobs the measurement read, for as long as the recording ran.
 */
export function measuredPredictionConfig(trace: Trace, scenario: Scenario, measurement: Measurement, perPageCostNs?: number): SimConfig {
  const s: Scenario = {
    ...scenario,
    knobs: { ...scenario.knobs, run: 1 },
    host: perPageCostNs === undefined ? scenario.host : { ...scenario.host, perPageCostNs },
    durationSeconds: trace.header.durationSeconds,
    sampleIntervalSeconds: trace.header.intervalMs / 1000,
  };
  return scenarioToSimConfig(s, measurement);
}

export function compareMeasured(trace: Trace, result: SimResult): MeasuredComparison {
  const real = traceMilestones(trace);
  const predicted = milestones(result.samples.map((s) => ({ t: s.t, pagesShared: s.ksm.pages_shared, pagesSharing: s.ksm.pages_sharing, zeroPages: s.ksm.ksm_zero_pages })));
  const rel = (p: number | null, r: number | null) => (p === null || r === null || r === 0 ? null : Math.abs(p - r) / r);
  const errors = {
    pagesShared: rel(predicted.pagesShared, real.pagesShared),
    pagesSharing: rel(predicted.pagesSharing, real.pagesSharing),
    firstMergeSeconds: rel(predicted.firstMergeSeconds, real.firstMergeSeconds),
    t90Seconds: rel(predicted.t90Seconds, real.t90Seconds),
  };
  const within = (e: number | null, limit: number, realValue: number | null, predictedValue: number | null) => (e === null ? realValue === predictedValue : e <= limit);
  const ok =
    within(errors.pagesShared, MEASURED_TARGETS.finalCounters, real.pagesShared, predicted.pagesShared) &&
    within(errors.pagesSharing, MEASURED_TARGETS.finalCounters, real.pagesSharing, predicted.pagesSharing) &&
    within(errors.firstMergeSeconds, MEASURED_TARGETS.timing, real.firstMergeSeconds, predicted.firstMergeSeconds) &&
    within(errors.t90Seconds, MEASURED_TARGETS.timing, real.t90Seconds, predicted.t90Seconds);
  return { trace: trace.header.name, real, predicted, errors, ok };
}
