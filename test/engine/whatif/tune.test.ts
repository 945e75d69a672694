import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROLLER_NAMES, CONTROLLERS } from '../../../engine/knowledge/controllers';
import { knobByName } from '../../../engine/knowledge/knobs';
import { ksmtunedVariable } from '../../../engine/knowledge/ksmtunedVariables';
import { decide, paretoFrontier, searchSpace, tuneCandidates, type TunePoint } from '../../../engine/whatif/tune';
import { bestAchievableBytes } from '../../../engine/whatif/potential';
import { scenarioToSimConfig } from '../../../engine/whatif/toSimConfig';
import { seedScenario } from '../../../engine/whatif/seed';
import { validateScenario } from '../../../engine/whatif/validate';

test('every value tune tries lies in the range the knowledge table gives, and every search point is a valid scenario', () => {
  for (const c of CONTROLLER_NAMES) {
    for (const d of searchSpace(c)) {
      const range = knobByName(d.key)?.range ?? ksmtunedVariable(d.key)?.range ?? CONTROLLERS[c].settings.find((s) => s.name === d.key);
      assert.ok(range, `${c}: ${d.key} has a range`);
      for (const v of d.values) assert.ok(v >= range.min && v <= range.max, `${c}: ${d.key}=${v} in ${range.min}..${range.max}`);
    }
    const seed = { ...seedScenario(), host: { ...seedScenario().host, kernel: '6.8' } };
    for (const p of tuneCandidates(seed, c)) {
      const v = validateScenario(p.scenario);
      assert.ok(v.ok, `${c} ${JSON.stringify(p.settings)}: ${v.ok ? '' : v.errors.join('; ')}`);
    }
  }
});

const point = (savedBytes: number, cpu: number, reach: number | null, tag: string): TunePoint => ({
  savedBytes, ksmdCpuPercent: cpu, ksmdCpuPeakPercent: cpu, t50Seconds: null, t90Seconds: null, generalProfitBytes: savedBytes - 1, settledSeconds: null, cancelled: false, reachSeconds: reach, settings: { tag },
});

test('decide: the least CPU among the points that reach the goal in time and under the CPU cap; else the biggest saving, said to miss', () => {
  const pts = [point(10, 5, null, 'slow'), point(90, 20, 500, 'late'), point(95, 30, 100, 'ok'), point(95, 50, 60, 'fast'), point(96, 80, 50, 'hot')];
  assert.equal(decide(pts, { fraction: 0.9, withinSeconds: 300, maxCpuPercent: 100 }, 100).chosen.settings.tag, 'ok');
  assert.equal(decide(pts, { fraction: 0.9, withinSeconds: 600, maxCpuPercent: 100 }, 100).chosen.settings.tag, 'late');
  const capped = decide(pts, { fraction: 0.9, withinSeconds: 300, maxCpuPercent: 25 }, 100);
  assert.equal(capped.goalReached, false);
  assert.equal(capped.chosen.settings.tag, 'hot');
  assert.deepEqual(paretoFrontier(pts).map((p) => p.settings.tag), ['slow', 'late', 'ok', 'hot']);
});

test('the best achievable saving of the seed: every duplicate of its content merged (the seed run reaches it)', () => {
  const best = bestAchievableBytes(scenarioToSimConfig(seedScenario()));
  assert.equal(best, 5767659 * 4096); // the pages_sharing the seed what-if ends with
  const off = seedScenario();
  off.guests[0].memMerge = false;
  assert.equal(bestAchievableBytes(scenarioToSimConfig(off)), 0);
});
