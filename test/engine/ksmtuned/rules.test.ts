import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS, type Finding, type Fix } from '../../../engine/language/types';
import { effectiveKsmtunedValues } from '../../../engine/ksmtuned/effectiveValues';

function lint(text: string, rules: Record<string, 'off' | 'error' | 'warning' | 'information' | 'hint'> = {}, meminfo?: Record<string, number>) {
  return analyzeDocument(text, { fileName: '/etc/ksmtuned.conf' }, { settings: { ...DEFAULT_SETTINGS, rules }, host: meminfo ? { meminfo } : {} });
}
function ids(text: string): string[] {
  return lint(text).findings.map((f) => f.ruleId);
}
function only(text: string, ruleId: string): Finding {
  const found = lint(text).findings.filter((f) => f.ruleId === ruleId);
  assert.equal(found.length, 1, `${ruleId} in ${JSON.stringify(text)}: ${JSON.stringify(lint(text).findings.map((f) => f.ruleId))}`);
  return found[0];
}
function apply(text: string, fix: Fix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

test('a clean conf and the commented Debian template have no findings', () => {
  assert.deepEqual(ids('KSM_MONITOR_INTERVAL=60\nKSM_NPAGES_MAX=1250 # comment\nexport DEBUG=1\nLOGFILE=/var/log/ksmtuned\n'), []);
  assert.deepEqual(ids('# KSM_MONITOR_INTERVAL=60\n# DEBUG=1\n'), []);
});

test('KEY = value: error with a fix that removes the spaces', () => {
  const text = 'KSM_NPAGES_MAX = 100\n';
  const f = only(text, 'ksmtuned/spaces-around-equals');
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.range, { start: 0, end: 20 });
  assert.equal(apply(text, f.fixes![0]), 'KSM_NPAGES_MAX=100\n');
  assert.equal(apply('KSM_SLEEP_MSEC= 20\n', only('KSM_SLEEP_MSEC= 20\n', 'ksmtuned/spaces-around-equals').fixes![0]), 'KSM_SLEEP_MSEC=20\n');
  assert.ok(!ids(text).includes('ksmtuned/runs-command'), 'not reported twice');
});

test('syntax errors say where bash stops reading', () => {
  const f = only('KSM_NPAGES_MIN=1\nfi\nKSM_NPAGES_MAX=2\n', 'ksmtuned/syntax-error');
  assert.deepEqual(f.range, { start: 17, end: 19 });
  assert.match(f.message, /line 2/);
  assert.match(only('A="open\n', 'ksmtuned/syntax-error').message, /never closed/);
});

test('unknown variable: information with did-you-mean fix; helper variables that are used are fine', () => {
  const f = only('KSM_NPAGES_MAXX=5\n', 'ksmtuned/unknown-variable');
  assert.equal(f.severity, 'information');
  assert.match(f.message, /did you mean KSM_NPAGES_MAX/);
  assert.equal(apply('KSM_NPAGES_MAXX=5\n', f.fixes![0]), 'KSM_NPAGES_MAX=5\n');
  assert.match(only('NPAGES_MIN=5\n', 'ksmtuned/unknown-variable').message, /KSM_NPAGES_MIN/);
  assert.deepEqual(ids('BASE=5\nKSM_SLEEP_MSEC=BASE*2\n'), []);
  assert.match(only('IFS=:\n', 'ksmtuned/shell-variable').message, /splits/);
  assert.ok(!ids('PATH=/tmp\n').includes('ksmtuned/unknown-variable'));
});

test('values ksmtuned cannot use, and what happens then', () => {
  assert.match(only('KSM_NPAGES_MAX=1x\n', 'ksmtuned/not-an-integer').message, /upper clamp is skipped/);
  const octal = only('KSM_SLEEP_MSEC=08\n', 'ksmtuned/octal');
  assert.equal(octal.severity, 'error');
  assert.equal(apply('KSM_SLEEP_MSEC=08\n', octal.fixes![0]), 'KSM_SLEEP_MSEC=8\n');
  const surprise = only('KSM_THRES_COEF=012\n', 'ksmtuned/octal');
  assert.equal(surprise.severity, 'warning');
  assert.match(surprise.message, /uses 10, not 12/);
  assert.equal(apply('KSM_SLEEP_MSEC=2.5\n', only('KSM_SLEEP_MSEC=2.5\n', 'ksmtuned/fraction').fixes![0]), 'KSM_SLEEP_MSEC=3\n');
  assert.match(only('KSM_NPAGES_DECAY=abc\n', 'ksmtuned/word-as-variable').message, /KSM_NPAGES_MIN/);
  assert.ok(ids('KSM_NPAGES_BOOST="5 7"\n').includes('ksmtuned/word-splitting'));
});

test('MIN > MAX, percentages, busy loop, DEBUG=0, empty PIDFILE', () => {
  const swap = only('KSM_NPAGES_MIN=500\nKSM_NPAGES_MAX=200\n', 'ksmtuned/min-greater-than-max');
  assert.equal(apply('KSM_NPAGES_MIN=500\nKSM_NPAGES_MAX=200\n', swap.fixes![0]), 'KSM_NPAGES_MIN=200\nKSM_NPAGES_MAX=500\n');
  only('KSM_THRES_COEF=150\n', 'ksmtuned/percent-out-of-range');
  only('KSM_THRES_COEF=-1\n', 'ksmtuned/percent-out-of-range');
  assert.deepEqual(ids('KSM_THRES_COEF=99\n'), []);
  assert.equal(only('KSM_MONITOR_INTERVAL=0\n', 'ksmtuned/busy-loop').severity, 'error');
  only('KSM_MONITOR_INTERVAL=abc\n', 'ksmtuned/busy-loop');
  assert.deepEqual(ids('KSM_MONITOR_INTERVAL=0.5\n'), []);
  const debug = only('DEBUG=0\n', 'ksmtuned/debug-zero');
  assert.equal(apply('DEBUG=0\n', debug.fixes![0]), 'DEBUG=\n');
  const pid = only('PIDFILE=\n', 'ksmtuned/empty-pidfile');
  assert.equal(pid.severity, 'error');
  assert.equal(apply('PIDFILE=\n', pid.fixes![0]), '');
});

test('duplicates, CRLF, BOM', () => {
  const dup = only('KSM_NPAGES_MAX=1\nKSM_NPAGES_MAX=2\n', 'ksmtuned/duplicate');
  assert.deepEqual(dup.range, { start: 0, end: 16 });
  assert.deepEqual(dup.tags, ['unnecessary']);
  const crlf = lint('A=1\r\nKSM_NPAGES_MAX=100\r\n').findings.find((f) => f.ruleId === 'ksmtuned/crlf')!;
  assert.equal(apply('A=1\r\nKSM_NPAGES_MAX=100\r\n', crlf.fixes![0]), 'A=1\nKSM_NPAGES_MAX=100\n');
  assert.equal(apply('\ufeffDEBUG=1\n', only('\ufeffDEBUG=1\n', 'ksmtuned/bom').fixes![0]), 'DEBUG=1\n');
});

test('code that runs when sourced and statements that change ksmtuned', () => {
  only('touch /tmp/x\n', 'ksmtuned/runs-command');
  only('KSM_NPAGES_MAX=$(echo 5)\n', 'ksmtuned/runs-command');
  assert.equal(only('exit 0\n', 'ksmtuned/exit').severity, 'error');
  assert.match(only('set -u\n', 'ksmtuned/shell-option').message, /unset variable/);
  assert.equal(effectiveKsmtunedValues('set -u\n').startsDaemon, false);
  assert.equal(effectiveKsmtunedValues('set -u\nDEBUG=1\nLOGFILE=/var/log/k\n').startsDaemon, true);
  assert.match(only('set -e\n', 'ksmtuned/shell-option').message, /first time it stops KSM/);
  assert.ok(ids('readonly KSM_NPAGES_MAX=5\n').includes('ksmtuned/readonly'));
  assert.equal(only('debug() { :; }\n', 'ksmtuned/shadows-script-function').severity, 'warning');
  assert.equal(only('pgrep() { :; }\n', 'ksmtuned/shadows-script-function').severity, 'error');
  assert.ok(ids('thres=5\n').includes('ksmtuned/script-variable'));
});

test('severity overrides and disable comments apply to ksmtuned rules', () => {
  const text = 'DEBUG=0\nKSM_NPAGES_MAX=1x # samepage-disable-line ksmtuned/not-an-integer\n';
  const a = lint(text, { 'ksmtuned/debug-zero': 'error' });
  assert.deepEqual(a.findings.map((f) => [f.ruleId, f.severity]), [['ksmtuned/debug-zero', 'error']]);
  assert.deepEqual(lint('DEBUG=0\n', { 'ksmtuned/': 'off' }).findings, []);
});

test('declare -i is evaluated as bash does; local outside a function and a readonly assignment are errors, as bash reports them', () => {
  const values = effectiveKsmtunedValues('declare -i KSM_THRES_COEF=5*3\ndeclare -i KSM_NPAGES_MAX\nKSM_NPAGES_MAX=7/2\n').values;
  assert.equal(values.KSM_THRES_COEF.value, '15');
  assert.equal(values.KSM_NPAGES_MAX.value, '3');
  const findings = lint('local KSM_NPAGES_MAX=100\nreadonly KSM_SLEEP_MSEC=10\nKSM_SLEEP_MSEC=20\n').findings;
  const local = findings.find((f) => /local: can only be used in a function/.test(f.message));
  const assignment = findings.find((f) => /KSM_SLEEP_MSEC: readonly variable/.test(f.message));
  assert.equal(local?.severity, 'error');
  assert.equal(assignment?.severity, 'error');
});
