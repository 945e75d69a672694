import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCost, estimateScenarioCost, estimateSimCost, estimatedSeconds, loopIterationNs } from '../../../engine/whatif/costEstimate';
import { seedScenario } from '../../../engine/whatif/seed';
import { scenarioToSimConfig } from '../../../engine/whatif/toSimConfig';
import { simulate } from '../../../engine/sim/simulate';

test('the seed estimate counts its pages and bounds the visits ksmd makes', () => {
  const config = scenarioToSimConfig(seedScenario());
  const e = estimateSimCost(config);
  assert.equal(e.pages, 4 * 2 ** 21);
  const real = simulate(config);
  // ksmtuned's ceiling (1250 pages every 11 ms at HZ=1000) is an upper bound, within 2x of what ran.
  assert.ok(e.visits >= real.examinedPages && e.visits < 2 * real.examinedPages, `${e.visits} vs ${real.examinedPages}`);
  assert.ok(e.memoryBytes > e.pages * 11);
});

test('cost grows with size, rate and duration; no ksmd and no ksmtuned means no visits', () => {
  const seed = seedScenario();
  const base = estimateScenarioCost(seed);
  const bigger = estimateScenarioCost({ ...seed, guests: [{ ...seed.guests[0], count: 8 }], host: { ...seed.host, memTotalKb: 4 * seed.host.memTotalKb } });
  assert.equal(bigger.pages, 2 * base.pages);
  assert.ok(bigger.loopIterations > base.loopIterations);
  const longer = estimateScenarioCost({ ...seed, durationSeconds: 6000 });
  assert.ok(longer.visits > 9 * base.visits && longer.loopIterations > 5 * base.loopIterations);
  const off = estimateScenarioCost({ ...seed, ksmtuned: { ...seed.ksmtuned, enabled: false } });
  assert.equal(off.visits, 0);
  const fast = estimateScenarioCost({ ...seed, ksmtuned: { ...seed.ksmtuned, enabled: false }, knobs: { run: 1, pages_to_scan: 5000, sleep_millisecs: 0 } });
  assert.ok(fast.visits > 10 * base.visits, 'sleep 0 makes ksmd CPU-bound');
});

test('the time estimate scales with the machine unit and reads as words', () => {
  const e = estimateScenarioCost(seedScenario());
  const ns = loopIterationNs(200_000);
  assert.ok(ns > 0 && ns < 1000);
  assert.equal(estimatedSeconds(e, 2), 2 * estimatedSeconds(e, 1));
  assert.match(describeCost(e, 7200), /^about 2\.0 h and \d+\.\d GiB of memory \(8388608 pages/);
  assert.match(describeCost(e, 30), /^about 30 s/);
});
