import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContentOrder, DEFAULT_ORDER, mixOrder } from '../../../engine/sim/contentOrder';
import * as PF from '../../../engine/sim/pageFlags';
import { UnstableTree } from '../../../engine/sim/unstableTree';

test('the zero page sorts first; other contents in a fixed pseudo-random order', () => {
  assert.equal(DEFAULT_ORDER.key(PF.ZERO_CONTENT), -1);
  assert.ok(DEFAULT_ORDER.key(2) >= 0 && DEFAULT_ORDER.key(0x80000005) >= 0);
  assert.equal(DEFAULT_ORDER.key(12345), DEFAULT_ORDER.key(12345));
  // The same order as the bare mix: scenarios without measured positions are unchanged.
  const ids = [3, 77, 1000, 0x80000001, 0x80001234, 999999];
  const byKey = [...ids].sort((a, b) => DEFAULT_ORDER.key(a) - DEFAULT_ORDER.key(b));
  const byMix = [...ids].sort((a, b) => mixOrder(a) - mixOrder(b));
  assert.deepEqual(byKey, byMix);
});

test('measured shared contents sort by their recorded positions, and never tie with other ids', () => {
  const base = 10;
  const positions = Uint32Array.from([0xf0000000, 5, 0x80000000]);
  const order = new ContentOrder(base, positions);
  assert.ok(order.key(base + 1) < order.key(base + 2) && order.key(base + 2) < order.key(base));
  assert.ok(order.key(base + 1) > order.key(PF.ZERO_CONTENT));
  // Outside the measured range the pseudo-random order applies, offset so no key equals a position's.
  assert.equal(order.key(base + 3), DEFAULT_ORDER.key(base + 3));
  for (let c = 0; c < 2000; c++) if (c < base || c >= base + 3) assert.notEqual(order.key(c) % 2, 0);
  assert.ok(Number.isSafeInteger(order.key(base)) && Number.isSafeInteger(order.key(0xffffffff)));
});

test('the unstable tree follows the recorded order', () => {
  const base = 2;
  // Contents 2, 3, 4 recorded in the order 4 < 2 < 3.
  const order = new ContentOrder(base, Uint32Array.from([200, 300, 100]));
  const content = Uint32Array.from([2, 3, 4]);
  const flags = new Uint8Array(3).fill(PF.PRESENT | PF.HAS_ITEM);
  const t = new UnstableTree(3, 1, content, flags, order);
  for (let i = 0; i < 3; i++) t.searchInsert(i, content[i], 0);
  assert.deepEqual(t.inOrder(0).map((v) => content[v]), [4, 2, 3]);
});
