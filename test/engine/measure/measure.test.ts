import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentFileChunks, measure, type MeasureOutcome, type PageSource } from '../../../engine/measure/measure';
import { CHANGED, decodeMeasurement, MERGEABLE, RESIDENT, SWAPPED, type Measurement } from '../../../engine/measure/format';
import { oneProcess, SyntheticSource } from './syntheticSource';

const salt: [bigint, bigint] = [0x1234n, 0x9876n];
const meta = { source: 'live' as const, runId: 't', time: '2026-12-05T00:00:00Z', assumed: [] };

function file(source: PageSource, outcome: MeasureOutcome): Measurement {
  const chunks = [...contentFileChunks(source, outcome, meta)];
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return decodeMeasurement(bytes);
}

function idCounts(m: Measurement): Map<number, number> {
  const counts = new Map<number, number>();
  for (const p of m.processes) for (const r of p.regions) r.forEachRun((id, flags, _s, n) => {
    if (flags & RESIDENT) counts.set(id, (counts.get(id) ?? 0) + n);
  });
  return counts;
}

test('zero, shared, single, absent and swapped pages across two processes get the right ids', async () => {
  // Process 0: 600 pages in two regions; process 1: 300 pages. Classes 0..9 repeat across both.
  const rule = (p: number, r: number, page: number) => {
    if (page % 10 === 0) return 'zero' as const;
    if (page % 10 === 1) return 'absent' as const;
    if (page % 10 === 2) return 'swapped' as const;
    if (page % 10 < 6) return -1;
    return (page % 7) + (p === 1 ? 3 : 0);
  };
  const source = new SyntheticSource([oneProcess([400, 200]), { ...oneProcess([300], 'q'), info: { ...oneProcess([1]).info, pid: 101, name: 'q' } }], rule);
  const outcome = await measure(source, { salt });
  const m = file(source, outcome);
  const counts = idCounts(m);
  assert.equal(counts.get(0), 90, 'zero pages');
  assert.equal(counts.get(1), 270, 'single pages');
  // classes 0..9 in use: 0..6 from process 0, 3..9 from process 1, each on many pages.
  assert.equal(m.sharedContentCount, 10);
  let shared = 0;
  for (const [id, n] of counts) if (id >= 2) shared += n;
  assert.equal(shared, 360);
  const flags = m.processes[0].regions[0].flags();
  assert.equal(flags[1], MERGEABLE, 'absent: not resident');
  assert.equal(flags[2], MERGEABLE | SWAPPED);
  assert.equal(flags[0], MERGEABLE | RESIDENT);
  // ids are numbered in first-seen order (the decoder checks it) and the first shared page is page 6.
  assert.equal(m.processes[0].regions[0].ids()[6], 2);
  assert.ok(outcome.peakTableBytes <= 16 * 900, `${outcome.peakTableBytes} bytes for 900 pages`);
});

test('a different salt gives the same ids: the file keeps no fingerprint', async () => {
  const rule = (_p: number, _r: number, page: number) => (page % 3 === 0 ? 'zero' as const : page % 5);
  const a = file(new SyntheticSource([oneProcess([500])], rule), await measure(new SyntheticSource([oneProcess([500])], rule), { salt }));
  const s2 = new SyntheticSource([oneProcess([500])], rule);
  const b = file(s2, await measure(s2, { salt: [77n, 88n] }));
  assert.deepEqual([...a.processes[0].regions[0].ids()], [...b.processes[0].regions[0].ids()]);
});

test('a process that exits during the first pass is left out with a note; the file stays valid', async () => {
  const source = new SyntheticSource([oneProcess([50]), { ...oneProcess([50], 'gone'), info: { ...oneProcess([1]).info, pid: 102, name: 'gone' } }], () => 1);
  source.exited = 1;
  const outcome = await measure(source, { salt });
  const m = file(source, outcome);
  assert.equal(m.processes.length, 1);
  assert.deepEqual(outcome.notes, ['process 102 (gone) exited during the first pass: left out.']);
  // class 1 occurs in the kept process only, 50 times
  assert.equal(idCounts(m).get(2), 50);
});

test('churn: pages rewritten between passes are counted, with fresh, zero and copy told apart', async () => {
  class Churning extends SyntheticSource {
    pass = 0;
    override read(p: number, r: number, first: number, count: number, batch: Uint8Array, states: Uint8Array): void {
      if (first === 0) {
        this.pass++;
        if (this.pass >= 2) {
          this.overrides.set('0/0/5', 1000 + this.pass); // fresh every pass
          this.overrides.set('0/0/6', 'zero');
          this.overrides.set('0/0/7', 3); // becomes a copy of class 3 once
        }
      }
      super.read(p, r, first, count, batch, states);
    }
  }
  const source = new Churning([oneProcess([20])], (_p, _r, page) => (page < 10 ? -1 : page % 4));
  let t = 0;
  const outcome = await measure(source, { salt, intervalSeconds: 0.004, now: () => (t += 1) / 10 });
  assert.ok(outcome.passes >= 3, `${outcome.passes} passes`);
  const m = file(source, outcome);
  const churn = m.processes[0].regions[0].churn;
  assert.deepEqual(churn.map((c) => [c.page, c.last]), [[5, 'fresh'], [6, 'zero'], [7, 'copy']]);
  assert.equal(churn[0].changes, outcome.passes - 1);
  assert.equal(churn[1].changes, 1);
  assert.ok(m.processes[0].regions[0].flags()[5] & CHANGED);
  // ids are those of the first pass
  assert.equal(m.processes[0].regions[0].ids()[6], 1);
});

test('maxCpu sleeps between batches: at 25% the run takes about four times its busy time', async () => {
  // A fake clock: each read costs 10 ms of "work"; the pacer's sleeps are real but short.
  let t = 0;
  class Slow extends SyntheticSource {
    override read(...args: Parameters<SyntheticSource['read']>): void {
      t += 10;
      super.read(...args);
    }
  }
  const source = new Slow([oneProcess([256 * 20])], () => 1);
  const sleeps: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    sleeps.push(ms ?? 0);
    t += ms ?? 0;
    return realSetTimeout(fn, 0);
  }) as typeof setTimeout;
  try {
    await measure(source, { salt, maxCpu: 0.25, now: () => t });
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  const slept = sleeps.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(slept / 200 - 3) < 0.35, `slept ${slept} ms for 200 ms of work`);
});
