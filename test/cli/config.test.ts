import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from './runCaptured';
import { bashAvailable, runBashOracle } from '../engine/ksmtuned/bashOracle';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCaptured(args);
  return { code, out: stdout, err: stderr };
}

const FIXTURES = join('test', 'fixtures', 'ksmtuned');

test('samepage config --json prints variables, sleep, thres and errors', async () => {
  const r = await cli(['config', join(FIXTURES, 'octal-error.conf'), '--mem-total-kb', '8000000', '--json']);
  assert.equal(r.code, 1, 'bash errors → exit status 1');
  const json = JSON.parse(r.out);
  assert.equal(json.variables.KSM_SLEEP_MSEC, '08');
  assert.equal(json.variables.KSM_NPAGES_MAX, '1250');
  assert.equal(json.variables.DEBUG, null);
  assert.equal(json.sleep, null);
  assert.equal(json.thres, null);
  assert.ok(json.errors.some((e: { message: string }) => /value too great for base/.test(e.message)));
  const ok = await cli(['config', join(FIXTURES, 'all-set.conf'), '--mem-total-kb', '8000000', '--json']);
  assert.equal(ok.code, 0);
  assert.deepEqual([JSON.parse(ok.out).sleep, JSON.parse(ok.out).thres], ['41', '2400000']);
  const spaced = JSON.parse((await cli(['config', join(FIXTURES, 'spaces-around-equals.conf'), '--mem-total-kb', '8000000', '--json'])).out);
  assert.deepEqual(spaced.errors.map((e: { line: number; message: string }) => [e.line, e.message]), [
    [1, 'KSM_NPAGES_MAX: command not found'],
    [2, '20: command not found'],
    [3, 'KSM_THRES_COEF: command not found'],
  ]);
  assert.equal(spaced.variables.KSM_NPAGES_MAX, '1250');
  const text = await cli(['config', join(FIXTURES, 'empty-pidfile.conf'), '--mem-total-kb', '8000000']);
  assert.match(text.out, /daemon does not start/);
  assert.equal((await cli(['config'])).code, 2);
  assert.equal((await cli(['config', join(FIXTURES, 'all-set.conf'), '--mem-total-kb', 'x'])).code, 2);
});

test('samepage config --json agrees with bash on every fixture', { skip: !bashAvailable() && 'bash not installed' }, async () => {
  let compared = 0;
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.conf'))) {
    const path = join(FIXTURES, file);
    const bash = runBashOracle(readFileSync(path), 24684092);
    if (!bash.values) continue;
    const json = JSON.parse((await cli(['config', path, '--mem-total-kb', '24684092', '--json'])).out);
    for (const [name, expected] of Object.entries(bash.values)) {
      const actual = name === 'sleep' || name === 'thres' ? json[name] : json.variables[name];
      if (json.unknown.includes(name) || ((name === 'sleep' || name === 'thres') && actual === null && expected !== null)) continue;
      assert.equal(actual, expected, `${file}: ${name}`);
      compared++;
    }
  }
  assert.ok(compared > 500, `compared ${compared}`);
});

test('samepage lint --as ksmtuned applies the ksmtuned rules to any file name', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-cli-'));
  const file = join(dir, 'settings.txt');
  writeFileSync(file, 'KSM_NPAGES_MAX = 100\nDEBUG=0\n');
  const r = await cli(['lint', file, '--as', 'ksmtuned', '--format', 'json']);
  assert.equal(r.code, 1);
  const ids = JSON.parse(r.out).map((f: { ruleId: string }) => f.ruleId);
  assert.deepEqual(ids, ['ksmtuned/spaces-around-equals', 'ksmtuned/debug-zero']);
});
