import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from './runCaptured';
import { checkAgainstSchema } from '../jsonSchemaCheck';
import { measuredScenario, smallMeasurement } from '../engine/whatif/measuredFixture';

const resultSchema = JSON.parse(readFileSync('schemas/whatif-result.schema.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'samepage-measured-'));
mkdirSync(join(dir, 'sub'));
writeFileSync(join(dir, 'sub', 'host.samepage-content'), smallMeasurement());
const scenarioPath = join(dir, 'sub', 'host.samepage.json');
writeFileSync(scenarioPath, JSON.stringify(measuredScenario('host.samepage-content')));

const cli = (args: string[]) => runCaptured(['whatif', ...args], false);

test('whatif runs a measured scenario, reading the content file beside it, and says what was measured', async () => {
  const r = await cli([scenarioPath]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /vm1 measured \(mem-merge=on\), vm2 measured \(mem-merge=off\), process db measured \(madvise\)/);
  assert.match(r.stdout, /measured \(live\): KSM starts from nothing merged/);
  // vm1 and db share content 2 (400 + 100 pages) and hold 300 zero pages; vm2 is mem-merge=off.
  assert.match(r.stdout, /final: pages_shared=3 pages_sharing=697 /);
});

test('--json carries which guests were measured and where KSM started, and conforms to the result schema', async () => {
  const r = await cli([scenarioPath, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.deepEqual(result.measurement, { source: 'live', startsFrom: 'nothing', measured: ['vm1', 'vm2', 'db'], assumed: [] });
  assert.deepEqual(checkAgainstSchema(result, resultSchema), []);
});

test('switching mem-merge on for the measured guest that had it off merges its pages too', async () => {
  const r = await cli([scenarioPath, '--set', 'guests[1].memMerge=true']);
  assert.equal(r.code, 0, r.stderr);
  // vm2 adds 200 pages of content 2 (700 in all: 3 KSM pages at max_page_sharing 256) and 200 of content 3.
  assert.match(r.stdout, /final: pages_shared=5 pages_sharing=1095 /);
});

test('a missing content file, a process index out of range and a file of another version are clear errors', async () => {
  const missing = join(dir, 'missing.samepage.json');
  writeFileSync(missing, JSON.stringify(measuredScenario('nowhere.samepage-content')));
  let r = await cli([missing]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /measurement\.file "nowhere\.samepage-content": cannot read .*nowhere\.samepage-content: no such file/);

  const outOfRange = join(dir, 'sub', 'range.samepage.json');
  const s = measuredScenario('host.samepage-content');
  s.guests[0].measured = { process: 7 };
  writeFileSync(outOfRange, JSON.stringify(s));
  r = await cli([outOfRange]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /guests\[0\]\.measured\.process: 7 is out of range: the measurement holds 3 processes \(0 to 2\)/);

  const bytes = smallMeasurement();
  bytes[8] = 9; // format version 9
  writeFileSync(join(dir, 'v9.samepage-content'), bytes);
  const v9 = join(dir, 'v9.samepage.json');
  writeFileSync(v9, JSON.stringify(measuredScenario('v9.samepage-content')));
  r = await cli([v9]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /format version 9 is not supported/);
});

test('--save-profile writes a profile (mode 0600) that --profile brings into another scenario: 20 of these', async () => {
  const out = join(dir, 'vm.profile.json');
  let r = await cli([scenarioPath, '--save-profile', 'vm-measured', '--from', 'vm1', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(statSync(out).mode & 0o777, 0o600);
  const profile = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(profile.id, 'vm-measured');
  assert.equal(profile.zero, Math.round((200 / 900) * 1e4) / 1e4);
  const twenty = join(dir, 'twenty.samepage.json');
  const s = measuredScenario('unused');
  delete s.measurement;
  delete s.processes;
  s.guests = [{ name: 'vm', count: 20, memoryMiB: 64, profile: 'vm-measured', memMerge: true, thp: false }];
  s.knobs = { run: 1, pages_to_scan: 5000 };
  writeFileSync(twenty, JSON.stringify(s));
  r = await cli([twenty, '--profile', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.scenario.profiles[0].id, 'vm-measured');
  // Each guest's within-guest duplicates merge: 20 guests × (withinGuestDup × touched pages) at least.
  assert.ok(result.final.pages_sharing > 20 * 0.4 * 0.87 * 16384, String(result.final.pages_sharing));

  r = await cli([scenarioPath, '--save-profile', 'x', '--from', 'nobody']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--from nobody: no measured guest of that name \(measured: vm1, vm2\)/);
  r = await cli([scenarioPath, '--save-profile', 'measured']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /'measured' is a built-in profile/);
});
