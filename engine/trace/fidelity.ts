import { describeDecision, ksmtunedDecisions, type TimedDecision } from './ksmtunedLog';
import { realRows, type Replay, type ReplayRow } from './replay';
import type { Trace } from './types';

/** Counters the fidelity report compares, in report order. */
export const FIDELITY_COUNTERS = [
  'pages_shared',
  'pages_sharing',
  'pages_unshared',
  'pages_volatile',
  'stable_node_chains',
  'stable_node_dups',
  'ksm_zero_pages',
  'full_scans',
  'pages_scanned',
  'pages_skipped',
  'general_profit',
] as const;

export interface CounterFidelity {
  counter: string;
  realFinal: number;
  simFinal: number;
  /** simFinal − realFinal. */
  finalError: number;
  /** |finalError| / |realFinal|; null when the real value is 0. */
  finalRelError: number | null;
  /** Mean over the recorded samples of |sim − real|. */
  meanAbsError: number;
  /** Largest |real| over the trace. */
  realPeak: number;
  /** meanAbsError / realPeak; null when the peak is 0. */
  meanAbsErrorOfPeak: number | null;
}

export interface KsmtunedFidelity {
  real: string[];
  sim: string[];
  identical: boolean;
  /** Largest time difference between matching decisions, seconds. */
  maxTimeError: number | null;
}

export interface TraceFidelity {
  trace: string;
  samples: number;
  counters: CounterFidelity[];
  /** Time of the first sample with pages_sharing > 0 or ksm_zero_pages > 0; null if none. */
  firstMerge: { real: number | null; sim: number | null };
  ksmtuned: KsmtunedFidelity | null;
}

export function traceFidelity(trace: Trace, replay: Replay): TraceFidelity {
  const real = realRows(trace);
  const sim = replay.rows;
  const counters: CounterFidelity[] = [];
  for (const counter of FIDELITY_COUNTERS) {
    if (typeof real[0]?.ksm[counter] !== 'number') continue;
    let sumAbs = 0;
    let peak = 0;
    for (let i = 0; i < real.length; i++) {
      const r = num(real[i], counter);
      sumAbs += Math.abs(num(sim[i], counter) - r);
      peak = Math.max(peak, Math.abs(r));
    }
    const realFinal = num(real[real.length - 1], counter);
    const simFinal = num(sim[sim.length - 1], counter);
    const mae = sumAbs / real.length;
    counters.push({
      counter,
      realFinal,
      simFinal,
      finalError: simFinal - realFinal,
      finalRelError: realFinal === 0 ? null : Math.abs(simFinal - realFinal) / Math.abs(realFinal),
      meanAbsError: mae,
      realPeak: peak,
      meanAbsErrorOfPeak: peak === 0 ? null : mae / peak,
    });
  }
  return {
    trace: trace.header.name,
    samples: real.length,
    counters,
    firstMerge: { real: firstMerge(real), sim: firstMerge(sim) },
    ksmtuned: ksmtunedFidelity(trace, replay),
  };
}

function num(row: ReplayRow | undefined, counter: string): number {
  const v = row?.ksm[counter];
  return typeof v === 'number' ? v : 0;
}

function firstMerge(rows: ReplayRow[]): number | null {
  for (const r of rows) if (num(r, 'pages_sharing') > 0 || num(r, 'ksm_zero_pages') > 0) return r.t;
  return null;
}

function ksmtunedFidelity(trace: Trace, replay: Replay): KsmtunedFidelity | null {
  const logs = trace.events.flatMap((e) => (e.action === 'log' ? [{ t: e.t, line: e.line }] : []));
  if (logs.length === 0 && !replay.config.ksmtuned) return null;
  const real = ksmtunedDecisions(logs);
  // Only decisions within the recorded span count: the real loop was stopped at the trace's end.
  const end = trace.samples[trace.samples.length - 1].t;
  const sim = ksmtunedDecisions(replay.result.ksmtunedLog).filter((d) => d.t <= end + 0.5);
  const realText = real.map((d) => describeDecision(d.decision));
  const simText = sim.map((d) => describeDecision(d.decision));
  const identical = realText.length === simText.length && realText.every((x, i) => x === simText[i]);
  return { real: realText, sim: simText, identical, maxTimeError: identical ? maxTimeError(real, sim) : null };
}

function maxTimeError(a: TimedDecision[], b: TimedDecision[]): number | null {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i].t - b[i].t));
  return a.length > 0 ? max : null;
}

/** One checked fidelity target: what it demands, whether it holds, and the numbers. */
export interface TargetCheck {
  target: string;
  ok: boolean;
  detail: string;
}

const EXACT_WITHIN_1PCT = ['pages_shared', 'pages_sharing', 'stable_node_chains', 'stable_node_dups', 'ksm_zero_pages'];

/** The targets of issue 6 item 6, checked against one trace's fidelity. */
export function checkTargets(f: TraceFidelity): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const by = new Map(f.counters.map((c) => [c.counter, c]));
  for (const name of EXACT_WITHIN_1PCT) {
    const c = by.get(name);
    if (!c) continue;
    checks.push({
      target: `final ${name} within 1%`,
      ok: Math.abs(c.finalError) <= 0.01 * Math.abs(c.realFinal),
      detail: `real ${c.realFinal}, sim ${c.simFinal}`,
    });
  }
  const scans = by.get('full_scans');
  if (scans) checks.push({ target: 'full_scans within 1', ok: Math.abs(scans.finalError) <= 1, detail: `real ${scans.realFinal}, sim ${scans.simFinal}` });
  const { real, sim } = f.firstMerge;
  checks.push({
    target: 'first merge within 10% of real time',
    ok: real === null ? sim === null : sim !== null && Math.abs(sim - real) <= 0.1 * real,
    detail: `real ${fmtT(real)}, sim ${fmtT(sim)}`,
  });
  const sharing = by.get('pages_sharing');
  if (sharing) {
    checks.push({
      target: 'mean |error| of pages_sharing ≤ 5% of its peak',
      ok: sharing.realPeak === 0 ? sharing.meanAbsError === 0 : sharing.meanAbsError <= 0.05 * sharing.realPeak,
      detail: sharing.meanAbsErrorOfPeak === null ? `peak 0, mean error ${sharing.meanAbsError.toFixed(1)}` : `${(100 * sharing.meanAbsErrorOfPeak).toFixed(2)}% of peak ${sharing.realPeak}`,
    });
  }
  if (f.ksmtuned) {
    checks.push({
      target: 'ksmtuned decisions and writes identical',
      ok: f.ksmtuned.identical,
      detail: f.ksmtuned.identical ? `${f.ksmtuned.real.length} identical` : `real [${f.ksmtuned.real.join('; ')}] sim [${f.ksmtuned.sim.join('; ')}]`,
    });
  }
  return checks;
}

function fmtT(t: number | null): string {
  return t === null ? 'none' : `${t.toFixed(2)} s`;
}
