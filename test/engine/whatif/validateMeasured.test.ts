import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateScenario } from '../../../engine/whatif/validate';
import { checkAgainstSchema } from '../../jsonSchemaCheck';
import { measuredScenario } from './measuredFixture';

function errorsOf(change: (s: Record<string, any>) => void): string[] {
  const s = JSON.parse(JSON.stringify(measuredScenario('host.samepage-content')));
  change(s);
  const r = validateScenario(s);
  return r.ok ? [] : r.errors;
}

test('a measured scenario as samepage measure writes it is valid, and keeps its measured fields', () => {
  const r = validateScenario(measuredScenario('host.samepage-content'));
  assert.ok(r.ok);
  assert.deepEqual(r.scenario.measurement, { file: 'host.samepage-content', source: 'live', startsFrom: 'nothing' });
  assert.deepEqual(r.scenario.guests[0].measured, { process: 0 });
  assert.deepEqual(r.scenario.processes, [{ name: 'db', merge: 'madvise', measured: { process: 2 } }]);
});

test('measured fields that do not fit are named with a clear message', () => {
  assert.deepEqual(errorsOf((s) => delete s.guests[0].measured), [`guests[0].measured: a guest with profile 'measured' names its process in the measurement: { "process": N }`]);
  assert.deepEqual(errorsOf((s) => (s.guests[0].count = 3)), ['guests[0].count: a measured guest is one guest (count 1), got 3; save it as a profile to run several']);
  assert.deepEqual(errorsOf((s) => (s.guests[0].profile = 'linux-busy')), [`guests[0].measured: only a guest with profile 'measured' takes its pages from the measurement`]);
  assert.deepEqual(errorsOf((s) => delete s.measurement), ['measurement: measured guests or processes need the measurement they come from: { "file": ..., "source": ..., "startsFrom": ... }']);
  assert.deepEqual(errorsOf((s) => (s.measurement.startsFrom = 'yesterday')), [`measurement.startsFrom: expected one of 'nothing', 'current-merges', got the string 'yesterday'`]);
  assert.deepEqual(errorsOf((s) => (s.guests[0].measured.process = -1)), ['guests[0].measured.process: -1 is out of range (0 to 1000000)']);
  assert.deepEqual(errorsOf((s) => (s.processes[0].name = 'vm1')), [`processes[0].name: 'vm1' is used by a guest group or another process`]);
  assert.deepEqual(errorsOf((s) => (s.processes[0].merge = 'always')), [`processes[0].merge: expected one of 'madvise', 'prctl', 'none', got the string 'always'`]);
});

test('scenario profiles: guests use them by id; ids of built-in profiles and unknown ids are refused', () => {
  const profile = { id: 'web', label: 'web', touched: 0.5, zero: 0.2, sharedImageMiB: 100, withinGuestDup: 0.1, withinGuestCopies: 3, churnPerGiB: 1, zeroFillPerGiB: 0, zeroFillSeconds: 0, bootSeconds: 30, qemuOverheadMiB: 100 };
  const ok = validateScenario({ ...measuredScenario('x'), profiles: [profile], guests: [{ name: 'w', count: 20, memoryMiB: 256, profile: 'web', memMerge: true, thp: true }], processes: [] });
  assert.ok(ok.ok, JSON.stringify(ok));
  assert.deepEqual(errorsOf((s) => (s.guests[0] = { name: 'w', count: 2, memoryMiB: 1024, profile: 'nosuch', memMerge: true, thp: true })).length, 1);
  assert.match(errorsOf((s) => (s.profiles = [{ ...profile, id: 'linux-busy' }]))[0], /'linux-busy' is a built-in profile/);
  assert.match(errorsOf((s) => (s.profiles = [{ ...profile, zero: 2 }]))[0], /profiles\[0\]\.zero: 2 is out of range/);
  assert.match(errorsOf((s) => (s.profiles = [profile, profile]))[0], /profiles\[1\]\.id: 'web' is used by another profile/);
});

test('measured scenarios, as written by samepage measure and as the tests build them, conform to the JSON schema', () => {
  const schema = JSON.parse(readFileSync('schemas/scenario.schema.json', 'utf8'));
  const recorded = readdirSync(join('test', 'fixtures', 'measured')).filter((f) => f.endsWith('.samepage.json'));
  assert.ok(recorded.length > 0);
  for (const f of recorded) assert.deepEqual(checkAgainstSchema(JSON.parse(readFileSync(join('test', 'fixtures', 'measured', f), 'utf8')), schema), [], f);
  assert.deepEqual(checkAgainstSchema(measuredScenario('x.samepage-content'), schema), []);
  assert.notDeepEqual(checkAgainstSchema({ ...measuredScenario('x'), processes: [{ name: 'db', merge: 'sometimes', measured: { process: 0 } }] }, schema), []);
});
