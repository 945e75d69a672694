import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layoutRegion, LAYOUT_UNIQUE, LAYOUT_ZERO, mixClasses } from '../../../engine/sim/contentLayout';
import { harnessGuestProfile } from '../../../engine/trace/harnessGuest';
import { parseTrace } from '../../../engine/trace/parseTrace';
import { kernelParams, parseQemuArgs } from '../../../engine/trace/qemuArgs';
import { hzFromHeader, traceToSimConfig, TraceReplayError } from '../../../engine/trace/traceToConfig';
import { parseWorkloadArgs } from '../../../engine/trace/workloadArgs';
import { PAGE_DUP, PAGE_ZERO, workloadPlan } from '../../../engine/trace/workloadLayout';
import { workloadProcess } from '../../../engine/trace/workloadProcess';
import { ownTraceDir, publishedTraceDir } from './traceFiles';
import { mixOf } from '../sim/simHarness';

const load = (file: string) => parseTrace(readFileSync(file, 'utf8'));
const published = (name: string) => join(publishedTraceDir.dir, `${name}.jsonl`);
const own = (name: string) => join(ownTraceDir.dir, `${name}.jsonl`);

test('the ContentMix of a workload process lays out in the simulator exactly as workload.c', () => {
  for (const args of [
    ['--pages', '20000', '--distinct', '4'],
    ['--pages', '8000', '--distinct', '8', '--zero-frac', '0.1', '--unique-frac', '0.2'],
    ['--pages', '10000', '--mult', '3000,2000,1000,500', '--layout', 'seq'],
    ['--pages', '4097', '--distinct', '5', '--zero-frac', '0.33', '--seed', '12345'],
  ]) {
    const o = parseWorkloadArgs(args);
    const plan = workloadPlan(o);
    const region = workloadProcess('w0', ['./workload', ...args], o, { readyT: 0, traceSeconds: 30 }).regions[0];
    const classes = mixClasses(mixOf(region));
    const sim = layoutRegion(mixOf(region), region.pages);
    for (let i = 0; i < plan.kind.length; i++) {
      const code = sim[i];
      const want = plan.kind[i] === PAGE_DUP ? plan.cls[i] : plan.kind[i] === PAGE_ZERO ? LAYOUT_ZERO : LAYOUT_UNIQUE;
      const got = code >= 0 ? classes[code].cls : code;
      if (got !== want) assert.fail(`${args.join(' ')}: page ${i} is ${got} in the simulator, ${want} in workload.c`);
    }
  }
});

test('01_gate_default: knobs, run=1 event, one 20000-page madvise process, host', { skip: !publishedTraceDir.exists() }, () => {
  const c = traceToSimConfig(load(published('01_gate_default')));
  assert.equal(c.knobs.run, 0);
  assert.equal(c.knobs.pages_to_scan, 100);
  assert.equal(c.knobs.advisor_mode, 'none');
  assert.deepEqual(c.events, [{ t: 0, kind: 'set', knobs: { run: 1 } }]);
  assert.equal(c.processes.length, 1);
  assert.equal(c.processes[0].merge, 'madvise');
  assert.equal(c.processes[0].regions[0].pages, 20000);
  assert.equal(mixOf(c.processes[0].regions[0]).pools[0].distinct, 4);
  assert.equal(c.processes[0].exitAt, undefined);
  assert.equal(c.host.hz, 250);
  assert.equal(c.host.memTotalKb, 24684092);
  assert.equal(c.sampleIntervalSeconds, 0.2);
  assert.equal(c.durationSeconds, 30);
});

test('the tick rate comes from the header note and can be overridden', { skip: !publishedTraceDir.exists() }, () => {
  const trace = load(published('01_gate_default'));
  assert.equal(hzFromHeader(trace.header), 250);
  assert.equal(hzFromHeader({ ...trace.header, hzNote: 'CONFIG_HZ=1000' }), 1000);
  assert.equal(traceToSimConfig(trace, { hz: 100 }).host.hz, 100);
});

test('14_rate_sweep and 15_run_pause_unmerge: knob events at their times', { skip: !publishedTraceDir.exists() }, () => {
  const sweep = traceToSimConfig(load(published('14_rate_sweep')));
  assert.equal(sweep.events?.length, 8);
  assert.deepEqual(sweep.events?.[4], { t: 24, kind: 'set', knobs: { pages_to_scan: 1000, sleep_millisecs: 20 } });
  const pause = traceToSimConfig(load(published('15_run_pause_unmerge')));
  assert.deepEqual(pause.events?.map((e) => (e.kind === 'set' ? [e.t, e.knobs.run] : [])), [[0, 1], [12, 0], [15, 1], [22, 2], [25, 1]]);
});

test('09_cow_unmerge and 08: write patterns relative to READY', { skip: !publishedTraceDir.exists() }, () => {
  const cow = traceToSimConfig(load(published('09_cow_unmerge')));
  const writes = cow.processes[0].writes!;
  assert.equal(writes.length, 2);
  assert.equal(writes[0].kind, 'burst');
  assert.ok(writes[0].kind === 'burst' && Math.abs(writes[0].at - 15) < 0.01 && writes[0].count === 5000 && writes[0].target === 'dup' && writes[0].mode === 'new');
  const vol = traceToSimConfig(load(published('08_volatile_rewrite')));
  assert.deepEqual(vol.processes[0].writes?.[0], { kind: 'rate', pagesPerSecond: 1000, target: { pool: 'workload-seed-1', content: 0 }, mode: 'new', start: 0 });
});

test('11_mergeoff_mix: madvise, prctl (with its extra pages) and merge none', { skip: !publishedTraceDir.exists() }, () => {
  const c = traceToSimConfig(load(published('11_mergeoff_mix')));
  // p0 registered at its prctl, before m0 had filled its region and madvised it: ksmd scans p0 first
  assert.deepEqual(c.processes.map((p) => [p.name, p.merge]), [['p0', 'prctl'], ['m0', 'madvise'], ['n0', 'none'], ['n1', 'none']]);
  assert.deepEqual(c.processes[0].regions.map((r) => r.pages), [10000, 39]);
});

test('own traces: late start, exit, regions', () => {
  const late = traceToSimConfig(load(own('s22_late_joiner')));
  assert.ok(Math.abs(late.processes[1].startAt! - 7.91) < 0.01);
  const exit = traceToSimConfig(load(own('s23_process_exit')));
  // x0 (10000 pages) filled and madvised before w0 (20000 pages), so it is scanned first
  assert.deepEqual(exit.processes.map((p) => p.name), ['x0', 'w0']);
  assert.equal(exit.processes[1].exitAt, undefined);
  assert.ok(Math.abs(exit.processes[0].exitAt! - 19.97) < 0.01);
  const pool = traceToSimConfig(load(own('s26_pool_3procs')));
  const byName = (n: string) => pool.processes.find((p) => p.name === n)!;
  assert.deepEqual(byName('a0').regions.map((r) => r.pages), [8000, 8000]);
  assert.equal(mixOf(byName('b0').regions[0]).layout, 'sequential');
  assert.equal(mixOf(byName('b0').regions[0]).uniquePages, 3500);
  const adv = traceToSimConfig(load(own('s20_advisor_scan_time')));
  assert.equal(adv.knobs.advisor_mode, 'scan-time');
  assert.equal(adv.knobs.advisor_target_scan_time, 4);
  assert.ok(adv.host.ksmdCpuSeconds! > 10);
});

test('q1: four guests of 512 MiB, mem-merge=on, harness guest profile', { skip: !publishedTraceDir.exists() }, () => {
  const c = traceToSimConfig(load(published('q1_4guests_mergeon')));
  assert.equal(c.processes.length, 4);
  for (const p of c.processes) {
    assert.equal(p.merge, 'madvise');
    assert.equal(p.argv[2], `g${p.name.slice(2)}-enable-kvm`);
    const pages = p.regions.reduce((a, r) => a + r.pages, 0);
    assert.ok(pages > 100000 && pages <= 131072, `${pages}`);
    assert.ok(p.regions.some((r) => r.thp));
  }
  assert.equal(c.ksmtuned, undefined);
});

test('q3: the real ksmtuned (Debian) with the coef20 conf', { skip: !publishedTraceDir.exists() }, () => {
  const c = traceToSimConfig(load(published('q3_ksmtuned_coef20')));
  assert.equal(c.ksmtuned?.variant, 'debian');
  assert.equal(c.ksmtuned?.values.KSM_THRES_COEF, '20');
  assert.equal(c.ksmtuned?.values.KSM_MONITOR_INTERVAL, '5');
  assert.equal(c.ksmtuned?.values.KSM_NPAGES_MAX, '1250');
  assert.ok(c.ksmtuned!.startAt! > 0 && c.ksmtuned!.startAt! < 0.1);
  assert.equal(c.events?.length, 0);
  assert.equal(c.knobs.run, 0);
  // ksmtuned's free memory: MemFree + Buffers + Cached at the start
  assert.equal(c.host.cachedKb, 31356 + 2235908);
});

test('QEMU argv: -m sizes, mem-merge, -append', () => {
  assert.equal(parseQemuArgs(['qemu-system-x86_64', '-m', '512']).ramMiB, 512);
  assert.equal(parseQemuArgs(['qemu-system-x86_64', '-m', '2G']).ramMiB, 2048);
  assert.equal(parseQemuArgs(['qemu-system-x86_64', '-m', 'size=1024M,slots=2,maxmem=4G']).ramMiB, 1024);
  assert.equal(parseQemuArgs(['qemu-system-x86_64', '-M', 'pc,mem-merge=off']).memMerge, false);
  assert.equal(parseQemuArgs(['qemu-system-x86_64', '-machine', 'q35']).memMerge, true);
  assert.throws(() => parseQemuArgs(['qemu-system-x86_64', '-m', 'lots']), /-m size is not one QEMU reads/);
  assert.throws(() => parseQemuArgs(['qemu-system-x86_64', '-M', 'pc,mem-merge=maybe']), /mem-merge=maybe is not a QEMU boolean/);
  assert.equal(kernelParams('console=ttyS0 quiet wl_id=3').get('wl_id'), '3');
});

test('the harness guest profile: parts fit in -m, too little RAM is an error', () => {
  const mem = harnessGuestProfile.memory({ ramPages: 131072, pageSize: 4096, guestIndex: 0, kernelParams: new Map() });
  const pages = mem.regions.reduce((a, r) => a + r.pages, 0);
  const untouched = harnessGuestProfile.parameters.find((p) => p.name === 'untouched')!.value;
  assert.equal(pages + untouched, 131072);
  assert.throws(() => harnessGuestProfile.memory({ ramPages: 50000, pageSize: 4096, guestIndex: 0, kernelParams: new Map() }), RangeError);
  const wl = harnessGuestProfile.memory({ ramPages: 131072, pageSize: 4096, guestIndex: 1, kernelParams: new Map([['wl_pages', '40000']]) });
  // Guest RAM is whole huge pages: 40000 fewer workload pages leave 78 fewer 2 MiB blocks.
  assert.equal(pages % 512, 0);
  assert.equal(wl.regions.reduce((a, r) => a + r.pages, 0), pages - 78 * 512);
});

test('programs the replay cannot model are reported', { skip: !publishedTraceDir.exists() }, () => {
  const trace = load(published('01_gate_default'));
  trace.header.procs[0].cmd = ['/usr/bin/stress-ng', '--vm', '1'];
  assert.throws(() => traceToSimConfig(trace), (e: unknown) => e instanceof TraceReplayError && /cannot model program/.test(e.message));
  trace.header.procs[0].cmd = ['./workload', '--pages', '0'];
  assert.throws(() => traceToSimConfig(trace), /pages\/regions must be > 0/);
});
