import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CHANGED,
  decodeMeasurement,
  encodeHeader,
  encodeMeasurement,
  encodeProcessHeader,
  MeasurementFormatError,
  MERGEABLE,
  RegionEncoder,
  RESIDENT,
  THP,
  type MeasurementInput,
} from '../../../engine/measure/format';

const meta = { source: 'live' as const, runId: 'r1', time: '2026-12-05T05:10:00Z', assumed: [], churn: { windowSeconds: 10, passes: 3 } };

function sample(): MeasurementInput {
  return {
    pageSize: 4096,
    sharedContentCount: 2,
    meta: { ...meta, assumed: [...meta.assumed] },
    processes: [
      {
        pid: 41,
        comm: 'qemu-system-x86',
        argv: ['qemu-system-x86_64', '-name', 'guest=vm1'],
        name: 'vm1',
        kind: 'qemu',
        merge: 'madvise',
        regions: [
          { startPage: 0x7f0000000, ids: [0, 0, 2, 1, 2, 3, 1, 1], flags: [1, 1, 17, 17, 19, 19, 0, 8], churn: [{ page: 2, changes: 3, last: 'copy' }, { page: 5, changes: 1, last: 'fresh' }] },
          { startPage: 0x7f0000100, ids: [3, 0], flags: [17, 49] },
        ],
      },
      { pid: null, comm: '', argv: [], name: 'dump.raw', kind: 'process', merge: 'none', regions: [] },
    ],
  };
}

test('a measurement survives encode and decode page by page, with churn and metadata', () => {
  const input = sample();
  const m = decodeMeasurement(encodeMeasurement(input));
  assert.equal(m.formatVersion, 2);
  assert.equal(m.positions, undefined);
  assert.equal(m.pageSize, 4096);
  assert.equal(m.sharedContentCount, 2);
  assert.equal(m.totalPages, 10);
  assert.deepEqual(m.meta, meta);
  assert.equal(m.processes.length, 2);
  const [p, d] = m.processes;
  assert.deepEqual([p.pid, p.comm, p.name, p.kind, p.merge, p.argv], [41, 'qemu-system-x86', 'vm1', 'qemu', 'madvise', ['qemu-system-x86_64', '-name', 'guest=vm1']]);
  assert.deepEqual([d.pid, d.regions.length], [null, 0]);
  assert.deepEqual([...p.regions[0].ids()], input.processes[0].regions[0].ids);
  assert.deepEqual([...p.regions[0].flags()], input.processes[0].regions[0].flags);
  assert.deepEqual(p.regions[0].churn, input.processes[0].regions[0].churn);
  assert.deepEqual(p.regions[1].churn, []);
  assert.equal(p.regions[1].startPage, 0x7f0000100);
});

test('forEachRun merges the id and flag runs in address order', () => {
  const m = decodeMeasurement(encodeMeasurement(sample()));
  const runs: number[][] = [];
  m.processes[0].regions[0].forEachRun((id, flags, start, count) => runs.push([id, flags, start, count]));
  assert.deepEqual(runs, [
    [0, 1, 0, 2],
    [2, 17, 2, 1],
    [1, 17, 3, 1],
    [2, 19, 4, 1],
    [3, 19, 5, 1],
    [1, 0, 6, 1],
    [1, 8, 7, 1],
  ]);
});

test('long runs cost a few bytes: a 256 GiB region of unique pages is a handful of bytes', () => {
  const enc = new RegionEncoder(0x100000, 67_108_864);
  enc.push(1, RESIDENT | MERGEABLE | THP, 67_108_864);
  const header = encodeHeader({ pageSize: 4096, processCount: 1, sharedContentCount: 0, totalPages: 67_108_864, meta });
  const proc = encodeProcessHeader({ pid: 7, comm: 'qemu', argv: [], name: 'big', kind: 'qemu', merge: 'madvise' }, 1);
  const region = enc.finish();
  assert.ok(region.length < 40, `${region.length} bytes`);
  const bytes = new Uint8Array([...header, ...proc, ...region]);
  const m = decodeMeasurement(bytes);
  let pages = 0;
  m.processes[0].regions[0].forEachRun((id, flags, _start, count) => {
    assert.deepEqual([id, flags], [1, RESIDENT | MERGEABLE | THP]);
    pages += count;
  });
  assert.equal(pages, 67_108_864);
});

test('every truncation of a valid file is refused with a clear message', () => {
  const bytes = encodeMeasurement(sample());
  for (let n = 0; n < bytes.length; n++) {
    assert.throws(
      () => decodeMeasurement(bytes.subarray(0, n)),
      (e: unknown) => e instanceof MeasurementFormatError && /truncated|not a Samepage content file|declares|covers|bytes after/.test(e.message),
      `cut at ${n}`,
    );
  }
});

test('memcmp positions travel with the shared contents: all or none; version 1 files have none', () => {
  const input = { ...sample(), positions: Uint32Array.from([7, 0xfffffff0]) };
  const bytes = encodeMeasurement(input);
  assert.deepEqual([...decodeMeasurement(bytes).positions!], [7, 0xfffffff0]);
  assert.throws(() => encodeMeasurement({ ...sample(), positions: Uint32Array.from([1]) }), /1 positions for 2 shared contents/);
  // A count that is neither 0 nor the shared count is refused with its place.
  const metaEnd = 36 + new DataView(bytes.buffer).getUint32(32, true); // fixed header, then the metadata JSON
  const bad = bytes.slice();
  new DataView(bad.buffer).setUint32(metaEnd, 1, true);
  assert.throws(() => decodeMeasurement(bad), /1 memcmp positions for 2 shared contents/);
  // Version 1: the same file without the position count.
  const none = encodeMeasurement(sample());
  const v1 = new Uint8Array(none.length - 4);
  v1.set(none.subarray(0, metaEnd));
  v1.set(none.subarray(metaEnd + 4), metaEnd);
  v1[8] = 1;
  const m = decodeMeasurement(v1);
  assert.equal(m.formatVersion, 1);
  assert.equal(m.positions, undefined);
  assert.equal(m.totalPages, 10);
});

test('wrong magic, version, ids and flags are named', () => {
  const good = encodeMeasurement(sample());
  const text = new TextEncoder().encode('hello world, not a file');
  assert.throws(() => decodeMeasurement(text), /not a Samepage content file/);
  const v3 = good.slice();
  v3[8] = 3;
  assert.throws(() => decodeMeasurement(v3), /format version 3 is not supported/);
  const outOfOrder = sample();
  outOfOrder.processes[0].regions[0].ids = [0, 0, 3, 1, 2, 3, 1, 1];
  assert.throws(() => decodeMeasurement(encodeMeasurement(outOfOrder)), /content id 3 appears before id 2/);
  const single = sample();
  single.processes[0].regions[1].ids = [1, 0];
  assert.throws(() => decodeMeasurement(encodeMeasurement(single)), /content id 3 occurs on one page only/);
  const tooHigh = sample();
  tooHigh.sharedContentCount = 1;
  assert.throws(() => decodeMeasurement(encodeMeasurement(tooHigh)), /content id 3 is above the 1 shared/);
  const badFlags = sample();
  badFlags.processes[0].regions[1].flags = [64, 1];
  assert.throws(() => decodeMeasurement(encodeMeasurement(badFlags)), /unknown page flags 64/);
  const badChurn = sample();
  badChurn.processes[0].regions[0].churn = [{ page: 9, changes: 1, last: 'zero' }];
  assert.throws(() => decodeMeasurement(encodeMeasurement(badChurn)), /churn entry 0 names page 9/);
  const overlap = sample();
  overlap.processes[0].regions[1].startPage = 0x7f0000004;
  assert.throws(() => decodeMeasurement(encodeMeasurement(overlap)), /inside or before the previous region/);
  const badMeta = sample();
  (badMeta.meta as { source: string }).source = 'guess';
  assert.throws(() => decodeMeasurement(encodeMeasurement(badMeta)), /metadata source must be "live" or "dump"/);
  assert.throws(() => decodeMeasurement(new Uint8Array([...good, 0])), /1 bytes after the last process/);
});

test('fuzzed garbage and mutated files only ever raise MeasurementFormatError', () => {
  const good = encodeMeasurement(sample());
  const onlyFormatErrors = (bytes: Uint8Array) => {
    try {
      const m = decodeMeasurement(bytes);
      for (const p of m.processes) for (const r of p.regions) r.forEachRun(() => undefined);
    } catch (error) {
      if (!(error instanceof MeasurementFormatError)) throw error;
    }
  };
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (b) => onlyFormatErrors(new Uint8Array([...new TextEncoder().encode('SMPGCONT'), 1, 0, 0, 0, ...b]))), { numRuns: 2000 });
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (edits) => {
      const b = good.slice();
      for (const [at, v] of edits) b[at] = v;
      onlyFormatErrors(b);
    }),
    { numRuns: 3000 },
  );
});

test('random measurements round-trip exactly', () => {
  const region = fc.record({
    pages: fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.constantFrom(0, RESIDENT, RESIDENT | MERGEABLE, RESIDENT | CHANGED | MERGEABLE)), { minLength: 1, maxLength: 60 }),
    gap: fc.integer({ min: 0, max: 1000 }),
  });
  fc.assert(
    fc.property(fc.array(region, { maxLength: 5 }), fc.integer({ min: 0, max: 5 }), (regions, sharedPairs) => {
      let start = 0;
      let next = 2;
      const built = regions.map((r) => {
        start += r.gap;
        const ids = r.pages.map(([id]) => id);
        const out = { startPage: start, ids, flags: r.pages.map(([, f]) => f) };
        start += ids.length;
        return out;
      });
      // Append each shared id twice, in first-seen order, as its own region.
      const shared: number[] = [];
      for (let i = 0; i < sharedPairs; i++) shared.push(next, next++);
      if (shared.length) built.push({ startPage: start + 1, ids: shared, flags: shared.map(() => RESIDENT) });
      const input: MeasurementInput = { pageSize: 4096, sharedContentCount: sharedPairs, meta: { ...meta, churn: undefined }, processes: [{ pid: 1, comm: 'c', argv: [], name: 'n', kind: 'process', merge: 'prctl', regions: built }] };
      const m = decodeMeasurement(encodeMeasurement(input));
      assert.deepEqual(
        m.processes[0].regions.map((r) => [r.startPage, [...r.ids()], [...r.flags()]]),
        built.map((r) => [r.startPage, r.ids, r.flags]),
      );
    }),
    { numRuns: 300 },
  );
});
