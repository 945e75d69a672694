import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MeasuredPages, ProcessSpec } from '../../../engine/sim/api';
import { MEASURED_RESIDENT as R, MEASURED_THP as T } from '../../../engine/sim/measuredContent';
import { simulate, SimConfigError } from '../../../engine/sim/simulate';
import { config, identical, last, measured, mix, run } from './simHarness';

function proc(name: string, m: MeasuredPages, pages: number, thp = false): ProcessSpec {
  return { name, argv: [name], merge: 'madvise', regions: [{ pages, content: m, thp }] };
}

test('measured ids merge as contents: shared ids across processes, zero pages, unique pages never', () => {
  // a: 100 pages of content 2, 50 zero, 50 unique; b: 100 pages of content 2 and 100 of content 3.
  const a = [...Array(100).fill(2), ...Array(50).fill(0), ...Array(50).fill(1)];
  const b = [...Array(100).fill(2), ...Array(100).fill(3)];
  const s = last(run([proc('a', measured(a, R, 2), 200), proc('b', measured(b, R, 2), 200)], { knobs: { run: 1, smart_scan: 0 } }));
  // content 2: 200 pages, 3: 100 pages, zero: 50 pages → 3 KSM pages, 347 mapping them.
  assert.equal(s.ksm.pages_shared, 3);
  assert.equal(s.ksm.pages_sharing, 347);
  assert.equal(s.ksm.pages_unshared, 50);
});

test('pages that were not resident are neither scanned nor counted in RSS', () => {
  const ids = [...Array(100).fill(2), ...Array(100).fill(0)];
  const flags = [...Array(100).fill(R), ...Array(100).fill(0)];
  const s = last(run([proc('a', measured(ids, flags, 1), 200)]));
  assert.equal(s.procs.a.ksm_rmap_items, 100);
  assert.equal(s.ksm.pages_sharing, 99);
  assert.equal(s.procs.a.rssKb, 400); // the 100 resident pages, merged or not
});

test('THP: a block is huge only where every page sat in a huge page; a split sends its zero subpages to the zero page', () => {
  // Two 512-page blocks: block 0 all THP (100 pages of content 2, then zeros), block 1 the same without THP.
  const block = [...Array(100).fill(2), ...Array(412).fill(0)];
  const ids = [...block, ...block];
  const flags = [...Array(512).fill(R | T), ...Array(512).fill(R)];
  const first = simulate(config([proc('a', measured(ids, flags, 1), 1024, true)], { durationSeconds: 0.01 }));
  assert.equal(first.samples[0].mem.AnonHugePages, 2048); // one huge block of 2 MiB
  const s = last(run([proc('a', measured(ids, flags, 1), 1024, true)]));
  assert.equal(s.mem.AnonHugePages, 0);
  // Block 0's 412 zero subpages went to the shared zero page: only block 1's merge (412 > 256: two dups).
  assert.equal(s.ksm.pages_shared, 1 + 2);
  assert.equal(s.ksm.pages_sharing, 199 + 410);
  assert.equal(s.procs.a.ksm_rmap_items, 1024 - 412);
});

test('a measured region and a content mix share nothing but the zero page', () => {
  const s = last(run([proc('a', measured(Array(100).fill(2), R, 1), 100), identical('b', 100)]));
  assert.equal(s.ksm.pages_shared, 2);
  assert.equal(s.ksm.pages_sharing, 198);
  const z = last(run([proc('a', measured(Array(100).fill(0), R, 0), 100), { name: 'b', argv: ['b'], merge: 'madvise', regions: [{ pages: 100, content: mix({ zeroPages: 100 }) }] }]));
  assert.equal(z.ksm.pages_shared, 1);
  assert.equal(z.ksm.pages_sharing, 199);
});

test('runs that do not cover the region, or ids beyond the measurement, are refused', () => {
  assert.throws(() => simulate(config([proc('a', measured([2, 2], R, 1), 3)])), (e: unknown) => e instanceof SimConfigError && /cover 2 pages but the region has 3/.test(e.message));
  assert.throws(() => simulate(config([proc('a', measured([2, 5], R, 1), 2)])), (e: unknown) => e instanceof SimConfigError && /content id 5 is out of range/.test(e.message));
});
