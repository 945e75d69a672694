/** The CSV of a run's plotted series. Its columns are part of the result schema (schemas/whatif-result.schema.json,
 * `x-csv-columns`): new columns are appended, never renamed or reordered, within one schema version. */
import { KSM_COUNTERS, type SimResult } from '../sim/api';
import { counterRow } from './result';

export const CSV_COLUMNS = ['t', ...KSM_COUNTERS, 'savedBytes', 'pages_to_scan', 'sleep_millisecs', 'run', 'ksmdCpu', 'MemFree', 'Cached', 'generalProfitBytes'] as const;

export function toCsv(result: SimResult, pageSize: number): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const s of result.samples) {
    const row = counterRow(s, pageSize);
    lines.push(
      [s.t, ...KSM_COUNTERS.map((c) => row[c]), row.savedBytes, s.ksm.pages_to_scan, s.ksm.sleep_millisecs, s.ksm.run, Number(s.ksmdCpu.toFixed(6)), s.mem.MemFree, s.mem.Cached, row.generalProfitBytes].join(','),
    );
  }
  return lines.join('\n') + '\n';
}
