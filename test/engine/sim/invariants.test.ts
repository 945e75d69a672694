/** Counter definitions hold at every sample of random workloads, knob changes and exits included. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ProcessSpec, SimConfig, SimEvent, WriteMode, WriteTarget } from '../../../engine/sim/api';
import { simulate } from '../../../engine/sim/simulate';
import { HOST } from './simHarness';

const target = fc.constantFrom<WriteTarget>('any', 'dup', 'unique', 'zero', { pool: 'a' }, { pool: 'b', content: 0 });
const mode = fc.constantFrom<WriteMode>('new', 'same', 'byte');

const processArb = (name: string): fc.Arbitrary<ProcessSpec> =>
  fc.record({
    pages: fc.integer({ min: 1, max: 1500 }),
    zero: fc.integer({ min: 0, max: 100 }),
    unique: fc.integer({ min: 0, max: 100 }),
    poolA: fc.integer({ min: 0, max: 100 }),
    distinctA: fc.integer({ min: 1, max: 5 }),
    poolB: fc.integer({ min: 0, max: 100 }),
    merge: fc.constantFrom<'madvise' | 'prctl' | 'none'>('madvise', 'madvise', 'prctl', 'none'),
    thp: fc.boolean(),
    node: fc.integer({ min: 0, max: 1 }),
    startAt: fc.option(fc.double({ min: 0, max: 3, noNaN: true }), { nil: undefined }),
    exitAt: fc.option(fc.double({ min: 0, max: 6, noNaN: true }), { nil: undefined }),
    writes: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('rate' as const), pagesPerSecond: fc.integer({ min: 0, max: 2000 }), target, mode, start: fc.double({ min: 0, max: 3, noNaN: true }) }),
        fc.record({ kind: fc.constant('burst' as const), at: fc.double({ min: 0, max: 5, noNaN: true }), count: fc.integer({ min: 0, max: 3000 }), target, mode }),
      ),
      { maxLength: 3 },
    ),
  }).map((r): ProcessSpec => {
    const total = r.zero + r.unique + r.poolA + r.poolB || 1;
    const share = (x: number) => Math.floor((x / total) * r.pages);
    return {
      name,
      argv: [name],
      merge: r.merge,
      startAt: r.startAt,
      exitAt: r.exitAt,
      writes: r.writes,
      regions: [
        {
          pages: r.pages,
          thp: r.thp,
          numaNode: r.node,
          content: {
            zeroPages: share(r.zero),
            uniquePages: share(r.unique),
            pools: [
              { pool: 'a', distinct: r.distinctA, pages: share(r.poolA) },
              { pool: 'b', distinct: 2, pages: share(r.poolB) },
            ],
            layout: 'shuffle',
            seed: r.pages,
          },
        },
      ],
    };
  });

const eventArb: fc.Arbitrary<SimEvent> = fc.record({
  t: fc.double({ min: 0, max: 6, noNaN: true }),
  kind: fc.constant('set' as const),
  knobs: fc.oneof(
    fc.record({ run: fc.constantFrom<0 | 1 | 2>(0, 1, 2) }),
    fc.record({ use_zero_pages: fc.constantFrom<0 | 1>(0, 1) }),
    fc.record({ smart_scan: fc.constantFrom<0 | 1>(0, 1) }),
    fc.record({ max_page_sharing: fc.integer({ min: 2, max: 8 }) }),
    fc.record({ merge_across_nodes: fc.constantFrom<0 | 1>(0, 1) }),
    fc.record({ pages_to_scan: fc.integer({ min: 0, max: 3000 }) }),
    fc.record({ stable_node_chains_prune_millisecs: fc.integer({ min: 0, max: 3000 }) }),
  ),
});

const configArb: fc.Arbitrary<SimConfig> = fc
  .record({
    procs: fc.tuple(processArb('p0'), processArb('p1'), processArb('p2')),
    count: fc.integer({ min: 1, max: 3 }),
    events: fc.array(eventArb, { maxLength: 6 }),
    mps: fc.integer({ min: 2, max: 6 }),
    uzp: fc.constantFrom<0 | 1>(0, 1),
    kernel: fc.constantFrom('6.18', '6.1', '5.15', '4.19', '6.7'),
  })
  .map(({ procs, count, events, mps, uzp, kernel }) => ({
    host: { ...HOST, numaNodes: 2, kernel },
    knobs: { run: 1, pages_to_scan: 500, sleep_millisecs: 5, max_page_sharing: mps, use_zero_pages: uzp },
    processes: procs.slice(0, count),
    events,
    durationSeconds: 8,
    sampleIntervalSeconds: 0.25,
  }));

test('volatile, profit and the per-process sums hold at every sample; nothing goes negative', () => {
  fc.assert(
    fc.property(configArb, (config) => {
      const r = simulate(config);
      for (const s of r.samples) {
        const k = s.ksm;
        for (const name of ['pages_shared', 'pages_sharing', 'pages_unshared', 'pages_volatile', 'full_scans', 'stable_node_chains', 'stable_node_dups', 'ksm_zero_pages', 'pages_scanned', 'pages_skipped'] as const) {
          assert.ok(k[name] >= 0, `${name} = ${k[name]} at t=${s.t}`);
        }
        const procs = Object.values(s.procs);
        const items = procs.reduce((a, p) => a + p.ksm_rmap_items, 0);
        // Items of exited processes linger until ksmd reaches their slot: the global count is at least the live sum.
        const rmapItems = k.pages_volatile + k.pages_shared + k.pages_sharing + k.pages_unshared;
        assert.ok(rmapItems >= items, `items ${rmapItems} < live ${items}`);
        // general_profit exists from 6.4 (and counts ksm_zero_pages from 6.5); older kernels read 0.
        const modern = config.host.kernel === '6.18' || config.host.kernel === '6.7';
        assert.equal(k.general_profit, modern ? (k.pages_sharing + k.ksm_zero_pages) * 4096 - rmapItems * 64 : 0);
        if (!modern) assert.equal(k.ksm_zero_pages, 0);
        if (k.stable_node_chains === 0) assert.equal(k.stable_node_dups, 0);
        // (A chain whose dups all went stale stays, empty, until a lookup touches it: chains > dups is possible.)
        assert.ok(k.stable_node_dups <= k.pages_shared + 2 * k.stable_node_chains + 1000, 'dups are KSM pages');
        for (const p of procs) assert.equal(p.ksm_process_profit, (p.ksm_merging_pages + p.ksm_zero_pages) * 4096 - p.ksm_rmap_items * 64);
        assert.ok(s.mem.MemFree >= 0 && s.mem.MemFree <= s.mem.MemTotal);
        if (k.run === 2) assert.deepEqual([k.pages_shared, k.pages_sharing, k.ksm_zero_pages, k.full_scans], [0, 0, 0, 0]);
      }
      const last = r.samples.at(-1)!.ksm;
      // With no KSM page left, pages_sharing cannot be positive.
      if (last.pages_shared === 0) assert.equal(last.pages_sharing, 0);
    }),
    { numRuns: 60 },
  );
});

test('with no writes and no exits, the per-process counters add up to the global ones exactly', () => {
  fc.assert(
    fc.property(configArb, (config) => {
      const c = { ...config, events: [], processes: config.processes.map((p) => ({ ...p, writes: [], exitAt: undefined })) };
      const r = simulate(c);
      for (const s of r.samples) {
        const procs = Object.values(s.procs);
        const k = s.ksm;
        assert.equal(procs.reduce((a, p) => a + p.ksm_merging_pages, 0), k.pages_shared + k.pages_sharing);
        assert.equal(procs.reduce((a, p) => a + p.ksm_zero_pages, 0), k.ksm_zero_pages);
        assert.equal(procs.reduce((a, p) => a + p.ksm_rmap_items, 0), k.pages_shared + k.pages_sharing + k.pages_unshared + k.pages_volatile);
      }
    }),
    { numRuns: 40 },
  );
});
