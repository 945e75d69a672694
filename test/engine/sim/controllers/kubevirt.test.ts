// KubeVirt virt-handler's KSM handler against pkg/virt-handler/ksm/ksm.go (calculateNewRunSleepAndPages,
// writeKsmValuesToFiles, getIntParam's bound check), step by step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KubevirtKsmHandler, kubevirtDecision, kubevirtParams } from '../../../../engine/sim/controllers/kubevirt';
import { hostView } from './view';

const GiB = 1024 * 1024; // kB

test('defaults are the handler constants', () => {
  assert.deepEqual(kubevirtParams(), { boost: 300, decay: -50, min: 64, max: 1250, init: 100, sleepBaseline: 100, freePercent: Math.fround(0.2) });
});

test('under pressure it starts at pages-init, then boosts by 300 up to 1250; sleep = 100 × 16 GiB / used, at least 10', () => {
  const p = kubevirtParams();
  // 64 GiB host, 8 GiB available (12.5% <= 20%): pressure. used = 56 GiB → 100*16777216/58720256 = 28 (integer).
  let s = kubevirtDecision(p, 64 * GiB, 8 * GiB, false, 0);
  assert.deepEqual(s, { running: true, sleep: 28, pages: 100, pressure: true });
  for (const want of [400, 700, 1000, 1250, 1250]) {
    s = kubevirtDecision(p, 64 * GiB, 8 * GiB, true, s.pages);
    assert.equal(s.pages, want);
  }
  // 1 TiB used: 100*16 GiB/1 TiB = 1.5625 → 1, below baseline/10 = 10 → 10.
  assert.equal(kubevirtDecision(p, 1100 * GiB, 76 * GiB, false, 0).sleep, 10);
});

test('without pressure it decays by 50 and stops once below pages-min; a stopped node stays at {0,0,0}', () => {
  const p = kubevirtParams();
  assert.deepEqual(kubevirtDecision(p, 64 * GiB, 40 * GiB, true, 200), { running: true, sleep: Math.floor((100 * 16777216) / (24 * GiB)), pages: 150, pressure: false });
  assert.deepEqual(kubevirtDecision(p, 64 * GiB, 40 * GiB, true, 100), { running: false, sleep: 66, pages: 64, pressure: false });
  assert.deepEqual(kubevirtDecision(p, 64 * GiB, 40 * GiB, false, 100), { running: false, sleep: 0, pages: 0, pressure: false });
  // Exactly 20% available is pressure (the test is available > total × freePercent).
  assert.equal(kubevirtDecision(p, 100 * GiB, 20 * GiB, false, 0).running, true);
});

test('out-of-range overrides fall back to the default, or to the lower bound when the default is out of range too', () => {
  assert.equal(kubevirtParams({ 'pages-decay': 10 }).decay, -50);
  // Bounds are checked only for annotations that are set: pages-min alone leaves max at its default.
  assert.equal(kubevirtParams({ 'pages-min': 2000 }).max, 1250);
  // max's lower bound is min; the default 1250 is below it too → the lower bound.
  assert.equal(kubevirtParams({ 'pages-min': 2000, 'pages-max': 1500 }).max, 2000);
  assert.equal(kubevirtParams({ 'pages-min': 2000, 'pages-max': 3000, 'pages-init': 10 }).init, 2000);
  assert.equal(kubevirtParams({ 'free-percent': 1.5 }).freePercent, Math.fround(0.2));
  assert.equal(kubevirtParams({ 'pages-boost': 1000 }).boost, 1000);
});

test('writes sleep, pages, then run=1 when running; only run=0 when not (writeKsmValuesToFiles order)', () => {
  const h = new KubevirtKsmHandler();
  assert.equal(h.decidesAtStart, true);
  assert.equal(h.intervalSeconds, 180);
  const on = h.adjust(hostView({ totalKb: 64 * GiB, freeKb: 8 * GiB, ksm: { run: 0, pages_to_scan: 100 } }));
  assert.deepEqual(on.writes, [
    { knob: 'sleep_millisecs', value: '28' },
    { knob: 'pages_to_scan', value: '100' },
    { knob: 'run', value: '1' },
  ]);
  const off = h.adjust(hostView({ totalKb: 64 * GiB, freeKb: 40 * GiB, ksm: { run: 0 } }));
  assert.deepEqual(off.writes, [{ knob: 'run', value: '0' }]);
});
