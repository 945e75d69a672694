/** The machine-readable forms of a run: the CLI's --json object and a CSV of the plotted series. */
import { KSM_COUNTERS, type KsmCounter, type SimResult } from '../sim/api';
import { savedBytesOf } from './summary';

export type CounterRow = Record<KsmCounter, number> & { savedBytes: number };

export interface WhatIfJson {
  final: CounterRow;
  series: Array<{ t: number } & CounterRow>;
}

function counters(sample: SimResult['samples'][number], pageSize: number): CounterRow {
  const row = {} as CounterRow;
  for (const name of KSM_COUNTERS) row[name] = Number(sample.ksm[name] ?? 0);
  row.savedBytes = savedBytesOf(sample, pageSize);
  return row;
}

export function toWhatIfJson(result: SimResult, pageSize: number): WhatIfJson {
  const series = result.samples.map((s) => ({ t: s.t, ...counters(s, pageSize) }));
  const last = result.samples[result.samples.length - 1];
  const final = last ? counters(last, pageSize) : ({ ...Object.fromEntries(KSM_COUNTERS.map((c) => [c, 0])), savedBytes: 0 } as CounterRow);
  return { final, series };
}

export const CSV_COLUMNS = ['t', ...KSM_COUNTERS, 'savedBytes', 'pages_to_scan', 'sleep_millisecs', 'run', 'ksmdCpu', 'MemFree', 'Cached'] as const;

export function toCsv(result: SimResult, pageSize: number): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const s of result.samples) {
    const row = counters(s, pageSize);
    lines.push(
      [s.t, ...KSM_COUNTERS.map((c) => row[c]), row.savedBytes, s.ksm.pages_to_scan, s.ksm.sleep_millisecs, s.ksm.run, Number(s.ksmdCpu.toFixed(6)), s.mem.MemFree, s.mem.Cached].join(','),
    );
  }
  return lines.join('\n') + '\n';
}
