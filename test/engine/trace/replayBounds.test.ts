import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../../../engine/sim/simulate';
import { parseTrace } from '../../../engine/trace/parseTrace';
import { replayTrace } from '../../../engine/trace/replay';
import { traceToSimConfig, TraceReplayError } from '../../../engine/trace/traceToConfig';
import { ownTraceDir } from './traceFiles';

const TEXT = readFileSync(join(ownTraceDir.dir, 's25_chain_20001_mps2.jsonl'), 'utf8');

/** The trace with its header changed by `edit`. */
function withHeader(edit: (header: Record<string, unknown>) => void, text = TEXT): string {
  const [first, ...rest] = text.split('\n');
  const header = JSON.parse(first) as Record<string, unknown>;
  edit(header);
  return [JSON.stringify(header), ...rest].join('\n');
}

test('a header duration_s far beyond the samples does not lengthen the replay: the samples bound it', async () => {
  const honest = parseTrace(TEXT);
  const inflated = parseTrace(withHeader((h) => (h.duration_s = 199000)));
  const last = inflated.samples[inflated.samples.length - 1].t;
  const config = traceToSimConfig(inflated);
  assert.ok(config.durationSeconds <= last + honest.header.intervalMs / 1000, `simulates ${config.durationSeconds} s for samples up to ${last} s`);
  const [a, b] = [await replayTrace(honest, simulate), await replayTrace(inflated, simulate)];
  assert.deepEqual(b.rows, a.rows);
});

test('a header sample interval far below the samples\' spacing does not multiply the simulated samples', () => {
  const trace = parseTrace(withHeader((h) => (h.interval_ms = 0.001)));
  const config = traceToSimConfig(trace);
  assert.ok(config.durationSeconds / config.sampleIntervalSeconds <= 4 * trace.samples.length, `${config.durationSeconds / config.sampleIntervalSeconds} simulated samples for ${trace.samples.length} recorded`);
});

test('samples spread over more than a day are refused with a clear error', () => {
  const lines = TEXT.split('\n');
  const lastSample = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('{"type":"sample"')).pop()!;
  const far = JSON.parse(lastSample[0]) as { t: number };
  far.t = 199000;
  lines[lastSample[1]] = JSON.stringify(far);
  assert.throws(() => traceToSimConfig(parseTrace(lines.join('\n'))), (e: unknown) => e instanceof TraceReplayError && /samples span 199000 s; a replay simulates at most 86400 s/.test(e.message));
});
