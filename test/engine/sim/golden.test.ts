/** ksm-spec §5 items 1–4: results the kernel's own selftests pin down exactly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterScans, identical, last, mix, run } from './simHarness';

// ksm_tests style: small batches and the shortest sleep (one jiffy), so passes are quick.
const FAST = { run: 1 as const, pages_to_scan: 10, sleep_millisecs: 1 };

function merge(n: number, m: number): { shared: number; sharing: number; chains: number; dups: number; volatileAfterPass1: number } {
  const r = run([identical('p', n)], { knobs: { ...FAST, pages_to_scan: Math.max(10, Math.ceil(n / 4)), max_page_sharing: m }, durationSeconds: n > 1000 ? 60 : 1, sampleIntervalSeconds: n > 1000 ? 0.05 : 0.001 });
  const pass1 = r.samples.find((s) => s.ksm.full_scans === 1)!;
  const s = afterScans(r, 3).ksm;
  return { shared: s.pages_shared, sharing: s.pages_sharing, chains: s.stable_node_chains, dups: s.stable_node_dups, volatileAfterPass1: pass1.ksm.pages_volatile };
}

test('ksm_tests -M: 10 identical pages give 1 shared, 9 sharing after two scans; all volatile after the first', () => {
  const r = merge(10, 256);
  assert.equal(r.shared, 1);
  assert.equal(r.sharing, 9);
  assert.equal(r.volatileAfterPass1, 10);
  assert.equal(r.chains, 0);
});

test('N identical pages with limit M: ⌈N/M⌉ copies, except N mod M = 1 leaves the last page alone', () => {
  for (const [n, m, shared, sharing] of [
    [8, 4, 2, 6], // N mod M = 0
    [9, 4, 2, 6], // N mod M = 1: ⌊N/M⌋ copies, the odd page stays unmerged
    [10, 4, 3, 7], // otherwise ⌈N/M⌉
    [11, 4, 3, 8],
    [20000, 256, 79, 19921],
    [20000, 2, 10000, 10000],
  ]) {
    const r = merge(n, m);
    assert.deepEqual([r.shared, r.sharing], [shared, sharing], `N=${n} M=${m}`);
    assert.equal(r.chains, 1, `N=${n} M=${m}: one chain`);
    assert.equal(r.dups, shared, `N=${n} M=${m}: every copy is a dup`);
  }
});

test('ksm_tests -U: a write to merged pages breaks COW at once, the counters follow only at the next visit', () => {
  const p = identical('p', 2);
  p.writes = [{ kind: 'burst', at: 1, count: 2, target: 'any', mode: 'byte' }];
  const r = run([p], { knobs: { ...FAST, sleep_millisecs: 100 }, durationSeconds: 3, sampleIntervalSeconds: 0.01 });
  const before = r.samples.find((s) => s.t >= 0.99 && s.t < 1)!;
  assert.deepEqual([before.ksm.pages_shared, before.ksm.pages_sharing], [1, 1]);
  const justAfter = r.samples.find((s) => s.t >= 1)!;
  assert.deepEqual([justAfter.ksm.pages_shared, justAfter.ksm.pages_sharing], [1, 1], 'counters lag the COW break');
  assert.ok(justAfter.mem.MemFree < before.mem.MemFree, 'the private copy is allocated at once');
  const scansAtWrite = justAfter.ksm.full_scans;
  const later = r.samples.find((s) => s.ksm.full_scans >= scansAtWrite + 1)!;
  assert.deepEqual([later.ksm.pages_shared, later.ksm.pages_sharing], [0, 0]);
});

test('ksm_tests -Z: zero pages go to ksm_zero_pages with use_zero_pages=1, to one KSM page with 0', () => {
  const zeros = { name: 'z', argv: ['z'], merge: 'madvise' as const, regions: [{ pages: 100, content: mix({ zeroPages: 100 }) }] };
  const on = afterScans(run([zeros], { knobs: { ...FAST, use_zero_pages: 1 }, durationSeconds: 1, sampleIntervalSeconds: 0.001 }), 3);
  assert.deepEqual([on.ksm.pages_shared, on.ksm.pages_sharing, on.ksm.ksm_zero_pages], [0, 0, 100]);
  assert.equal(on.procs.z.ksm_zero_pages, 100);
  // The zero-mapped pages lost their items at the next pass.
  assert.equal(on.ksm.pages_volatile + on.procs.z.ksm_rmap_items, 0);
  const off = afterScans(run([zeros], { knobs: { ...FAST, use_zero_pages: 0 }, durationSeconds: 1, sampleIntervalSeconds: 0.001 }), 3);
  assert.deepEqual([off.ksm.pages_shared, off.ksm.pages_sharing, off.ksm.ksm_zero_pages], [1, 99, 0]);
});

test('ksm_tests -N: identical pages on two NUMA nodes merge only with merge_across_nodes=1', () => {
  const twoNodes = {
    name: 'n',
    argv: ['n'],
    merge: 'madvise' as const,
    regions: [0, 1].map((node) => ({ pages: 1, numaNode: node, content: mix({ pools: [{ pool: 'x', distinct: 1, pages: 1 }] }) })),
  };
  const host = { memTotalKb: 24684092, pageSize: 4096, hz: 250, cpus: 2, numaNodes: 2, kernel: '6.18', swapKb: 0, perPageCostNs: 5000, otherUsedKb: 0, cachedKb: 0 };
  const across = last(run([twoNodes], { host, knobs: { ...FAST, merge_across_nodes: 1 }, durationSeconds: 1 }));
  assert.deepEqual([across.ksm.pages_shared, across.ksm.pages_sharing], [1, 1]);
  const perNode = last(run([twoNodes], { host, knobs: { ...FAST, merge_across_nodes: 0 }, durationSeconds: 1 }));
  assert.deepEqual([perNode.ksm.pages_shared, perNode.ksm.pages_sharing], [0, 0]);
  assert.ok(perNode.ksm.full_scans > 3);
});
