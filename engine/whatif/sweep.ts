/**
 * `samepage sweep`: a scenario run at every point of a cross product of settings. This file is the
 * pure part (parsing --vary, the points, one row per run, CSV); the CLI spreads the points over
 * worker threads. A point's row depends only on its scenario, so the rows are the same whatever
 * the number of workers.
 */
import { SetError, setScenarioValue } from './setValue';
import type { WhatIfRun } from './run';
import { savedBytesOf } from './summary';

export interface Vary {
  key: string;
  values: string[];
}

/** At most this many points in one sweep (the cross product is checked before anything runs). */
export const MAX_SWEEP_POINTS = 10_000;

/** `KEY=V1,V2,...` → the key and its values (the key as `--set` takes it). */
export function parseVary(text: string): Vary {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new SetError(`--vary takes KEY=V1,V2,..., not '${text.slice(0, 60)}'`);
  const key = text.slice(0, eq);
  const values = text.slice(eq + 1).split(',');
  if (values.some((v) => v.length === 0)) throw new SetError(`--vary ${key}: empty value in '${text.slice(eq + 1, eq + 61)}'`);
  if (new Set(values).size !== values.length) throw new SetError(`--vary ${key}: a value is listed twice`);
  return { key, values };
}

export interface SweepPoint {
  /** The varied settings of this point, by key, as given. */
  varied: Record<string, string>;
  /** The scenario (unvalidated JSON) with those settings applied. */
  scenario: unknown;
}

/** The cross product, first --vary outermost. Every assignment goes through setScenarioValue. */
export function sweepPoints(base: unknown, varies: readonly Vary[]): SweepPoint[] {
  const keys = new Set<string>();
  for (const v of varies) {
    if (keys.has(v.key)) throw new SetError(`--vary ${v.key} is given twice`);
    keys.add(v.key);
  }
  const total = varies.reduce((n, v) => n * v.values.length, 1);
  if (total > MAX_SWEEP_POINTS) throw new SetError(`the sweep has ${total} points; at most ${MAX_SWEEP_POINTS}`);
  let points: SweepPoint[] = [{ varied: {}, scenario: base }];
  for (const v of varies) {
    points = points.flatMap((p) => v.values.map((value) => ({ varied: { ...p.varied, [v.key]: value }, scenario: setScenarioValue(p.scenario, `${v.key}=${value}`) })));
  }
  return points;
}

/** What a sweep or a tuning search keeps of one run: the numbers, no series. */
export interface PointMetrics {
  savedBytes: number;
  t50Seconds: number | null;
  t90Seconds: number | null;
  /** ksmd CPU in percent of one CPU: mean over the run and the highest sample. */
  ksmdCpuPercent: number;
  ksmdCpuPeakPercent: number;
  generalProfitBytes: number;
  settledSeconds: number | null;
  cancelled: boolean;
  /** With a target: the first time the saving reached it (null: never). */
  reachSeconds?: number | null;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function pointMetrics(run: WhatIfRun, reachBytes?: number): PointMetrics {
  const s = run.summary;
  const pageSize = run.scenario.host.pageSize;
  const reach = reachBytes === undefined ? {} : { reachSeconds: run.result.samples.find((x) => savedBytesOf(x, pageSize) >= reachBytes)?.t ?? null };
  return {
    ...reach,
    savedBytes: s.savedBytes,
    t50Seconds: s.t50,
    t90Seconds: s.t90,
    ksmdCpuPercent: round4(s.ksmdCpuMean * 100),
    ksmdCpuPeakPercent: round4(s.ksmdCpuMax * 100),
    generalProfitBytes: s.metrics.generalProfitBytes,
    settledSeconds: s.metrics.settledSeconds,
    cancelled: run.result.cancelled,
  };
}

export type SweepRow = { varied: Record<string, string> } & PointMetrics;

const METRIC_COLUMNS = ['savedBytes', 't50Seconds', 't90Seconds', 'ksmdCpuPercent', 'ksmdCpuPeakPercent', 'generalProfitBytes', 'settledSeconds'] as const;

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function sweepCsv(varies: readonly Vary[], rows: readonly SweepRow[]): string {
  const lines = [[...varies.map((v) => csvCell(v.key)), ...METRIC_COLUMNS].join(',')];
  for (const r of rows) lines.push([...varies.map((v) => csvCell(r.varied[v.key])), ...METRIC_COLUMNS.map((c) => (r[c] === null ? '' : String(r[c])))].join(','));
  return lines.join('\n') + '\n';
}

/** A fixed-width table for the terminal. */
export function sweepTable(varies: readonly Vary[], rows: readonly SweepRow[]): string {
  const GiB = 2 ** 30;
  const t = (x: number | null) => (x === null ? '-' : `${Math.round(x)} s`);
  const header = [...varies.map((v) => v.key), 'saved', 't50', 't90', 'cpu avg', 'cpu peak', 'general_profit'];
  const body = rows.map((r) => [
    ...varies.map((v) => r.varied[v.key]),
    `${(r.savedBytes / GiB).toFixed(2)} GiB`,
    t(r.t50Seconds),
    t(r.t90Seconds),
    `${r.ksmdCpuPercent.toFixed(1)}%`,
    `${r.ksmdCpuPeakPercent.toFixed(1)}%`,
    `${(r.generalProfitBytes / GiB).toFixed(2)} GiB`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  return [header, ...body].map((cells) => cells.map((c, i) => (i < varies.length ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n') + '\n';
}
