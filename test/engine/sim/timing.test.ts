/** ksmd's clock against 14_rate_sweep: batches, sleeps in whole jiffies, the per-page cost. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProcessSpec } from '../../../engine/sim/api';
import { BATCH_OVERHEAD_NS, batchWorkNs, CHECKSUM_COST_FRACTION, DUP_VISIT_NS, MERGED_VISIT_NS, nextWakeNs, SKIP_COST_NS } from '../../../engine/sim/timing';
import { HOST, at, mix, run } from './simHarness';

const unique: ProcessSpec = { name: 'u', argv: ['u'], merge: 'madvise', regions: [{ pages: 100000, content: mix({ uniquePages: 100000 }) }] };

/** Steady-state rate (tree visits): a fast first pass, then the setting from t=1. */
function rate(pagesToScan: number, sleep: number): number {
  const r = run([unique], {
    knobs: { run: 1, smart_scan: 0, pages_to_scan: 100000, sleep_millisecs: 0 },
    events: [{ t: 1, kind: 'set', knobs: { pages_to_scan: pagesToScan, sleep_millisecs: sleep } }],
    durationSeconds: 7,
    sampleIntervalSeconds: 0.2,
  });
  assert.ok(at(r, 1).ksm.full_scans >= 1, 'the first pass is over');
  return (at(r, 7).ksm.pages_scanned - at(r, 2).ksm.pages_scanned) / 5;
}

test('first visits only take a checksum: 1000-page batches fit one jiffy (q1: 24 ms per batch)', () => {
  const r = run([unique], { knobs: { run: 1, smart_scan: 0, pages_to_scan: 1000, sleep_millisecs: 20 }, durationSeconds: 2, sampleIntervalSeconds: 0.2 });
  assert.equal(at(r, 2).ksm.full_scans, 0);
  const perSecond = (at(r, 2).ksm.pages_scanned - at(r, 1).ksm.pages_scanned) / 1;
  assert.ok(Math.abs(perSecond - 1000 / 0.024) < 1000, `first pass at 1000/20: ${perSecond}`);
  assert.ok(rate(1000, 20) < 36500, 'later passes search the trees: 28 ms per batch');
});

test('pages_scanned per second matches 14_rate_sweep (HZ=250, 5 µs per page)', () => {
  const r = rate(100, 20);
  assert.ok(r >= 4100 && r <= 4170, `100/20: ${r}`);
  const measured: Array<[number, number, number]> = [
    [100, 10, 6229],
    [100, 50, 1781],
    [100, 100, 958],
    [1000, 20, 35262],
    [100, 0, 199000],
  ];
  for (const [p, s, real] of measured) {
    const sim = rate(p, s);
    assert.ok(Math.abs(sim - real) / real < 0.03, `${p}/${s}: simulated ${sim}, measured ${real}`);
  }
});

test('a sleep is rounded up to whole jiffies and counted from the jiffy the batch ended in, plus one tick', () => {
  assert.equal(nextWakeNs(500_000, 20, 250), 24e6);
  assert.equal(nextWakeNs(500_000, 10, 250), 16e6);
  assert.equal(nextWakeNs(500_000, 1, 250), 8e6);
  assert.equal(nextWakeNs(6_250_000, 10, 250), 20e6); // 1250 pages at 5 µs: 20 ms, ≈62 k pages/s
  assert.equal(nextWakeNs(500_000, 0, 250), 500_000);
  assert.equal(nextWakeNs(500_000, 20, 1000), 21e6);
});

test('a sleep_millisecs write wakes ksmd early only when the value differs', () => {
  const base = { knobs: { run: 1 as const, smart_scan: 0 as const, sleep_millisecs: 10000 }, durationSeconds: 3, sampleIntervalSeconds: 0.5 };
  const same = run([unique], { ...base, events: [{ t: 1, kind: 'set', knobs: { sleep_millisecs: 10000 } }] });
  assert.equal(at(same, 2).ksm.pages_scanned, 100, 'one batch at t=0, still asleep');
  const different = run([unique], { ...base, events: [{ t: 1, kind: 'set', knobs: { sleep_millisecs: 9999 } }] });
  assert.equal(at(different, 2).ksm.pages_scanned, 200, 'woken at t=1 for a second batch');
});

test('ksmd CPU share per sample follows the per-page cost', () => {
  const r = run([unique], { host: { ...HOST, perPageCostNs: 5000 }, knobs: { run: 1, smart_scan: 0, pages_to_scan: 1000, sleep_millisecs: 20 }, durationSeconds: 5, sampleIntervalSeconds: 1 });
  assert.ok(r.samples[1].ksmdCpu < 0.05, `first pass (checksums only): cpu ${r.samples[1].ksmdCpu}`);
  const cpu = r.samples[5].ksmdCpu;
  // Second pass: 1000 pages × 5 µs every 28 ms ≈ 18 %.
  assert.ok(cpu > 0.16 && cpu < 0.2, `cpu ${cpu}`);
});

test('only visits that read the page scale with the host cost: merged visits, skips and chain steps do not', () => {
  const visits = { examined: 100, skipped: 50, treeVisits: 20, mergedVisits: 30, dupVisits: 1000 };
  const slow = batchWorkNs(visits, 10_000);
  const fast = batchWorkNs(visits, 5_000);
  // 20 tree visits and 50 checksum-only visits (100 - 20 - 30) carry the whole difference.
  assert.equal(slow - fast, 20 * 5_000 + 50 * 5_000 * CHECKSUM_COST_FRACTION);
  assert.equal(batchWorkNs({ ...visits, treeVisits: 0, examined: 30 }, 10_000), batchWorkNs({ ...visits, treeVisits: 0, examined: 30 }, 5_000));
  assert.equal(
    batchWorkNs({ examined: 30, skipped: 50, treeVisits: 0, mergedVisits: 30, dupVisits: 1000 }, 1),
    BATCH_OVERHEAD_NS + 30 * MERGED_VISIT_NS + 50 * SKIP_COST_NS + 1000 * DUP_VISIT_NS,
  );
});
