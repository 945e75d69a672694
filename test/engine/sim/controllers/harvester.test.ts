// Harvester node-manager's ksmtuned against pkg/ksmtuned/ksmtuned.go (apply, adjust, increase,
// decrease), ksmd.go (start / stop write order) and the modes in pkg/controller/ksmtuned/controller.go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HARVESTER_MODES, HarvesterKsmtuned, harvesterApply } from '../../../../engine/sim/controllers/harvester';
import { hostView } from './view';

const GiB = 1024 * 1024; // kB

test('apply(): sleep scales by 16 MiB over MemTotal in bytes, so it is 10 ms on any real host; the threshold is thresCoef% of MemTotal', () => {
  assert.deepEqual(harvesterApply(20, HARVESTER_MODES.standard, 64 * GiB * 1024), { sleepMsec: 10, thres: Math.floor((20 * 64 * GiB * 1024) / 100) });
  assert.equal(harvesterApply(150, HARVESTER_MODES.high, 1000).thres, 1000); // thresCoef is capped at 100
  assert.equal(harvesterApply(0, HARVESTER_MODES.high, 1000).thres, 5); // MinThres
  // A (tiny) 16 MiB host would get the configured 20 ms.
  assert.equal(harvesterApply(20, HARVESTER_MODES.high, 16 * 1024 * 1024).sleepMsec, 20);
});

test('high mode: +200 per minute under the threshold up to 10000, run then pages then sleep; above it -50 down to 100 with run=0', () => {
  const h = new HarvesterKsmtuned('high', 64 * GiB);
  const low = hostView({ totalKb: 64 * GiB, freeKb: 4 * GiB });
  const first = h.adjust(low);
  assert.deepEqual(first.writes, [
    { knob: 'run', value: '1' },
    { knob: 'pages_to_scan', value: '300' }, // curPage starts at minPages 100 (the resource update re-applies)
    { knob: 'sleep_millisecs', value: '10' },
  ]);
  let last = first;
  for (let i = 0; i < 60; i++) last = h.adjust(low);
  assert.equal(last.writes[1].value, '10000');
  const high = hostView({ totalKb: 64 * GiB, freeKb: 40 * GiB });
  assert.deepEqual(h.adjust(high).writes, [
    { knob: 'run', value: '0' },
    { knob: 'pages_to_scan', value: '9950' },
  ]);
});

test('standard mode stays at 100 pages; customized starts from 0 (apply with the previous minPages) and decays to minPages', () => {
  const s = new HarvesterKsmtuned('standard', 64 * GiB);
  const low = hostView({ totalKb: 64 * GiB, freeKb: 4 * GiB });
  assert.equal(s.adjust(low).writes[1].value, '100');
  assert.equal(s.adjust(low).writes[1].value, '100');
  const c = new HarvesterKsmtuned('customized', 64 * GiB, { boost: 1000, decay: 300, minPages: 200, maxPages: 1500 });
  assert.equal(c.adjust(low).writes[1].value, '1000');
  assert.equal(c.adjust(low).writes[1].value, '1500');
  const high = hostView({ totalKb: 64 * GiB, freeKb: 40 * GiB });
  assert.equal(c.adjust(high).writes[1].value, '1200');
  const d = new HarvesterKsmtuned('customized', 64 * GiB, { decay: 300, minPages: 200 });
  assert.equal(d.adjust(high).writes[1].value, '200'); // decay > curPage (0): minPages
});

test('the threshold compares MemAvailable in bytes: strictly below starts ksmd', () => {
  const h = new HarvesterKsmtuned('standard', 100 * GiB, { thresCoef: 20 });
  assert.equal(h.adjust(hostView({ totalKb: 100 * GiB, freeKb: 20 * GiB })).writes[0].value, '0');
  assert.equal(h.adjust(hostView({ totalKb: 100 * GiB, freeKb: 20 * GiB - 1 })).writes[0].value, '1');
});
