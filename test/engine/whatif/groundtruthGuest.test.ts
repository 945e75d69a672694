/**
 * The groundtruth-debian profile reuses the replay's model of the harness guest. A what-if of the
 * published q1 recording's setup (4 × 512 MiB guests, mem-merge=on, pages_to_scan=1000, 60 s on
 * the 24 GiB, HZ=250 recording machine) must land where the recording did. The guest model was
 * calibrated on q1 by the replay work, so this checks the what-if path (scenario → processes),
 * not the model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../../engine/sim/simulate';
import { runWhatIf } from '../../../engine/whatif/run';
import { validateScenario } from '../../../engine/whatif/validate';

const Q1_FINAL = { pages_shared: 7240, pages_sharing: 187561 }; // ../shared/groundtruth/README.md summary table

test('a what-if of the q1 recording reproduces its final pages_shared and pages_sharing within 1%', { timeout: 120_000 }, () => {
  const checked = validateScenario({
    name: 'q1 setup',
    host: { memTotalKb: 24684092, pageSize: 4096, hz: 250, cpus: 2, numaNodes: 1, kernel: '6.18', swapKb: 0 },
    guests: [{ name: 'g', count: 4, memoryMiB: 512, profile: 'groundtruth-debian', memMerge: true, thp: true }],
    knobs: { run: 1, pages_to_scan: 1000 },
    ksmtuned: { enabled: false, variant: 'debian', values: {} },
    durationSeconds: 60,
  });
  assert.ok(checked.ok, checked.ok ? '' : checked.errors.join('\n'));
  const last = runWhatIf(checked.scenario, simulate).result.samples.at(-1)!;
  for (const [name, real] of Object.entries(Q1_FINAL)) {
    const predicted = last.ksm[name as keyof typeof Q1_FINAL];
    assert.ok(Math.abs(predicted - real) / real < 0.01, `${name}: ${predicted} vs ${real}`);
  }
});

test('the harness guest needs at least 512 MiB', () => {
  const r = validateScenario({
    host: { memTotalKb: 24684092, pageSize: 4096, hz: 250, cpus: 2, numaNodes: 1, kernel: '6.18', swapKb: 0 },
    guests: [{ name: 'g', count: 1, memoryMiB: 256, profile: 'groundtruth-debian', memMerge: true, thp: true }],
    ksmtuned: { enabled: false, variant: 'debian' },
    durationSeconds: 60,
  });
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.errors.join('\n'), /needs at least 512 MiB/);
});
