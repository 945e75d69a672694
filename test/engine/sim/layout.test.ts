/** Page layouts as the harness's workload.c lays them out. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillRegionContents, layoutRegion, LAYOUT_UNIQUE, LAYOUT_ZERO, poolClassCounts } from '../../../engine/sim/contentLayout';
import { mix } from './simHarness';

test('shuffle reproduces workload.c (seed 1, 20000 pages: 4 classes × 1250, 10000 zero, 5000 unique)', () => {
  const m = mix({ zeroPages: 10000, uniquePages: 5000, pools: [{ pool: 'x', distinct: 4, pages: 5000 }], layout: 'shuffle', seed: 1 });
  const l = layoutRegion(m, 20000);
  // The first pages of the real program's plan (checked against a BigInt splitmix64 port).
  assert.deepEqual(Array.from(l.slice(0, 12)), [LAYOUT_ZERO, 1, LAYOUT_ZERO, 1, LAYOUT_ZERO, 0, LAYOUT_ZERO, 1, 0, LAYOUT_UNIQUE, LAYOUT_ZERO, LAYOUT_ZERO]);
  assert.equal(l.filter((c) => c === LAYOUT_ZERO).length, 10000);
  assert.equal(l.filter((c) => c === 3).length, 1250);
});

test('sequential layout: classes in order, zero pages, then unique; the remainder of the region is unique', () => {
  const l = layoutRegion(mix({ zeroPages: 2, uniquePages: 1, pools: [{ pool: 'x', distinct: 2, pages: 3 }] }), 8);
  assert.deepEqual(Array.from(l), [0, 0, 1, LAYOUT_ZERO, LAYOUT_ZERO, LAYOUT_UNIQUE, LAYOUT_UNIQUE, LAYOUT_UNIQUE]);
});

test('weights: exact counts when they add up to the pages (workload --mult), else proportional', () => {
  assert.deepEqual(poolClassCounts({ pool: 'x', distinct: 3, pages: 10, weights: [5, 3, 2] }), [5, 3, 2]);
  assert.deepEqual(poolClassCounts({ pool: 'x', distinct: 2, pages: 10, weights: [1, 3] }), [3, 7]);
  assert.deepEqual(poolClassCounts({ pool: 'x', distinct: 3, pages: 10 }), [4, 3, 3]);
});

test('the in-place fill lays contents out exactly like layoutRegion', () => {
  const m = mix({ zeroPages: 300, uniquePages: 200, pools: [{ pool: 'a', distinct: 7, pages: 400 }, { pool: 'b', distinct: 3, pages: 100, weights: [1, 1, 2] }], layout: 'shuffle', seed: 99 });
  const codes = layoutRegion(m, 1100);
  const ids = new Uint32Array(1100);
  let unique = 1_000_000;
  fillRegionContents(m, ids, (pool, cls) => (pool === 'a' ? 100 : 200) + cls, 1, (n) => ((unique += n), unique - n));
  const classIds = [...Array.from({ length: 7 }, (_, k) => 100 + k), 200, 201, 202];
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c >= 0) assert.equal(ids[i], classIds[c], `page ${i}`);
    else if (c === LAYOUT_ZERO) assert.equal(ids[i], 1, `page ${i}`);
    else assert.ok(ids[i] >= 1_000_000, `page ${i}`);
  }
});
