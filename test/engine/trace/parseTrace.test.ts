import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseTrace, TraceFormatError } from '../../../engine/trace/parseTrace';
import { realRows } from '../../../engine/trace/replay';
import { publishedTraceDir } from './traceFiles';

const header = {
  type: 'header', name: 'tiny', duration_s: 1, interval_ms: 200, knobs_in_effect: { pages_to_scan: 100, advisor_mode: 'none' },
  meminfo_kb: { MemTotal: 1000 }, baseline_counters: { pages_scanned: 50, full_scans: 0 }, procs: [{ label: 'w0', pid: 1, cmd: ['./workload'], ready_line: 'READY' }],
};
const sample = (t: number, scanned: number) => ({ type: 'sample', t, ksm: { pages_sharing: 0, pages_scanned: scanned, full_scans: 0 }, mem: { MemFree: 1 }, procs: { w0: { VmRSS: 4 } } });
const lines = (...objs: unknown[]) => objs.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join('\n') + '\n';

test('a minimal trace parses: header, events, samples, summary', () => {
  const trace = parseTrace(lines(header, { type: 'event', t: 0, action: 'ready_offsets', ready_t: { w0: -0.01 } }, sample(0, 60), sample(0.2, 160), {
    type: 'summary', elapsed_s: 1, final: { pages_sharing: 0 }, delta: { full_scans: 0, pages_scanned: 110, pages_skipped: 0 },
  }));
  assert.equal(trace.header.name, 'tiny');
  assert.equal(trace.samples.length, 2);
  assert.deepEqual(trace.events[0], { t: 0, action: 'ready_offsets', readyT: { w0: -0.01 } });
  assert.equal(trace.summary?.delta.pages_scanned, 110);
  // cumulative counters become deltas from the baseline, like summary.delta
  assert.deepEqual(realRows(trace).map((r) => r.ksm.pages_scanned), [10, 110]);
});

test('malformed traces fail with the line and the reason', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /empty trace/],
    [lines(sample(0, 1)), /line 1: the first line must be the header/],
    [lines(header, '{not json'), /line 2: not JSON/],
    [lines(header, '[1,2]'), /line 2: expected a JSON object/],
    [lines(header, { type: 'bogus' }), /line 2: unknown line type 'bogus'/],
    [lines(header, header), /line 2: a second header/],
    [lines(header), /no samples/],
    [lines({ ...header, duration_s: 'x' }, sample(0, 1)), /line 1: 'duration_s' must be a number/],
    [lines({ ...header, procs: [{ label: 'w0', pid: 1 }] }, sample(0, 1)), /line 1: missing field 'procs\[0\]\.cmd'/],
    [lines(header, { type: 'sample', ksm: {} }), /line 2: missing field 't'/],
    [lines(header, { type: 'sample', t: 0, ksm: { run: [1] } }), /'ksm'\.run must be a number or a string/],
    [lines(header, sample(1, 1), sample(0.5, 1)), /sample times go backwards/],
    [lines(header, sample(0, 1), { type: 'summary', final: {}, delta: {} }, sample(1, 1)), /line 4: 'sample' line after the summary/],
    [lines(header, { type: 'event', action: 'set' }), /line 2: missing field 't'/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseTrace(text), (e: unknown) => e instanceof TraceFormatError && message.test(e.message), String(message));
  }
});

test('every published trace parses and its summary delta matches its last sample', () => {
  for (const file of publishedTraceDir.files()) {
    const trace = parseTrace(readFileSync(file, 'utf8'));
    assert.ok(trace.samples.length > 100, file);
    assert.ok(trace.summary, file);
    const last = realRows(trace).at(-1)!;
    // the summary is read a moment after the last sample: full_scans can only have grown
    assert.ok(trace.summary.delta.full_scans >= (last.ksm.full_scans as number), file);
  }
});
