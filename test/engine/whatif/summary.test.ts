import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize, explainKsmtuned } from '../../../engine/whatif/summary';
import { toCsv, CSV_COLUMNS } from '../../../engine/whatif/export';
import { readFileSync } from 'node:fs';

const resultSchema = JSON.parse(readFileSync('schemas/whatif-result.schema.json', 'utf8'));
import { terminalChart } from '../../../engine/whatif/terminalChart';
import { fakeResult } from './fakeResult';
import { seedScenario } from '../../../engine/whatif/seed';
import { runWhatIf } from '../../../engine/whatif/run';
import { simulate } from '../../../engine/sim/simulate';

test('saved bytes, time to 50% and 90%, CPU', () => {
  const r = fakeResult({ samples: 60, interval: 10, finalSharing: 1_000_000, from: 100, to: 300 });
  const s = summarize(r, 4096, 600, 4194300);
  assert.equal(s.savedBytes, 1_000_000 * 4096);
  assert.equal(s.t50, 200);
  assert.equal(s.t90, 280);
  assert.equal(s.firstMergeAt, 110);
  assert.ok(s.ksmdCpuMax === 0.3 && s.ksmdCpuMean > 0.05 && s.ksmdCpuMean < 0.3);
  assert.match(s.sentences[0], /^KSM saves 3\.81 GiB after 10 min/);
  assert.match(s.sentences.join(' '), /Half of that is reached at 3\.3 min, 90% at 4\.7 min; the first merge comes at 110 s/);
});

test('nothing saved is said plainly, with no time-to-50%', () => {
  const s = summarize(fakeResult({ samples: 10, interval: 60, finalSharing: 0, from: 0, to: 1 }), 4096, 600);
  assert.equal(s.savedBytes, 0);
  assert.equal(s.t50, null);
  assert.match(s.sentences[0], /saves nothing/);
});

test('ksmtuned decisions are explained from its log lines', () => {
  const stop = explainKsmtuned([
    { t: 0, line: 'Thu Nov 26 19:07:34 UTC 2026: thres 26361845' },
    { t: 60, line: 'Thu Nov 26 19:08:34 UTC 2026: committed 0 free 93409576' },
    { t: 60, line: 'Thu Nov 26 19:08:34 UTC 2026: 26361845 < 131809228 and free > 26361845, stop ksm' },
  ]);
  assert.equal(stop.lastDecision, 'stop');
  assert.match(stop.reason!, /stopped KSM.*\(0 kB\).*\(26361845 kB\).*\(131809228 kB\).*\(93409576 kB\)/);
  const start = explainKsmtuned([
    { t: 60, line: 'x: committed 34373632 free 93409576' },
    { t: 60, line: 'x: 159596099 > 131809228, start ksm' },
    { t: 60, line: 'x: 93409576 < 125218766, boost' },
  ]);
  assert.equal(start.lastDecision, 'start');
  assert.match(start.reason!, /committed memory plus the threshold \(159596099 kB\) is not below MemTotal \(131809228 kB\).*below the threshold \(125218766 kB\), so it raises pages_to_scan/);
});

test("a conf value ksmtuned's arithmetic fails on (KSM_THRES_COEF=08) is named in the words, from a real run", () => {
  const scenario = seedScenario();
  scenario.ksmtuned.values.KSM_THRES_COEF = '08';
  scenario.durationSeconds = 180;
  const run = runWhatIf(scenario, simulate);
  assert.ok(run.result.ksmtunedLog.some((l) => /thres$/.test(l.line)), 'the model logs an empty threshold, as ksmtuned does');
  assert.equal(run.summary.ksmtuned.thresKb, null);
  assert.equal(run.summary.ksmtuned.lastDecision, 'start');
  const words = run.summary.sentences.join(' ');
  assert.match(words, /ksmtuned's threshold is empty: its arithmetic failed on a ksmtuned\.conf value/);
  assert.doesNotMatch(words, /made no decision/);
});

test('the result schema lists exactly the CSV columns; the CSV has a header and one row per sample', () => {
  const r = fakeResult({ samples: 5, interval: 60, finalSharing: 500, from: 0, to: 300 });
  assert.deepEqual(resultSchema['x-csv-columns'], [...CSV_COLUMNS]);
  const csv = toCsv(r, 4096).trim().split('\n');
  assert.equal(csv[0], CSV_COLUMNS.join(','));
  assert.equal(csv.length, 7);
  assert.equal(csv[1].split(',').length, CSV_COLUMNS.length);
  assert.equal(Number(csv[6].split(',')[CSV_COLUMNS.indexOf('savedBytes')]), 500 * 4096);
});

test('the terminal chart has the requested size and the axis labels', () => {
  const chart = terminalChart([0, 1, 2, 3, 4].map((x) => ({ x, y: x * x })), { width: 20, height: 5, formatY: (v) => `${v}`, formatX: (x) => `${x}s` });
  const lines = chart.trimEnd().split('\n');
  assert.equal(lines.length, 7);
  assert.match(lines[0], /^16 │/);
  assert.match(lines[0], /█$/);
  assert.match(lines[6], /4s$/);
  assert.doesNotMatch(terminalChart([{ x: 0, y: 1 }, { x: 1, y: 2 }], { ascii: true, formatY: String, formatX: String }), /[^\x00-\x7f]/);
});
