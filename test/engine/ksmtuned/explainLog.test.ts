import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { effectiveKsmtunedValues } from '../../../engine/ksmtuned/effectiveValues';
import { explainKsmtunedLog, splitLogLine } from '../../../engine/ksmtuned/explainLog';

const TRACE = '../shared/groundtruth/traces/q3_ksmtuned_coef20.jsonl';
const TRACE_CONF = '../shared/groundtruth/qemu/ksmtuned-coef20.conf';

test('the date prefix is split off in the C-locale format, including space-padded days', () => {
  assert.deepEqual(splitLogLine('Thu Nov 26 19:07:34 UTC 2026: committed 0 free 1500000'), { date: 'Thu Nov 26 19:07:34 UTC 2026', message: 'committed 0 free 1500000' });
  assert.equal(splitLogLine('Sun Mar  1 01:02:03 CET 2026: total 5').message, 'total 5');
});

test('seed example: the default conf explains the stop decision, and a wrong KSMCTL line is pointed out', () => {
  const log = [
    'Thu Nov 26 19:07:34 UTC 2026: total 131809228',
    'Thu Nov 26 19:07:34 UTC 2026: sleep 10',
    'Thu Nov 26 19:07:34 UTC 2026: thres 26361845',
    'Thu Nov 26 19:08:34 UTC 2026: committed 0 free 93409576',
    'Thu Nov 26 19:08:34 UTC 2026: 26361845 < 131809228 and free > 26361845, stop ksm',
    'Thu Nov 26 19:09:34 UTC 2026: committed 0 free 1500000',
    'Thu Nov 26 19:09:34 UTC 2026: 26361845 > 131809228, start ksm',
    'Thu Nov 26 19:09:34 UTC 2026: 1500000 < 26361845, boost',
    'Thu Nov 26 19:09:34 UTC 2026: KSMCTL start 900 10',
  ].join('\n');
  const r = explainKsmtunedLog(log, { values: {} });
  assert.equal(r.memTotalKb, 131809228);
  assert.deepEqual(r.lines.filter((l) => !l.explained).map((l) => [l.line, l.expected]), [[9, 'KSMCTL start 300 10']]);
  assert.deepEqual(r.decisions, { stop: 1, boost: 1, decay: 0 });
  // a conf with another threshold cannot explain the stop line
  const other = explainKsmtunedLog(log, { values: effectiveKsmtunedValues('KSM_THRES_COEF=30\n').daemonValues() });
  assert.ok(other.lines.find((l) => l.line === 3 && !l.explained && l.expected === 'thres 39542768'));
});

test('a log that starts mid-run takes npages from its first KSMCTL line', () => {
  const log = ['committed 0 free 100', '1600000 > 8000000, start ksm', '100 < 1600000, boost', 'KSMCTL start 900 20', 'committed 0 free 100', '1600000 > 8000000, start ksm', '100 < 1600000, boost', 'KSMCTL start 1200 20'].join('\n');
  const r = explainKsmtunedLog(log, { values: {} });
  assert.equal(r.memTotalKb, 8000000);
  assert.equal(r.unexplained, 0, JSON.stringify(r.lines.filter((l) => !l.explained)));
});

test('the real ksmtuned log of the ground-truth trace is explained line by line by its conf', { skip: !existsSync(TRACE) && 'ground-truth traces not present' }, () => {
  const lines = readFileSync(TRACE, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"action":"log"'))
    .map((l) => (JSON.parse(l) as { line: string }).line);
  assert.ok(lines.length >= 10);
  const conf = effectiveKsmtunedValues(readFileSync(TRACE_CONF, 'utf8'));
  const r = explainKsmtunedLog(lines.join('\n'), { values: conf.daemonValues() });
  assert.equal(r.unexplained, 0, JSON.stringify(r.lines.filter((l) => !l.explained), null, 1));
  assert.equal(r.explained, lines.length);
  assert.ok(r.decisions.stop > 0);
  // the same log with a doctored free value no longer fits
  const doctored = lines.map((l) => l.replace(/free > 4936818, stop ksm$/, 'free > 4936817, stop ksm'));
  assert.ok(explainKsmtunedLog(doctored.join('\n'), { values: conf.daemonValues() }).unexplained > 0);
});
