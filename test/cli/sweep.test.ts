import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from './runCaptured';
import { seedScenario } from '../../engine/whatif/seed';
import { runWhatIf } from '../../engine/whatif/run';
import { simulate } from '../../engine/sim/simulate';
import { validateScenario } from '../../engine/whatif/validate';
import { pointMetrics } from '../../engine/whatif/sweep';

/** The seed, shortened and shrunk so a point runs in well under a second. */
function smallSeedFile(): string {
  const s = seedScenario();
  s.durationSeconds = 90;
  s.guests[0].memoryMiB = 512;
  s.guests[0].count = 2;
  const file = join(mkdtempSync(join(tmpdir(), 'samepage-sweep-')), 'small.json');
  writeFileSync(file, JSON.stringify(s));
  return file;
}

test('sweep: one row per point of the cross product, the same rows on 1 and 3 workers, each equal to a whatif of that point', async () => {
  const file = smallSeedFile();
  const args = ['sweep', file, '--vary', 'pages_to_scan=200,2000', '--vary', 'KSM_THRES_COEF=20,95', '--set', 'ksmtuned.state=fresh', '--json'];
  const one = await runCaptured([...args, '--workers', '1']);
  const three = await runCaptured([...args, '--workers', '3']);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(three.code, 0, three.stderr);
  const a = JSON.parse(one.stdout);
  const b = JSON.parse(three.stdout);
  assert.deepEqual(a.rows, b.rows);
  assert.deepEqual(a.rows.map((r: { varied: object }) => r.varied), [
    { pages_to_scan: '200', KSM_THRES_COEF: '20' },
    { pages_to_scan: '200', KSM_THRES_COEF: '95' },
    { pages_to_scan: '2000', KSM_THRES_COEF: '20' },
    { pages_to_scan: '2000', KSM_THRES_COEF: '95' },
  ]);
  // The last point, run directly, gives the same numbers.
  const raw = JSON.parse(JSON.stringify({ ...JSON.parse((await import('node:fs')).readFileSync(file, 'utf8')) }));
  raw.knobs.pages_to_scan = 2000;
  raw.ksmtuned.values.KSM_THRES_COEF = '95';
  raw.ksmtuned.state = 'fresh';
  const v = validateScenario(raw);
  assert.ok(v.ok);
  assert.deepEqual(a.rows[3], { varied: a.rows[3].varied, ...pointMetrics(runWhatIf(v.scenario, simulate)) });
  for (const r of a.rows) for (const key of ['savedBytes', 't50Seconds', 't90Seconds', 'ksmdCpuPercent', 'ksmdCpuPeakPercent', 'generalProfitBytes']) assert.ok(key in r, key);
});

test('sweep: CSV has the varied keys then the metrics; bad --vary and invalid points are refused before anything runs', async () => {
  const file = smallSeedFile();
  const csv = await runCaptured(['sweep', file, '--vary', 'controller=none,kubevirt', '--csv', '--workers', '2']);
  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.trim().split('\n');
  assert.equal(lines[0], 'controller,savedBytes,t50Seconds,t90Seconds,ksmdCpuPercent,ksmdCpuPeakPercent,generalProfitBytes,settledSeconds');
  assert.equal(lines.length, 3);
  assert.equal((await runCaptured(['sweep', file])).code, 2);
  assert.match((await runCaptured(['sweep', file, '--vary', 'pages_to_scan'])).stderr, /KEY=V1,V2/);
  const invalid = await runCaptured(['sweep', file, '--vary', 'controller=none,tuned']);
  assert.equal(invalid.code, 1);
  assert.match(invalid.stderr, /controller=tuned is not a valid scenario/);
});

test('sweep: what would take hours is refused with the estimate and the way to force it', async () => {
  const file = smallSeedFile();
  const r = await runCaptured(['sweep', file, '--set', 'durationSeconds=86400', '--set', 'guests[0].memoryMiB=65536', '--set', 'host.memTotalKb=536870912', '--set', 'pages_to_scan=100000', '--set', 'sleep_millisecs=0', '--vary', 'KSM_THRES_COEF=10,20,30,40,50,60,70,80', '--workers', '2']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /would take about .* h .*--force/);
});

test('sweep runs a measured scenario: each worker reads its content file, and every row equals a whatif of that point', async () => {
  const file = 'test/fixtures/measured/m1q_guests_processes_quiet.samepage.json';
  const sets = ['--set', 'knobs.run=1', '--set', 'durationSeconds=20'];
  const swept = await runCaptured(['sweep', file, ...sets, '--vary', 'pages_to_scan=1000,4000', '--workers', '2', '--json']);
  assert.equal(swept.code, 0, swept.stderr);
  const rows = JSON.parse(swept.stdout).rows;
  assert.equal(rows.length, 2);
  for (const row of rows) {
    const single = await runCaptured(['whatif', file, ...sets, '--set', `pages_to_scan=${row.varied.pages_to_scan}`, '--json']);
    assert.equal(single.code, 0, single.stderr);
    assert.equal(row.savedBytes, JSON.parse(single.stdout).final.savedBytes, `pages_to_scan=${row.varied.pages_to_scan}`);
  }
  assert.ok(rows[1].savedBytes > 0, 'the measured guests share pages, so KSM saves something in 20 s at 4000 pages a batch');
});
