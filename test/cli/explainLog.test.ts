import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from './runCaptured';

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const { code, stdout } = await runCaptured(args);
  return { code, out: stdout };
}

const TRACE = '../shared/groundtruth/traces/q3_ksmtuned_coef20.jsonl';

test('samepage explain-log: seed example in text and JSON, exit 1 on unexplained lines', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-log-'));
  const log = join(dir, 'ksmtuned.log');
  writeFileSync(log, 'Thu Nov 26 19:07:34 UTC 2026: total 131809228\nThu Nov 26 19:08:34 UTC 2026: committed 0 free 93409576\nThu Nov 26 19:08:34 UTC 2026: 26361845 < 131809228 and free > 26361845, stop ksm\n');
  const text = await cli(['explain-log', log]);
  assert.equal(text.code, 0);
  assert.match(text.out, /3 line\(s\) explained, 0 not explained/);
  const conf = join(dir, 'ksmtuned.conf');
  writeFileSync(conf, 'KSM_THRES_COEF=10\n');
  const json = await cli(['explain-log', log, '--conf', conf, '--json']);
  assert.equal(json.code, 1);
  const result = JSON.parse(json.out);
  assert.equal(result.lines[2].expected, '13180922 < 131809228 and free > 13180922, stop ksm');
  assert.equal((await cli(['explain-log'])).code, 2);
});

test('samepage explain-log reads a ground-truth trace directly', { skip: !existsSync(TRACE) && 'trace not present' }, async () => {
  const r = await cli(['explain-log', TRACE, '--conf', '../shared/groundtruth/qemu/ksmtuned-coef20.conf', '--json']);
  assert.equal(r.code, 0);
  assert.equal(JSON.parse(r.out).unexplained, 0);
});

const LOG_EVENTS = [
  'Thu Nov 26 19:07:34 UTC 2026: total 131809228',
  'Thu Nov 26 19:08:34 UTC 2026: committed 0 free 93409576',
  'Thu Nov 26 19:08:34 UTC 2026: 26361845 < 131809228 and free > 26361845, stop ksm',
].map((line, i) => JSON.stringify({ type: 'event', t: i, action: 'log', label: 'ksmtuned', line }));

test('explain-log on a truncated trace says it is truncated and where, and explains the events before it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-log-'));
  const file = join(dir, 'cut.jsonl');
  const whole = [JSON.stringify({ type: 'header', name: 'cut' }), ...LOG_EVENTS].join('\n') + '\n';
  writeFileSync(file, whole + LOG_EVENTS[0].slice(0, 40));
  const { code, stdout, stderr } = await runCaptured(['explain-log', file]);
  assert.equal(code, 1);
  assert.match(stderr, new RegExp(`^samepage explain-log: ${file.replace(/[/.]/g, '\\$&')} is truncated: line 5 ends after 40 bytes, inside its JSON; the 3 log lines before it are explained\\n$`));
  assert.match(stdout, /3 line\(s\) explained, 0 not explained/);
  // A line that is not JSON in the middle is not a truncation: the file is refused, naming the line.
  writeFileSync(file, whole.replace(LOG_EVENTS[1], 'garbage') + LOG_EVENTS[0] + '\n');
  const broken = await runCaptured(['explain-log', file]);
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /cut\.jsonl:3: not JSON/);
});

test('explain-log exits 1 and says so when the input holds no ksmtuned log lines', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-log-'));
  for (const [name, text, says] of [
    ['notes.txt', 'hello world\nsomething else\n', /notes\.txt holds no ksmtuned log lines/],
    ['empty.log', '', /empty\.log holds no ksmtuned log lines/],
    ['nolog.jsonl', JSON.stringify({ type: 'header', name: 'x' }) + '\n' + JSON.stringify({ type: 'sample', t: 0, ksm: {} }) + '\n', /nolog\.jsonl holds no ksmtuned log events/],
  ] as const) {
    const file = join(dir, name);
    writeFileSync(file, text);
    const { code, stdout, stderr } = await runCaptured(['explain-log', file]);
    assert.equal(code, 1, name);
    assert.match(stderr, says, name);
    assert.equal(stdout, '', name);
  }
});
