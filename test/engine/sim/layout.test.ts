/** Page layouts as the harness's workload.c lays them out. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillRegionContents, layoutRegion, LAYOUT_UNIQUE, LAYOUT_ZERO, poolClassCounts, scatterStride } from '../../../engine/sim/contentLayout';
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

test('scatter: page j holds slot (seed + j × stride) mod n of the sequential layout, every class spread evenly', () => {
  const base = { zeroPages: 5000, uniquePages: 3000, pools: [{ pool: 'a', distinct: 500, pages: 1500 }, { pool: 'b', distinct: 3, pages: 400, weights: [1, 1, 2] }] };
  const n = 10007;
  const sequential = layoutRegion(mix({ ...base, layout: 'sequential' }), n);
  const scattered = layoutRegion(mix({ ...base, layout: 'scatter', seed: 1234 }), n);
  const stride = scatterStride(n);
  for (let j = 0; j < n; j++) assert.equal(scattered[j], sequential[(1234 + j * stride) % n], `page ${j}`);
  // Zero pages are half the region: every run of 512 pages (a huge page) holds half of them, give or take a few.
  for (let b = 0; b + 512 <= n; b += 512) {
    const zeros = scattered.slice(b, b + 512).filter((c) => c === LAYOUT_ZERO).length;
    assert.ok(Math.abs(zeros - 256) <= 8, `block ${b / 512}: ${zeros} zero pages`);
  }
  const ids = new Uint32Array(n);
  let unique = 1_000_000;
  fillRegionContents(mix({ ...base, layout: 'scatter', seed: 1234 }), ids, (pool, cls) => (pool === 'a' ? 100 : 2000) + cls, 1, (k) => ((unique += k), unique - k));
  const classIds = [...Array.from({ length: 500 }, (_, k) => 100 + k), 2000, 2001, 2002];
  for (let j = 0; j < n; j++) {
    const c = scattered[j];
    assert.equal(c >= 0 ? classIds[c] : c === LAYOUT_ZERO ? 1 : ids[j] >= 1_000_000 ? ids[j] : -1, ids[j], `page ${j}`);
  }
  assert.equal(new Set(ids.filter((id) => id >= 1_000_000)).size, n - 5000 - 1500 - 400);
});
