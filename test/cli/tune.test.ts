import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from './runCaptured';
import { seedScenario } from '../../engine/whatif/seed';
import { knobByName } from '../../engine/knowledge/knobs';

/** The seed with two small guests, fresh, for 2 minutes, with no controller: a 20-point search. */
function smallFile(over: (s: ReturnType<typeof seedScenario>) => void = () => undefined): string {
  const s = seedScenario();
  s.durationSeconds = 120;
  s.guests[0].memoryMiB = 512;
  s.guests[0].count = 2;
  s.ksmtuned.state = 'fresh';
  s.controller = 'none';
  over(s);
  const file = join(mkdtempSync(join(tmpdir(), 'samepage-tune-')), 'small.json');
  writeFileSync(file, JSON.stringify(s));
  return file;
}

test('tune --json: the documented shape, the same output twice, values inside the kernel ranges, and whatif with the advice predicts the same saving', async () => {
  const file = smallFile();
  const first = await runCaptured(['tune', file, '--json', '--workers', '2']);
  assert.equal(first.code, 0, first.stderr);
  const again = await runCaptured(['tune', file, '--json', '--workers', '1']);
  assert.equal(again.stdout, first.stdout, 'reproducible, whatever the worker count');
  const out = JSON.parse(first.stdout);
  for (const key of ['recommended', 'predicted', 'baseline', 'frontier', 'controllers']) assert.ok(key in out, key);
  assert.deepEqual(out.controllers, ['none']);
  assert.equal(out.recommended.controller, 'none');
  assert.ok(out.recommended.ksmtuned.values);
  for (const part of [out.predicted, out.baseline]) for (const key of ['savedBytes', 'ksmdCpuPercent', 't50Seconds', 't90Seconds', 'generalProfitBytes']) assert.ok(key in part, key);
  assert.equal(out.goalReached, true);
  assert.ok(out.predicted.savedBytes >= 0.9 * out.bestAchievableBytes);
  assert.ok(out.frontier.length >= 2);
  for (const [name, value] of Object.entries(out.recommended.knobs) as Array<[string, number]>) {
    const range = knobByName(name)?.range;
    if (range) assert.ok(value >= range.min && value <= range.max, `${name}=${value}`);
  }
  const check = await runCaptured(['whatif', file, ...out.whatifSet.flatMap((a: string) => ['--set', a]), '--json']);
  assert.equal(check.code, 0, check.stderr);
  const whatif = JSON.parse(check.stdout);
  assert.equal(whatif.summary.savedBytes, out.predicted.savedBytes);
  assert.equal(whatif.summary.ksmdCpuPercent, out.predicted.ksmdCpuPercent);
  assert.deepEqual(whatif.scenario.knobs, out.recommended.knobs);
});

test('tune says plainly when the goal cannot be reached and when nothing can merge', async () => {
  const tight = await runCaptured(['tune', smallFile(), '--within', '5', '--max-cpu', '1', '--workers', '2']);
  assert.equal(tight.code, 0, tight.stderr);
  assert.match(tight.stdout, /No setting of no controller that was tried reaches the goal/);
  const nothing = await runCaptured(['tune', smallFile((s) => (s.guests[0].memMerge = false)), '--workers', '2']);
  assert.equal(nothing.code, 0, nothing.stderr);
  assert.match(nothing.stdout, /Nothing on this host can merge.*KSM will not pay/);
  assert.equal((await runCaptured(['tune', '--goal-fraction', '1.5'])).code, 2);
  assert.equal((await runCaptured(['tune', '--max-cpu', '0'])).code, 2);
});
