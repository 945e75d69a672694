/** ksmtuned inside a simulation: its decisions follow the simulated host's free memory. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOST, identical, run } from './simHarness';

test('ksmtuned stops KSM on a roomy host and boosts it when free memory runs low', () => {
  const guest = { ...identical('g', 262_144), argv: ['qemu-system-x86_64', '-enable-kvm', '-m', '1G'] };
  const roomy = run([guest], { knobs: { run: 1 }, ksmtuned: { variant: 'debian', values: { KSM_MONITOR_INTERVAL: '5', DEBUG: '1' } }, durationSeconds: 12, sampleIntervalSeconds: 1 });
  assert.ok(roomy.ksmtunedLog.some((l) => /^total \d+$/.test(l.line)));
  const stop = roomy.ksmtunedLog.find((l) => l.line.endsWith('stop ksm'))!;
  assert.equal(stop.t, 5);
  assert.equal(roomy.samples.find((s) => s.t === 6)!.ksm.run, 0);

  // 1.2 GiB of RAM, 1 GiB guest: free < 20 % → boost: pages_to_scan 300, run 1, sleep from the formula.
  const tight = run([guest], {
    host: { ...HOST, memTotalKb: 1_258_291, otherUsedKb: 100_000, cachedKb: 0 },
    knobs: { run: 0 },
    ksmtuned: { variant: 'debian', values: { KSM_MONITOR_INTERVAL: '5', DEBUG: '1' } },
    durationSeconds: 12,
    sampleIntervalSeconds: 1,
  });
  assert.ok(tight.ksmtunedLog.some((l) => l.t === 5 && l.line.endsWith('boost')), JSON.stringify(tight.ksmtunedLog));
  const s6 = tight.samples.find((s) => s.t === 6)!.ksm;
  assert.deepEqual([s6.run, s6.pages_to_scan], [1, 300]);
  assert.ok(s6.pages_sharing > 0 || s6.pages_scanned > 0, 'ksmd runs once ksmtuned started it');
});
