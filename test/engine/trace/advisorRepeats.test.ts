import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../../../engine/sim/simulate';
import { realRows, replayTrace } from '../../../engine/trace/replay';
import { parseTrace } from '../../../engine/trace/parseTrace';
import { ownTraceDir, recordingHost } from './traceFiles';

/**
 * s20 was recorded three times, quietly, on one machine. The scan-time advisor turns ksmd's CPU
 * share into a whole percent, so tiny CPU differences change its rate by 25% at a time and the real
 * runs end far apart. No replay can be within one scan of all of them; it must stay inside their
 * spread, with the final counters exact.
 */
const names = ['s20_advisor_scan_time', 's20_advisor_scan_time_r2', 's20_advisor_scan_time_r3'];

test('s20 repeats: the replay ends inside the real runs\' spread of full scans', async () => {
  const traces = names.map((n) => parseTrace(readFileSync(join(ownTraceDir.dir, `${n}.jsonl`), 'utf8')));
  const finalOf = (rows: Array<{ ksm: Record<string, number | string> }>, c: string) => rows.at(-1)!.ksm[c] as number;
  const real = traces.map((t) => finalOf(realRows(t), 'full_scans'));
  assert.ok(Math.max(...real) - Math.min(...real) > 2, `the real runs differ by more than the ±1 target: ${real}`);
  const replay = await replayTrace(traces[0], simulate, { perPageCostNs: recordingHost().perPageCostNs });
  const sim = finalOf(replay.rows, 'full_scans');
  assert.ok(sim >= Math.min(...real) && sim <= Math.max(...real), `simulated ${sim}, real ${real}`);
  for (const t of traces) {
    const rows = realRows(t);
    for (const c of ['pages_shared', 'pages_sharing', 'stable_node_chains', 'stable_node_dups']) assert.equal(finalOf(replay.rows, c), finalOf(rows, c), c);
  }
});
