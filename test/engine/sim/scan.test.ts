/** The scan itself: checksum gate, smart-scan visit pattern, registration order, exit, run=0/2. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProcessSpec, SimConfig } from '../../../engine/sim/api';
import { HOST, at, mix, run } from './simHarness';

/** 01_gate_default: 20000 pages, 4 contents × 5000, shuffled with seed 1, kernel defaults. */
const gate = (name = 'w0'): ProcessSpec => ({
  name,
  argv: ['./workload'],
  merge: 'madvise',
  regions: [{ pages: 20000, content: mix({ pools: [{ pool: 'seed1', distinct: 4, pages: 20000 }], layout: 'shuffle', seed: 1 }) }],
});

test('checksum gate: nothing merges during the first full scan; scans end when 01_gate_default saw them', () => {
  const r = run([gate()], { durationSeconds: 30, sampleIntervalSeconds: 0.2 });
  for (const s of r.samples) if (s.ksm.full_scans === 0) assert.equal(s.ksm.pages_sharing + s.ksm.pages_shared, 0, `t=${s.t}`);
  const firstMerge = r.samples.find((s) => s.ksm.pages_sharing > 0)!;
  assert.equal(firstMerge.t.toFixed(1), '5.0');
  const scanTimes = [1, 2, 3, 4].map((n) => r.samples.find((s) => s.ksm.full_scans >= n)!.t.toFixed(1));
  assert.deepEqual(scanTimes, ['5.0', '9.8', '14.6', '19.4']);
  const end = r.samples.at(-1)!.ksm;
  assert.deepEqual([end.pages_shared, end.pages_sharing, end.stable_node_dups, end.stable_node_chains, end.pages_volatile], [80, 19920, 80, 4, 0]);
});

test('smart scan examines a page that never merges at visits 1, 2, 3, 4, 6, 9, 14, 23', () => {
  const unique: ProcessSpec = { name: 'u', argv: ['u'], merge: 'madvise', regions: [{ pages: 2000, content: mix({ uniquePages: 2000 }) }] };
  // One batch per pass (the quota exceeds the pages), one pass every 8 ms; a sample before each.
  const r = run([unique], { host: { ...HOST, perPageCostNs: 100 }, knobs: { run: 1, pages_to_scan: 100000, sleep_millisecs: 1 }, durationSeconds: 0.008 * 24, sampleIntervalSeconds: 0.008 });
  const examinedVisits: number[] = [];
  for (let pass = 1; pass <= 23; pass++) {
    const scanned = r.samples[pass].ksm.pages_scanned - r.samples[pass - 1].ksm.pages_scanned;
    assert.ok(scanned === 0 || scanned === 2000, `pass ${pass}: ${scanned}`);
    if (scanned) examinedVisits.push(pass);
  }
  assert.deepEqual(examinedVisits, [1, 2, 3, 4, 6, 9, 14, 23]);
  // A skip takes the page out of the unstable tree: it counts as volatile.
  const afterSkip = r.samples[5].ksm;
  assert.deepEqual([afterSkip.pages_unshared, afterSkip.pages_volatile, afterSkip.pages_skipped], [0, 2000, 2000]);
  assert.equal(r.samples[4].ksm.pages_unshared, 2000);
});

test('smart_scan=0 examines every page on every pass', () => {
  const unique: ProcessSpec = { name: 'u', argv: ['u'], merge: 'madvise', regions: [{ pages: 2000, content: mix({ uniquePages: 2000 }) }] };
  const r = run([unique], { host: { ...HOST, perPageCostNs: 100 }, knobs: { run: 1, pages_to_scan: 100000, sleep_millisecs: 1, smart_scan: 0 }, durationSeconds: 0.008 * 12, sampleIntervalSeconds: 0.008 });
  for (let pass = 1; pass <= 12; pass++) assert.equal(r.samples[pass].ksm.pages_scanned - r.samples[pass - 1].ksm.pages_scanned, 2000);
  assert.equal(r.samples.at(-1)!.ksm.pages_skipped, 0);
});

test('run=0 pauses with merges kept and counters frozen; run=2 unmerges, frees items, resets full_scans', () => {
  const r = run([gate()], {
    durationSeconds: 40,
    sampleIntervalSeconds: 0.2,
    events: [
      { t: 12, kind: 'set', knobs: { run: 0 } },
      { t: 15, kind: 'set', knobs: { run: 1 } },
      { t: 22, kind: 'set', knobs: { run: 2 } },
      { t: 25, kind: 'set', knobs: { run: 1 } },
    ],
  });
  const paused = at(r, 12.2);
  for (const t of [13, 14, 14.8]) {
    const s = at(r, t);
    for (const k of ['pages_shared', 'pages_sharing', 'pages_scanned', 'full_scans', 'pages_volatile'] as const) assert.equal(s.ksm[k], paused.ksm[k], `${k} at ${t}`);
  }
  assert.equal(paused.ksm.pages_sharing, 19920);
  // 15_run_pause_unmerge: full scans at 5.0, 9.8 and, after the 3 s pause, 17.6.
  assert.equal(r.samples.find((s) => s.ksm.full_scans >= 3)!.t.toFixed(1), '17.6');
  const unmerged = at(r, 22.2);
  assert.deepEqual([unmerged.ksm.pages_shared, unmerged.ksm.pages_sharing, unmerged.ksm.full_scans, unmerged.ksm.stable_node_dups, unmerged.ksm.stable_node_chains], [0, 0, 0, 0, 0]);
  assert.equal(unmerged.procs.w0.ksm_rmap_items, 0);
  assert.ok(unmerged.mem.MemFree < at(r, 21.8).mem.MemFree - 70000, 'run=2 needs a private page per former mapping');
  // The checksum gate applies again: re-merge one pass after run=1 (the trace saw 30.0 s).
  const remerge = r.samples.find((s) => s.t > 25 && s.ksm.pages_sharing > 0)!;
  assert.equal(remerge.t.toFixed(1), '30.0');
});

test('a late mm is inserted just behind the cursor: visited right after the pass wraps, and gated on first sight', () => {
  const late: ProcessSpec = { ...gate('late'), regions: [{ pages: 1000, content: mix({ pools: [{ pool: 'seed1', distinct: 4, pages: 1000 }] }) }], startAt: 2 };
  const r = run([gate(), late], { durationSeconds: 16, sampleIntervalSeconds: 0.1 });
  for (const s of r.samples) if (s.ksm.full_scans === 0) assert.equal(s.procs.late.ksm_rmap_items, 0, `t=${s.t}: not visited before the wrap`);
  const firstSeen = r.samples.find((s) => s.procs.late.ksm_rmap_items > 0)!;
  assert.equal(firstSeen.ksm.full_scans, 1);
  // Visited before the first process in pass 2: w0 has not been revisited yet.
  assert.equal(firstSeen.procs.w0.ksm_merging_pages, 0);
  // Its contents become stable during pass 2, but its own pages need a second look.
  const endOfPass2 = r.samples.filter((s) => s.ksm.full_scans === 1).at(-1)!;
  assert.ok(endOfPass2.procs.w0.ksm_merging_pages > 19000);
  assert.equal(endOfPass2.procs.late.ksm_merging_pages, 0);
  assert.equal(r.samples.at(-1)!.procs.late.ksm_merging_pages, 1000);
});

test('process exit: memory returns at once, the counters drop when the cursor reaches the slot', () => {
  const r = run([gate('a'), gate('b')], { durationSeconds: 30, sampleIntervalSeconds: 0.1, events: [{ t: 25, kind: 'exit', process: 'b' }] });
  const before = at(r, 24.9);
  assert.equal(before.ksm.pages_sharing, 40000 - 160); // 10000 per content: 40 copies each
  const after = at(r, 25);
  assert.equal(after.procs.b, undefined);
  assert.equal(after.ksm.pages_sharing, before.ksm.pages_sharing, 'the counters lag the exit');
  assert.ok(after.mem.MemFree > before.mem.MemFree);
  const settled = r.samples.at(-1)!;
  assert.deepEqual([settled.ksm.pages_shared, settled.ksm.pages_sharing], [80, 19920]);
  assert.equal(settled.procs.a.ksm_rmap_items, 20000);
});

test('COW with the same bytes re-merges at the next visit; new bytes need one more (09_cow_unmerge)', () => {
  const p = gate();
  p.writes = [
    { kind: 'burst', at: 15, count: 5000, target: 'dup', mode: 'new' },
    { kind: 'burst', at: 27, count: 5000, target: 'dup', mode: 'same' },
  ];
  const r = run([p], { durationSeconds: 40, sampleIntervalSeconds: 0.2 });
  const end = r.samples.at(-1)!.ksm;
  assert.deepEqual([end.pages_shared, end.pages_sharing, end.pages_volatile], [60, 14940, 5000]);
  // The same-content copies keep their checksum: they re-merge on the first visit after the
  // write, so by the end of the first whole pass after the burst everything is back.
  const scans = at(r, 27.2).ksm.full_scans;
  const wholePassLater = r.samples.find((s) => s.ksm.full_scans === scans + 2)!;
  assert.equal(wholePassLater.ksm.pages_sharing, 14940);
  const dip = Math.min(...r.samples.filter((s) => s.t > 27).map((s) => s.ksm.pages_sharing));
  assert.ok(dip < 12000, 'the COW breaks did show up before the re-merge');
});

test('THP regions are split where a subpage merges', () => {
  const thp: ProcessSpec = { ...gate(), regions: [{ pages: 20480, thp: true, content: mix({ pools: [{ pool: 'seed1', distinct: 4, pages: 20480 }], layout: 'shuffle', seed: 1 }) }] };
  const r = run([thp], { durationSeconds: 12, sampleIntervalSeconds: 0.2 });
  assert.equal(r.samples[0].mem.AnonHugePages, 80 * 1024);
  const end = r.samples.at(-1)!;
  assert.equal(end.mem.AnonHugePages, 0);
  assert.deepEqual([end.ksm.pages_shared, end.ksm.pages_sharing], [80, 20400]);
});

test('6.12+: splitting a THP maps its all-zero subpages to the shared zero page (s27_thp_zero_split: 20/5100)', () => {
  const p: ProcessSpec = {
    name: 'w',
    argv: ['./workload'],
    merge: 'madvise',
    regions: [{ pages: 20480, thp: true, content: mix({ zeroPages: 10240, uniquePages: 5120, pools: [{ pool: 'seed1', distinct: 4, pages: 5120 }], layout: 'shuffle', seed: 1 }) }],
  };
  const end = run([p], { durationSeconds: 20, sampleIntervalSeconds: 0.5 }).samples.at(-1)!;
  assert.deepEqual([end.ksm.pages_shared, end.ksm.pages_sharing, end.ksm.stable_node_dups, end.ksm.stable_node_chains], [20, 5100, 20, 4]);
  assert.equal(end.procs.w.ksm_rmap_items, 10240, 'the zero subpages left the scan');
  assert.equal(end.procs.w.rssKb, 40960);
  assert.equal(end.mem.AnonHugePages, 0);
  // Before 6.12 the zero subpages stay and merge like any content.
  const old = run([p], { host: { ...HOST, kernel: '6.6' }, durationSeconds: 20, sampleIntervalSeconds: 0.5 }).samples.at(-1)!;
  assert.deepEqual([old.ksm.pages_shared, old.ksm.pages_sharing], [60, 15300]);
});

test('a run where no unstable node can go stale keeps no log and no pass of unique pages, with the same counters as one that keeps them', () => {
  // Unique, zero and shared pages, rewritten with new, zero and unique bytes while ksmd scans.
  const guest = (name: string): ProcessSpec => ({
    name,
    argv: [name],
    merge: 'madvise',
    regions: [{ pages: 6000, content: mix({ zeroPages: 1500, uniquePages: 2500, pools: [{ pool: 'img', distinct: 300, pages: 1200 }, { pool: `${name}/dup`, distinct: 200, pages: 800 }], layout: 'scatter', seed: name.length }) }],
    writes: [
      { kind: 'rate', pagesPerSecond: 400, target: 'unique', mode: 'new' },
      { kind: 'rate', pagesPerSecond: 150, target: 'unique', mode: 'zero', start: 3 },
      { kind: 'rate', pagesPerSecond: 100, target: 'dup', mode: 'new', start: 5 },
    ],
  });
  for (const kernel of ['3.10', '6.18']) {
    const over: Partial<SimConfig> = { host: { ...HOST, kernel }, durationSeconds: 20, sampleIntervalSeconds: 0.5, knobs: { run: 1, pages_to_scan: 500, sleep_millisecs: 10 } };
    const staleFree = run([guest('a'), guest('bb')], over);
    // An exit after the end of the run: never happens, but from the start the tree must be ready for it.
    const exitReady = run([guest('a'), { ...guest('bb'), exitAt: 1000 }], over);
    assert.ok(staleFree.samples.at(-1)!.ksm.pages_unshared > 1000, `${kernel}: unique pages sit in the unstable tree`);
    assert.deepEqual(
      staleFree.samples.map((s) => s.ksm),
      exitReady.samples.map((s) => s.ksm),
      `${kernel}: the same counters`,
    );
  }
});
