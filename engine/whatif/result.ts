/**
 * The one machine-readable form of a what-if run (`samepage whatif --json`, the panel's JSON export),
 * described by schemas/whatif-result.schema.json. Versioned: fields are only ever added (optional,
 * by later features such as measured guests, sweep modes, controllers, per-guest figures); a change
 * that renames, removes or re-types a field bumps RESULT_SCHEMA_VERSION.
 */
import { KSM_COUNTERS, type KsmCounter, type SimResult } from '../sim/api';
import type { ControllerName } from '../knowledge/controllers';
import { generalProfitBytes, type GuestSavings } from './metrics';
import type { WhatIfRun } from './run';
import { MEASURED_PROFILE } from '../knowledge/guestProfiles';
import { controllerOf, type MeasuredStart, type Scenario } from './scenario';
import { savedBytesOf } from './summary';

export const RESULT_SCHEMA_VERSION = 1;
export const RESULT_KIND = 'samepage.whatif.result';

export type CounterRow = Record<KsmCounter, number> & {
  savedBytes: number;
  /** general_profit by the kernel's formula, also where the kernel lacks the counter (then general_profit reads 0). */
  generalProfitBytes?: number;
};

/** How the simulator ran: page-exact is the only mode so far; others are added, never renamed. */
export type SimulationMode = 'exact';

export interface WhatIfResultSummary {
  durationSeconds: number;
  savedBytes: number;
  peakSavedBytes: number;
  /** Seconds until 50% / 90% of the final saving was first reached; null when nothing is saved. */
  t50Seconds: number | null;
  t90Seconds: number | null;
  firstMergeSeconds: number | null;
  /** ksmd CPU in percent of one CPU: mean over the run and the highest sample. */
  ksmdCpuPercent: number;
  ksmdCpuPeakPercent: number;
  fullScans: number;
  unmergeNeedBytes: number;
  swapNeededBytes: number;
  cancelled: boolean;
  /** The result in words, as the CLI and the panel show it. */
  sentences: string[];
  /** The figures of engine/whatif/metrics.ts (added in 0.2; optional within schema 1). */
  generalProfitBytes?: number;
  ksmdCpuSeconds?: number;
  savedBytesPerCpuSecond?: number | null;
  settledSeconds?: number | null;
  zeroPageSavedBytes?: number;
}

export interface WhatIfResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  kind: typeof RESULT_KIND;
  /** The tool that produced it ("samepage X.Y.Z"). */
  producer: string;
  mode: SimulationMode;
  /** The resolved scenario that ran: feeding it back to `samepage whatif` reproduces the result. */
  scenario: Scenario;
  summary: WhatIfResultSummary;
  final: CounterRow;
  /** One row per sample, `t` in seconds since the start. */
  series: Array<{ t: number } & CounterRow>;
  /** What the scenario's source left out or assumed (variables not resolved, defaults taken). */
  notes: string[];
  /** The controller that drove the knobs. */
  controller?: ControllerName;
  /** Each guest at the end, as /proc/PID/ksm_stat and ksm_merging_pages show it. */
  perGuest?: GuestSavings[];
  /** Knob writes that changed a value or were refused (by ksmtuned, a controller or an event), and the count of all writes. */
  knobWrites?: SimResult['knobWrites'];
  knobWritesTotal?: number;
  /** A measured scenario: which guests and processes were measured, and where KSM started. */
  measurement?: MeasurementSummary;
}

export interface MeasurementSummary {
  source: 'live' | 'dump';
  startsFrom: MeasuredStart;
  /** Guests and processes whose pages come from the measurement. */
  measured: string[];
  assumed: string[];
}

export function measurementSummary(s: Scenario): MeasurementSummary | undefined {
  if (!s.measurement) return undefined;
  const measured = [...s.guests.filter((g) => g.profile === MEASURED_PROFILE).map((g) => g.name), ...(s.processes ?? []).map((p) => p.name)];
  return { source: s.measurement.source, startsFrom: s.measurement.startsFrom, measured, assumed: s.measurement.assumed ?? [] };
}

export function counterRow(sample: SimResult['samples'][number] | undefined, pageSize: number): CounterRow {
  const row = {} as CounterRow;
  for (const name of KSM_COUNTERS) row[name] = Number(sample?.ksm[name] ?? 0);
  row.savedBytes = sample ? savedBytesOf(sample, pageSize) : 0;
  row.generalProfitBytes = sample ? generalProfitBytes(sample, pageSize) : 0;
  return row;
}

const percent = (fraction: number) => Math.round(fraction * 1e6) / 1e4;

export function toWhatIfResult(run: WhatIfRun, producer: string, notes: string[] = []): WhatIfResult {
  const pageSize = run.scenario.host.pageSize;
  const samples = run.result.samples;
  const s = run.summary;
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    kind: RESULT_KIND,
    producer,
    mode: 'exact',
    scenario: run.scenario,
    summary: {
      durationSeconds: s.durationSeconds,
      savedBytes: s.savedBytes,
      peakSavedBytes: s.peakSavedBytes,
      t50Seconds: s.t50,
      t90Seconds: s.t90,
      firstMergeSeconds: s.firstMergeAt,
      ksmdCpuPercent: percent(s.ksmdCpuMean),
      ksmdCpuPeakPercent: percent(s.ksmdCpuMax),
      fullScans: s.fullScans,
      unmergeNeedBytes: s.unmergeNeedBytes,
      swapNeededBytes: s.swapNeededBytes,
      cancelled: run.result.cancelled,
      sentences: s.sentences,
      generalProfitBytes: s.metrics.generalProfitBytes,
      ksmdCpuSeconds: s.metrics.ksmdCpuSeconds,
      savedBytesPerCpuSecond: s.metrics.savedBytesPerCpuSecond,
      settledSeconds: s.metrics.settledSeconds,
      zeroPageSavedBytes: s.metrics.zeroPageSavedBytes,
    },
    final: counterRow(samples[samples.length - 1], pageSize),
    series: samples.map((sample) => ({ t: sample.t, ...counterRow(sample, pageSize) })),
    notes,
    controller: controllerOf(run.scenario),
    perGuest: s.metrics.perGuest,
    knobWrites: run.result.knobWrites,
    knobWritesTotal: run.result.knobWritesTotal,
    ...(run.scenario.measurement ? { measurement: measurementSummary(run.scenario) } : {}),
  };
}
