/** The scan-time advisor's integer arithmetic (ksm-spec §2.10) and its knob rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanTimeAdvisor, zeroAdvisorContext } from '../../../engine/sim/advisor';
import { at, identical, run } from './simHarness';

const KNOBS = { pages_to_scan: 500, advisor_max_cpu: 70, advisor_max_pages_to_scan: 30000, advisor_target_scan_time: 200 };

test('first retune: EWMA starts from 0, the 10 %-CPU floor dominates (hand-computed)', () => {
  // T = 10 s, cpu = 2100 ms → 21 %; factor = 200·100/10 = 2000; change = ewma(0, 100) = 30;
  // pages = 500·100/2000 = 25 → 25·30/100 = 7; per-1 % = 500/21 = 23; floor 23·10 = 230.
  const r = scanTimeAdvisor(zeroAdvisorContext(), 10.5e9, 2.1e9, KNOBS);
  assert.equal(r.cpuPercent, 21);
  assert.equal(r.pagesToScan, 230);
  assert.deepEqual(r.ctx, { startNs: 0, cpuNs: 2.1e9, change: 30, scanTime: 10 });
});

test('second retune: truncating divisions all the way (hand-computed)', () => {
  // T = 20 s, cpu diff 500 ms → 500·100/20000 = 2 (2.5 truncated); factor = 1000;
  // change = 20·100/10 = 200 → ewma = (70·30 + 30·200)/100 = 81; pages = 230·100/1000 = 23
  // → 23·81/100 = 18; per-1 % = 230/2 = 115; floor 1150.
  const ctx = { startNs: 10.5e9, cpuNs: 2.1e9, change: 30, scanTime: 10 };
  const r = scanTimeAdvisor(ctx, 30.5e9, 2.6e9, { ...KNOBS, pages_to_scan: 230 });
  assert.equal(r.cpuPercent, 2);
  assert.equal(r.ctx.change, 81);
  assert.equal(r.pagesToScan, 1150);
});

test('the caps: advisor_max_cpu, advisor_max_pages_to_scan, and a scan under a second counts as 1 s', () => {
  const busy = scanTimeAdvisor({ startNs: 0, cpuNs: 0, change: 100, scanTime: 400 }, 400.9e9, 360e9, { ...KNOBS, pages_to_scan: 10000, advisor_max_cpu: 50 });
  // T = 400, cpu 90 %, factor 50, change = ewma(100, 100) = 100, pages = 20000, per-1 % = 111 → cap 5550.
  assert.equal(busy.pagesToScan, 5550);
  const capped = scanTimeAdvisor({ startNs: 0, cpuNs: 0, change: 100, scanTime: 1 }, 0.3e9, 0.0001e9, { ...KNOBS, pages_to_scan: 20000, advisor_max_pages_to_scan: 7000 });
  assert.equal(capped.ctx.scanTime, 1);
  assert.equal(capped.pagesToScan, 7000);
});

test('selecting scan-time sets pages_to_scan to advisor_min_pages_to_scan; pages_to_scan writes are then refused; none resets to 100', () => {
  const r = run([identical('p', 500000)], {
    knobs: { run: 1, pages_to_scan: 1234 },
    durationSeconds: 6,
    sampleIntervalSeconds: 0.5,
    events: [
      { t: 1, kind: 'set', knobs: { advisor_min_pages_to_scan: 700, advisor_mode: 'scan-time' } },
      { t: 2, kind: 'set', knobs: { pages_to_scan: 5 } },
      { t: 5, kind: 'set', knobs: { advisor_mode: 'none' } },
    ],
  });
  assert.equal(at(r, 0.5).ksm.pages_to_scan, 1234);
  assert.equal(at(r, 1).ksm.advisor_mode, 'scan-time');
  assert.equal(at(r, 1).ksm.pages_to_scan, 700);
  assert.equal(at(r, 2.5).ksm.pages_to_scan, 700, 'EINVAL: the write is ignored');
  assert.equal(at(r, 5).ksm.pages_to_scan, 100);
});

test('after a mid-pass switch the first scan time counts from boot (the transient)', () => {
  const cfg = (uptimeSeconds: number) =>
    run([identical('p', 20000)], {
      host: { memTotalKb: 24684092, pageSize: 4096, hz: 250, cpus: 2, numaNodes: 1, kernel: '6.18', swapKb: 0, perPageCostNs: 5000, otherUsedKb: 0, cachedKb: 0, uptimeSeconds },
      knobs: { run: 1, pages_to_scan: 100 },
      durationSeconds: 20,
      sampleIntervalSeconds: 0.5,
      events: [{ t: 1, kind: 'set', knobs: { advisor_min_pages_to_scan: 100, advisor_mode: 'scan-time' } }],
    });
  const afterFirstRetune = (u: number) => cfg(u).samples.find((s) => s.ksm.pages_to_scan !== 100)!.ksm.pages_to_scan;
  // Booted at t=0: the pass ends at 4.8 s, T = 4; its visits were first visits (checksums only,
  // 20000 × 0.8 µs ≈ 16 ms) → 0 % → 1 %, so the 10 %-CPU floor gives 100/1·10 = 1000. Up for 100000 s: T = 100004, factor = 200·100/T = 0 → 1,
  // pages = 100·100/1 = 10000 → ·30/100 = 3000 (cpu 0 % → 1 %, cap 100·70 does not bite).
  assert.equal(afterFirstRetune(0), 1000);
  assert.equal(afterFirstRetune(100000), 3000);
});
