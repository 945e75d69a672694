// oVirt MoM with vdsm's 03-ksm.policy against the policy text, MoM's HostMemory / HostKSM collectors,
// Entity.StatAvg and the KSM controller (writes only values that differ from the collected ones).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MomKsmPolicy } from '../../../../engine/sim/controllers/mom';
import { hostView } from './view';

const GiB = 1024 * 1024; // kB
const qemu = (vszKb: number) => ({ argv: ['/usr/libexec/qemu-kvm'], comm: 'qemu-kvm', rssKb: vszKb, vszKb });

test('no pressure: committed VSZ + 20% of MemTotal below MemTotal and average free above 20% → run=0 (written only if ksm ran)', () => {
  const m = new MomKsmPolicy();
  const view = hostView({ totalKb: 64 * GiB, freeKb: 40 * GiB, processes: [qemu(8 * GiB)], ksm: { run: 1, merge_across_nodes: 1 } });
  assert.deepEqual(m.adjust(view).writes, [{ knob: 'run', value: '0' }]);
  const idle = new MomKsmPolicy();
  assert.deepEqual(idle.adjust(hostView({ totalKb: 64 * GiB, freeKb: 40 * GiB, ksm: { run: 0 } })).writes, []);
});

test('committed memory alone triggers KSM: run=1, sleep = max(10, 10 × 16 GiB / MemTotal) truncated, pages decay by 50 from the current value', () => {
  const m = new MomKsmPolicy();
  // 60 GiB of qemu VSZ + 12.8 GiB threshold > 64 GiB; free 40 GiB > threshold: decay.
  const view = hostView({ totalKb: 64 * GiB, freeKb: 40 * GiB, processes: [qemu(60 * GiB)], ksm: { run: 0, pages_to_scan: 100, sleep_millisecs: 20 } });
  assert.deepEqual(m.adjust(view).writes, [
    { knob: 'run', value: '1' },
    { knob: 'pages_to_scan', value: '64' }, // 100 - 50 = 50, clamped to ksm_npages_min 64
    { knob: 'sleep_millisecs', value: '10' }, // 10*16777216/67108864 = 2.5 → max 10
  ]);
  // A 4 GiB host: 10 × 16 GiB / 4 GiB = 40 ms.
  const small = new MomKsmPolicy();
  const w = small.adjust(hostView({ totalKb: 4 * GiB, freeKb: 0.5 * GiB, ksm: { run: 1, pages_to_scan: 1200, sleep_millisecs: 20 } })).writes;
  assert.deepEqual(w, [
    { knob: 'pages_to_scan', value: '1250' },
    { knob: 'sleep_millisecs', value: '40' },
  ]);
});

test('free memory is averaged over the last 10 collections (StatAvg over sample-history-length)', () => {
  const m = new MomKsmPolicy();
  const total = 100 * GiB;
  // Nine collections with 50 GiB free, then one with 0: average 45 GiB > 20 GiB, no boost; committed high forces run.
  for (let i = 0; i < 9; i++) m.adjust(hostView({ totalKb: total, freeKb: 50 * GiB, processes: [qemu(90 * GiB)], ksm: { run: 1, pages_to_scan: 500, sleep_millisecs: 10 } }));
  const w = m.adjust(hostView({ totalKb: total, freeKb: 0, processes: [qemu(90 * GiB)], ksm: { run: 1, pages_to_scan: 500, sleep_millisecs: 10 } })).writes;
  assert.deepEqual(w, [{ knob: 'pages_to_scan', value: '450' }]);
  // Only processes whose name contains qemu count (pgrep qemu).
  const other = new MomKsmPolicy();
  const none = other.adjust(hostView({ totalKb: total, freeKb: 50 * GiB, processes: [{ argv: ['cloud-hypervisor'], comm: 'cloud-hyperviso', rssKb: 0, vszKb: 90 * GiB }], ksm: { run: 0 } }));
  assert.deepEqual(none.writes, []);
});

test('merge_across_nodes is reset to 1 while nothing is shared; with shared pages and 0 in force it unmerges (run=2)', () => {
  const m = new MomKsmPolicy();
  assert.deepEqual(m.adjust(hostView({ totalKb: 64 * GiB, freeKb: 40 * GiB, ksm: { run: 0, merge_across_nodes: 0, pages_shared: 0 } })).writes, [{ knob: 'merge_across_nodes', value: '1' }]);
  const n = new MomKsmPolicy();
  assert.deepEqual(n.adjust(hostView({ totalKb: 64 * GiB, freeKb: 40 * GiB, ksm: { run: 1, merge_across_nodes: 0, pages_shared: 10 } })).writes, [{ knob: 'run', value: '2' }]);
});
