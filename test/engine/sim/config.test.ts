/** Absurd inputs get a SimConfigError naming the field, before anything is allocated. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimConfigError } from '../../../engine/sim/errors';
import { simulate } from '../../../engine/sim/simulate';
import { HOST, config, identical, mix } from './simHarness';

function rejects(over: Parameters<typeof config>[1], processes = [identical('p', 10)], field: RegExp): void {
  assert.throws(
    () => simulate(config(processes, over)),
    (e: unknown) => e instanceof SimConfigError && field.test(e.field) && e.message.startsWith(e.field),
  );
}

test('1 PiB of RAM, NaN and negative sizes are configuration errors naming the field', () => {
  rejects({ host: { ...HOST, memTotalKb: 2 ** 40 } }, undefined, /^host\.memTotalKb$/);
  rejects({ host: { ...HOST, hz: Number.NaN } }, undefined, /^host\.hz$/);
  rejects({ host: { ...HOST, kernel: 'latest' } }, undefined, /^host\.kernel$/);
  rejects({ durationSeconds: -1 }, undefined, /^durationSeconds$/);
  rejects({ durationSeconds: Infinity }, undefined, /^durationSeconds$/);
  rejects({ sampleIntervalSeconds: 1e-9 }, undefined, /^sampleIntervalSeconds$/);
  rejects({}, [{ ...identical('p', 10), regions: [{ pages: -5, content: mix({}) }] }], /^processes\[0\]\.regions\[0\]\.pages$/);
  rejects({}, [{ ...identical('p', 10), regions: [{ pages: 10, content: mix({ zeroPages: 20 }) }] }], /^processes\[0\]\.regions\[0\]\.content$/);
  rejects({}, [identical('p', 10), identical('p', 10)], /^processes\[1\]\.name$/);
  rejects({ knobs: { run: 3 as never } }, undefined, /^knobs\.run$/);
  rejects({ knobs: { max_page_sharing: 1 } }, undefined, /^knobs\.max_page_sharing$/);
  rejects({ events: [{ t: 1, kind: 'exit', process: 'nobody' }] }, undefined, /^events\[0\]\.process$/);
});

test('a petabyte of guest pages is refused up front, quickly, not by running out of memory', () => {
  const start = performance.now();
  const huge = { ...identical('p', 1), regions: [{ pages: 2 ** 38, content: mix({ uniquePages: 2 ** 38 }) }] };
  rejects({ host: { ...HOST, memTotalKb: 2 ** 35 } }, [huge], /^processes\[0\]\.regions\[0\]\.pages$/);
  assert.ok(performance.now() - start < 500);
});

test('knobs the kernel version lacks are ignored: no smart scan before 6.7', () => {
  const unique = { name: 'u', argv: ['u'], merge: 'madvise' as const, regions: [{ pages: 500, content: mix({ uniquePages: 500 }) }] };
  const old = simulate(config([unique], { host: { ...HOST, kernel: '6.6' }, knobs: { run: 1, smart_scan: 1, pages_to_scan: 1000, sleep_millisecs: 1 }, durationSeconds: 1 }));
  assert.equal(old.samples.at(-1)!.ksm.pages_skipped, 0);
  const recent = simulate(config([unique], { knobs: { run: 1, smart_scan: 1, pages_to_scan: 1000, sleep_millisecs: 1 }, durationSeconds: 1 }));
  assert.ok(recent.samples.at(-1)!.ksm.pages_skipped > 0);
});

test('before 6.9 a page whose content is already a KSM page merges on its first visit', () => {
  const a = identical('a', 100);
  const late = { ...identical('late', 100), startAt: 0.5 };
  const knobs = { run: 1 as const, pages_to_scan: 1000, sleep_millisecs: 1 };
  const lateMerged = (kernel: string) =>
    simulate(config([a, late], { host: { ...HOST, kernel }, knobs, durationSeconds: 1, sampleIntervalSeconds: 0.004 })).samples.find((s) => (s.procs.late?.ksm_rmap_items ?? 0) > 0)!.procs.late.ksm_merging_pages;
  assert.equal(lateMerged('6.8'), 100);
  assert.equal(lateMerged('6.18'), 0);
});

test('cancel stops between batches; progress is reported', () => {
  let polls = 0;
  const fractions: number[] = [];
  const r = simulate(config([identical('p', 1000)], { durationSeconds: 1000 }), { shouldCancel: () => ++polls > 10, onProgress: (f) => fractions.push(f) });
  assert.equal(r.cancelled, true);
  assert.ok(r.samples.at(-1)!.t < 1000);
  const done = simulate(config([identical('p', 1000)], { durationSeconds: 5 }), { onProgress: (f) => fractions.push(f) });
  assert.equal(done.cancelled, false);
  assert.equal(fractions.at(-1), 1);
});

test('a ksmd with nothing to do and no sleep spins without hanging the simulation', () => {
  const start = performance.now();
  const r = simulate(config([identical('p', 100)], { knobs: { run: 1, pages_to_scan: 0, sleep_millisecs: 0 }, durationSeconds: 600, sampleIntervalSeconds: 60 }));
  assert.ok(performance.now() - start < 2000);
  assert.equal(r.samples.at(-1)!.ksm.pages_scanned, 0);
  assert.ok(r.samples.at(-1)!.ksmdCpu > 0.99, 'spinning uses a whole CPU');
  const zeros = { name: 'z', argv: ['z'], merge: 'madvise' as const, regions: [{ pages: 100, content: mix({ zeroPages: 100 }) }] };
  const z = simulate(config([zeros], { knobs: { run: 1, sleep_millisecs: 0, use_zero_pages: 1 }, durationSeconds: 600, sampleIntervalSeconds: 60 }));
  assert.equal(z.samples.at(-1)!.ksm.ksm_zero_pages, 100);
  assert.ok(z.samples.at(-1)!.ksm.full_scans > 1000, 'empty passes keep completing');
});
