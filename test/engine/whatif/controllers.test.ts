// Controllers in a what-if run: the scenario field, its alias, the advisor's lock on pages_to_scan
// (writes refused with EINVAL, and the validation says so), and the writes in the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../../engine/sim/simulate';
import { runWhatIf } from '../../../engine/whatif/run';
import { toWhatIfResult } from '../../../engine/whatif/result';
import { validateScenario } from '../../../engine/whatif/validate';
import { scenarioToSimConfig } from '../../../engine/whatif/toSimConfig';
import type { Scenario } from '../../../engine/whatif/scenario';

/** A small 6.8 host whose guests leave little MemAvailable, so every controller runs KSM. */
function small(over: Partial<Scenario> = {}): Scenario {
  return {
    host: { memTotalKb: 4 * 1024 * 1024, pageSize: 4096, hz: 250, cpus: 4, numaNodes: 1, kernel: '6.8', swapKb: 0, otherUsedKb: 200_000, cachedKb: 50_000 },
    guests: [{ name: 'vm', count: 3, memoryMiB: 1024, profile: 'linux-server-idle', memMerge: true, thp: false }],
    knobs: {},
    ksmtuned: { enabled: false, variant: 'debian', values: {} },
    durationSeconds: 600,
    ...over,
  };
}

function valid(raw: unknown): { scenario: Scenario; warnings: string[] } {
  const v = validateScenario(raw);
  assert.ok(v.ok, v.ok ? '' : v.errors.join('; '));
  return v;
}

test('controller replaces ksmtuned.enabled; the older field follows it', () => {
  const v = valid({ ...small(), ksmtuned: { enabled: true, variant: 'debian', values: {} }, controller: 'kubevirt' });
  assert.equal(v.scenario.controller, 'kubevirt');
  assert.equal(v.scenario.ksmtuned.enabled, false);
  const c = scenarioToSimConfig(v.scenario);
  assert.equal(c.ksmtuned, undefined);
  assert.equal(c.controller?.name, 'kubevirt');
  assert.equal(scenarioToSimConfig(valid(small({ ksmtuned: { enabled: true, variant: 'debian', values: {} } })).scenario).ksmtuned?.variant, 'debian');
});

test('unknown controllers, settings of another controller and out-of-range values are refused', () => {
  const bad = (raw: unknown, re: RegExp) => {
    const v = validateScenario(raw);
    assert.equal(v.ok, false);
    if (!v.ok) assert.match(v.errors.join('\n'), re);
  };
  bad({ ...small(), controller: 'tuned' }, /controller: expected one of/);
  bad({ ...small(), controller: 'kubevirt', controllerSettings: { thresCoef: 50 } }, /unknown property 'thresCoef'/);
  bad({ ...small(), controller: 'harvester-high', controllerSettings: { thresCoef: 101 } }, /out of range/);
  bad({ ...small(), controller: 'advisor', host: { ...small().host, kernel: '6.1' } }, /scan-time advisor needs Linux 6.8/);
});

test('a controller that writes pages_to_scan under the scan-time advisor: the lint warns and the kernel refuses every such write', () => {
  const v = valid({ ...small(), controller: 'harvester-high', controllerSettings: { thresCoef: 100 }, knobs: { advisor_mode: 'scan-time', run: 1 } });
  assert.ok(v.warnings.some((w) => /EINVAL/.test(w) && /advisor/.test(w)), v.warnings.join('\n'));
  const run = runWhatIf(v.scenario, simulate);
  const pages = run.result.knobWrites.filter((w) => w.knob === 'pages_to_scan');
  assert.ok(pages.length >= 9, `one refused write a minute, got ${pages.length}`);
  for (const w of pages) {
    assert.equal(w.ok, false);
    assert.match(w.error ?? '', /^EINVAL/);
    assert.equal(w.by, 'harvester-high');
  }
  // The advisor, not Harvester's +200 a minute, decides pages_to_scan.
  const last = run.result.samples[run.result.samples.length - 1];
  assert.notEqual(last.ksm.pages_to_scan, 100 + 200 * 10);
});

test('the advisor as a controller switches advisor_mode on at the start and writes nothing else', () => {
  const v = valid({ ...small(), controller: 'advisor' });
  const config = scenarioToSimConfig(v.scenario);
  assert.equal(config.knobs.advisor_mode, 'scan-time');
  assert.equal(config.knobs.run, 1);
  const run = runWhatIf(v.scenario, simulate);
  assert.deepEqual(run.result.knobWrites, []);
  assert.ok(run.summary.savedBytes > 0);
});

test("each controller's writes over time are in the result, attributed to it", () => {
  for (const controller of ['mom', 'kubevirt', 'harvester-standard'] as const) {
    const v = valid({ ...small(), controller, controllerSettings: controller === 'harvester-standard' ? { thresCoef: 100 } : controller === 'mom' ? { ksm_free_percent: 1 } : { 'free-percent': 1, 'sleep-ms-baseline': 1, 'pages-init': 1000 } });
    const result = toWhatIfResult(runWhatIf(v.scenario, simulate), 'test');
    assert.equal(result.controller, controller);
    const runOn = result.knobWrites!.find((w) => w.knob === 'run' && w.value === '1');
    assert.ok(runOn, `${controller} starts KSM`);
    assert.equal(runOn.by, controller);
    assert.ok(result.knobWritesTotal! >= result.knobWrites!.length);
    assert.ok(result.summary.savedBytes > 0, `${controller} saves memory`);
  }
});
