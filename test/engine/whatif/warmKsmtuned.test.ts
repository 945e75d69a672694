import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostViewAtStart, MAX_WARM_CHECKS, warmKsmtuned } from '../../../engine/whatif/warmKsmtuned';
import { scenarioToSimConfig } from '../../../engine/whatif/toSimConfig';
import { seedScenario } from '../../../engine/whatif/seed';
import { simulate } from '../../../engine/sim/simulate';
import type { Scenario } from '../../../engine/whatif/scenario';

function seedWith(values: Record<string, string>, state: 'fresh' | 'running' | 'unset' = 'running'): Scenario {
  const s = seedScenario();
  s.ksmtuned.values = values;
  if (state === 'unset') delete s.ksmtuned.state;
  else s.ksmtuned.state = state;
  return s;
}

test('the t=0 view is what ksmtuned logged on the measured host: committed four guests, free 93409576 kB', () => {
  const view = hostViewAtStart(scenarioToSimConfig(seedScenario()));
  assert.equal(view.processes.length, 4);
  assert.equal(view.processes.reduce((n, p) => n + p.rssKb, 0), 34373632);
  assert.equal(view.memFreeKb + view.buffersKb + view.cachedKb, 93409576);
});

test('the t=0 view matches the simulator\'s own first ksmtuned check (nothing mergeable, so nothing changes before it)', () => {
  const s = seedWith({ KSM_THRES_COEF: '95' }, 'fresh');
  s.guests[0].memMerge = false;
  s.durationSeconds = 61;
  const config = scenarioToSimConfig(s);
  const view = hostViewAtStart(config);
  const first = simulate(config).ksmtunedLog.find((l) => l.line.startsWith('committed'));
  assert.equal(first?.line, `committed ${view.processes.reduce((n, p) => n + p.rssKb, 0)} free ${view.memFreeKb + view.cachedKb}`);
});

test('coef95 (free below thres, committed + thres above total): sustained boost settles at KSM_NPAGES_MAX, KSM running', () => {
  const c = scenarioToSimConfig(seedWith({ KSM_THRES_COEF: '95' }));
  assert.equal(c.ksmtuned?.npages, '1250');
  assert.deepEqual({ run: c.knobs.run, pages_to_scan: c.knobs.pages_to_scan, sleep_millisecs: c.knobs.sleep_millisecs }, { run: 1, pages_to_scan: 1250, sleep_millisecs: 10 });
  const warm = warmKsmtuned(c, c.ksmtuned!, {});
  assert.equal(warm.decision, 'boost');
  assert.equal(warm.checks, 6, '300, 600, 900, 1200, 1250, then 1250 again');
});

test('coef20 (the guests fit): every check stops KSM, so a running ksmtuned has run=0 and never raised npages', () => {
  const c = scenarioToSimConfig(seedWith({ KSM_THRES_COEF: '20' }));
  assert.equal(c.knobs.run, 0);
  assert.equal(c.ksmtuned?.npages, '0');
  assert.equal(c.knobs.pages_to_scan, undefined, 'a stop writes only run');
});

test('fresh (and no state at all) keeps the old meaning: npages unset, run=1 from ksm.service only', () => {
  for (const state of ['fresh', 'unset'] as const) {
    const c = scenarioToSimConfig(seedWith({ KSM_THRES_COEF: '95' }, state));
    assert.equal(c.ksmtuned?.npages, undefined);
    assert.deepEqual(c.knobs, { run: 1 });
  }
});

test('knobs the scenario sets win at t=0 (e.g. run=0: a stop during the guests\' restart); npages is still the settled one', () => {
  const s = seedWith({ KSM_THRES_COEF: '95' });
  s.knobs = { run: 0, pages_to_scan: 100 };
  const c = scenarioToSimConfig(s);
  assert.deepEqual({ run: c.knobs.run, pages_to_scan: c.knobs.pages_to_scan, sleep_millisecs: c.knobs.sleep_millisecs }, { run: 0, pages_to_scan: 100, sleep_millisecs: 10 });
  assert.equal(c.ksmtuned?.npages, '1250');
});

test('broken confs settle where the daemon leads them, or stop at the replay cap', () => {
  const crlf = scenarioToSimConfig(seedWith({ KSM_THRES_COEF: '95', KSM_NPAGES_MAX: '1250\r' }));
  assert.equal(crlf.ksmtuned?.npages, String(300 * MAX_WARM_CHECKS), 'the clamp is skipped, npages grows each check');
  const inverted = scenarioToSimConfig(seedWith({ KSM_THRES_COEF: '95', KSM_NPAGES_MIN: '500', KSM_NPAGES_MAX: '200' }));
  assert.equal(inverted.ksmtuned?.npages, '200');
  assert.equal(inverted.knobs.pages_to_scan, 200);
  const noDaemon = scenarioToSimConfig(seedWith({ KSM_THRES_COEF: '95', PIDFILE: '' }));
  assert.equal(noDaemon.ksmtuned?.npages, '0');
  assert.deepEqual(noDaemon.knobs, { run: 1 }, 'no loop ran, so only ksm.service wrote');
  const badSleep = scenarioToSimConfig(seedWith({ KSM_THRES_COEF: '95', KSM_SLEEP_MSEC: '08' }));
  assert.equal(badSleep.knobs.sleep_millisecs, 20, 'sleep stays empty, so KSMCTL writes nothing to sleep_millisecs: the kernel default stays');
  assert.equal(badSleep.knobs.pages_to_scan, 1250);
});

test('the simulator resumes a running ksmtuned: its first check boosts from 1250, not from 0', () => {
  const s = seedWith({ KSM_THRES_COEF: '95' });
  s.guests[0].memMerge = false;
  s.durationSeconds = 61;
  const log = simulate(scenarioToSimConfig(s)).ksmtunedLog.map((l) => l.line);
  assert.ok(log.includes('KSMCTL start 1250 10'), log.join('\n'));
  s.ksmtuned.state = 'fresh';
  assert.ok(simulate(scenarioToSimConfig(s)).ksmtunedLog.some((l) => l.line === 'KSMCTL start 300 10'));
});
