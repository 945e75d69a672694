import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setScenarioValue, parsePath, SetError } from '../../../engine/whatif/setValue';
import { seedScenario } from '../../../engine/whatif/seed';
import { validateScenario } from '../../../engine/whatif/validate';

test('paths, shorthands and value types', () => {
  assert.deepEqual(parsePath('KSM_THRES_COEF'), ['ksmtuned', 'values', 'KSM_THRES_COEF']);
  assert.deepEqual(parsePath('pages_to_scan'), ['knobs', 'pages_to_scan']);
  assert.deepEqual(parsePath('guests[1].memMerge'), ['guests', 1, 'memMerge']);
  assert.deepEqual(parsePath('guests.0.count'), ['guests', 0, 'count']);
  const s = setScenarioValue(setScenarioValue(setScenarioValue(seedScenario(), 'KSM_THRES_COEF=20'), 'guests[0].memMerge=off'), 'durationSeconds=180') as ReturnType<typeof seedScenario>;
  assert.equal(s.ksmtuned.values.KSM_THRES_COEF, '20');
  assert.equal(s.guests[0].memMerge, false);
  assert.equal(s.durationSeconds, 180);
  assert.ok(validateScenario(s).ok);
});

test('bad assignments are SetErrors; bad values are left to validation', () => {
  for (const bad of ['nokey', '=5', '__proto__.x=1', 'host.constructor=1', 'guests[7].count=1', 'a..b=1', 'guests[0].memMerge.x.y[3]=1']) {
    assert.throws(() => setScenarioValue(seedScenario(), bad), SetError, bad);
  }
  assert.equal(validateScenario(setScenarioValue(seedScenario(), 'toString=1')).ok, false);
  const s = setScenarioValue(seedScenario(), 'host.memTotalKb=-1');
  assert.equal(validateScenario(s).ok, false);
  assert.equal(({} as Record<string, unknown>).x, undefined);
});
