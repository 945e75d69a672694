import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMeasurement } from '../../../engine/measure/format';
import { profileFromMeasured } from '../../../engine/whatif/measuredProfile';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMeasurement } from '../../../engine/node/measurementFile';
import { simulate } from '../../../engine/sim/simulate';
import type { Scenario } from '../../../engine/whatif/scenario';
import { scenarioToSimConfig } from '../../../engine/whatif/toSimConfig';
import { validateScenario } from '../../../engine/whatif/validate';
import { smallMeasurement } from './measuredFixture';

const m = decodeMeasurement(smallMeasurement({ churn: true }));

test('two measured guests: zero, cross-guest image, within-guest duplicates and churn from what was read', () => {
  const p = profileFromMeasured(m, [{ name: 'vm1', process: 0 }, { name: 'vm2', process: 1 }], 'web');
  // vm1: 900 of 1024 resident, 200 zero, content 2 ×400 (also in vm2: 1 image page + 399 duplicates).
  // vm2: 512 resident, content 2 ×200 (1 image + 199), content 3 ×200 (vm2 only: 200 duplicates of 1 content).
  assert.equal(p.touched, Math.round(((900 / 1024 + 1) / 2) * 1e4) / 1e4);
  assert.equal(p.zero, Math.round((200 / 900 / 2) * 1e4) / 1e4);
  assert.equal(p.withinGuestDup, Math.round(((399 / 900 + 399 / 512) / 2) * 1e4) / 1e4);
  assert.equal(p.withinGuestCopies, (399 + 399 / 2) / 2);
  assert.equal(p.sharedImageMiB, Math.round((1 / 256) * 10) / 10);
  // vm1: 100 pages changed 5 times in 10 s = 50 pages/s over 4 MiB; vm2 none.
  assert.equal(p.churnPerGiB, Math.round(((50 * 256) / 2) * 100) / 100);
  assert.match(p.derivedFrom!, /vm1, vm2: sharing between guests from the 2 measured/);
});

test('one measured guest gives no cross-guest sharing: its shared contents count only where it holds them twice', () => {
  const p = profileFromMeasured(m, [{ name: 'vm2', process: 1 }], 'one');
  assert.equal(p.sharedImageMiB, 0);
  assert.equal(p.withinGuestDup, Math.round((400 / 512) * 1e4) / 1e4);
  assert.equal(p.withinGuestCopies, 200);
  assert.match(p.derivedFrom!, /one guest measured/);
  assert.throws(() => profileFromMeasured(m, [], 'none'), /no measured guest/);
});

test('a profile saved from two recorded guests gives two guests the sharing the measured pair has (m1, within 5%)', () => {
  const file = join('test', 'fixtures', 'measured', 'm1_guests_processes.samepage.json');
  const checked = validateScenario(JSON.parse(readFileSync(file, 'utf8')));
  assert.ok(checked.ok);
  const measuredPair: Scenario = { ...checked.scenario, guests: checked.scenario.guests.slice(0, 2), processes: [], knobs: { ...checked.scenario.knobs, run: 1 }, durationSeconds: 60 };
  const measurement = loadMeasurement(measuredPair, file)!;
  const profile = profileFromMeasured(measurement, measuredPair.guests.map((g) => ({ name: g.name, process: g.measured!.process })), 'harness-measured');
  const { measurement: _m, processes: _p, ...plain } = measuredPair;
  const fromProfile: Scenario = { ...plain, profiles: [profile], guests: [{ name: 'h', count: 2, memoryMiB: 256, profile: 'harness-measured', memMerge: true, thp: true }] };
  const sharing = (s: Scenario, m?: typeof measurement) => {
    const r = simulate(scenarioToSimConfig(s, m));
    return r.samples[r.samples.length - 1].ksm.pages_sharing;
  };
  const measured = sharing(measuredPair, measurement);
  const profiled = sharing(fromProfile);
  assert.ok(Math.abs(profiled - measured) / measured < 0.05, `measured pair ${measured}, profile pair ${profiled}`);
});
