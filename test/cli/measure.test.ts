// `samepage measure` against real processes on this machine's kernel: the ground-truth harness's
// workload.c (known zero / duplicate / unique pages, madvise or prctl) and QEMU guests. Needs root,
// gcc and make, /proc/kpageflags and qemu-system-x86_64: a missing one FAILS with a message (CI runs as root).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCaptured } from './runCaptured';
import { decodeMeasurement, type Measurement } from '../../engine/measure/format';
import { countPages } from '../../engine/measure/summary';
import { findCandidates, LiveSource } from '../../engine/node/measureProc';
import { SourceGoneError } from '../../engine/measure/measure';
import { parseSmaps } from '../../engine/measure/smaps';

const GROUNDTRUTH = resolve('..', 'shared', 'groundtruth');
let dir = '';
let workloadBin = '';
const children: ChildProcess[] = [];

function requirePreconditions(): void {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root (these tests read other processes\' memory)');
  try {
    accessSync('/proc/kpageflags', constants.R_OK);
  } catch {
    missing.push('a readable /proc/kpageflags');
  }
  for (const tool of ['gcc', 'make', 'qemu-system-x86_64']) if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) missing.push(tool);
  if (!existsSync(join(GROUNDTRUTH, 'workload.c'))) missing.push(`${GROUNDTRUTH}/workload.c`);
  assert.deepEqual(missing, [], `samepage measure tests need: ${missing.join(', ')}`);
}

/** Starts workload with `args`; resolves with its pid once it printed READY. */
function startWorkload(args: string[]): Promise<number> {
  const child = spawn(workloadBin, [...args, '--duration', '120'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolvePid, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^READY /m.test(out)) resolvePid(child.pid!);
    });
    child.on('exit', (code) => reject(new Error(`workload exited with ${code}: ${out}`)));
  });
}

function startQemu(name: string, extra: string[]): Promise<number> {
  const child = spawn('qemu-system-x86_64', ['-name', `guest=${name},debug-threads=on`, '-m', '64', '-display', 'none', '-nodefaults', '-S', ...extra], { stdio: 'ignore' });
  children.push(child);
  // QEMU maps guest RAM at startup; -S keeps the guest stopped. Wait for its mappings.
  return new Promise((resolvePid, reject) => {
    const t0 = Date.now();
    const poll = () => {
      const smaps = existsSync(`/proc/${child.pid}/smaps`) ? readFileSync(`/proc/${child.pid}/smaps`, 'utf8') : '';
      if (parseSmaps(smaps).some((v) => v.end - v.start === 64 * 1048576)) resolvePid(child.pid!);
      else if (Date.now() - t0 > 20_000) reject(new Error('QEMU did not map its guest RAM within 20 s'));
      else setTimeout(poll, 100);
    };
    poll();
  });
}

async function measureJson(args: string[], out: string): Promise<{ result: Record<string, unknown>; m: Measurement; scenario: Record<string, unknown>; stdout: string }> {
  const r = await runCaptured(['measure', ...args, '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout) as Record<string, unknown>;
  const m = decodeMeasurement(readFileSync(result.contentFile as string));
  return { result, m, scenario: JSON.parse(readFileSync(out, 'utf8')), stdout: r.stdout };
}

before(() => {
  requirePreconditions();
  dir = mkdtempSync(join(tmpdir(), 'samepage-measure-'));
  const make = spawnSync('make', ['-s', '-C', dir, '-f', join(GROUNDTRUTH, 'Makefile'), `VPATH=${GROUNDTRUTH}`, 'workload'], { encoding: 'utf8' });
  assert.equal(make.status, 0, `building workload.c failed: ${make.stderr}`);
  workloadBin = join(dir, 'workload');
});

after(() => {
  for (const c of children) c.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('two madvise workloads: exactly their zero, shared and single pages, shared across processes', async () => {
  // Same seed: both draw their duplicate classes from the same 20 contents.
  const a = await startWorkload(['--pages', '2000', '--distinct', '20', '--zero-frac', '0.1', '--unique-frac', '0.25', '--seed', '7', '--id', '1']);
  const b = await startWorkload(['--pages', '1000', '--distinct', '20', '--zero-frac', '0.2', '--unique-frac', '0.3', '--seed', '7', '--id', '2']);
  const out = join(dir, 'two.samepage.json');
  const { m, scenario } = await measureJson(['--pid', String(a), '--pid', String(b)], out);
  const { perProcess, total } = countPages(m);
  assert.deepEqual(m.processes.map((p) => [p.pid, p.merge, p.kind, p.regions.length]), [[a, 'madvise', 'process', 1], [b, 'madvise', 'process', 1]]);
  assert.deepEqual(perProcess.map((c) => [c.pages, c.resident, c.zero, c.shared, c.single]), [
    [2000, 2000, 200, 1300, 500],
    [1000, 1000, 200, 500, 300],
  ]);
  assert.equal(m.sharedContentCount, 20);
  assert.equal(total.thp, 0);
  assert.equal(m.meta.source, 'live');
  // Files: 0600; the scenario points at the content file beside it.
  for (const f of [out, join(dir, 'two.samepage-content')]) assert.equal(statSync(f).mode & 0o777, 0o600, f);
  assert.equal((scenario.measurement as { file: string }).file, 'two.samepage-content');
  assert.deepEqual(scenario.processes, [
    { name: 'workload', merge: 'madvise', measured: { process: 0 } },
    { name: `workload-${b}`, merge: 'madvise', measured: { process: 1 } },
  ]);
});

test('memcmp positions: the shared contents sort as their bytes in /proc/PID/mem do', async () => {
  const pid = await startWorkload(['--pages', '1500', '--distinct', '40', '--zero-frac', '0.1', '--unique-frac', '0.3', '--seed', '13', '--id', '3']);
  const { m } = await measureJson(['--pid', String(pid)], join(dir, 'order.samepage.json'));
  assert.equal(m.sharedContentCount, 40);
  const region = m.processes[0].regions[0];
  const ids = region.ids();
  const fd = openSync(`/proc/${pid}/mem`, 'r');
  const bytesOf = new Map<number, Buffer>();
  try {
    ids.forEach((id, i) => {
      if (id < 2 || bytesOf.has(id)) return;
      const page = Buffer.alloc(4096);
      readSync(fd, page, 0, 4096, (region.startPage + i) * 4096);
      bytesOf.set(id, page);
    });
  } finally {
    closeSync(fd);
  }
  const byBytes = [...bytesOf.keys()].sort((a, b) => Buffer.compare(bytesOf.get(a)!, bytesOf.get(b)!));
  const byPosition = [...bytesOf.keys()].sort((a, b) => m.positions![a - 2] - m.positions![b - 2]);
  assert.deepEqual(byPosition, byBytes);
});

test('pages KSM merged already: counted as the kernel counts them, and the what-if starts from them', async () => {
  // The real ksmd merges a workload first: knobs are written under the shared lock and restored.
  // flock holds the lock (-o: its child does not) until the child's stdin closes.
  const lock = spawn('flock', ['-o', '/tmp/samepage-ksm.lock', 'sh', '-c', 'echo locked; exec cat'], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(lock);
  await new Promise<void>((ok) => lock.stdout!.once('data', () => ok()));
  lock.stdout!.destroy();
  const ksm = (knob: string) => Number(readFileSync(`/sys/kernel/mm/ksm/${knob}`, 'utf8'));
  const set = (knob: string, v: number) => writeFileSync(`/sys/kernel/mm/ksm/${knob}`, String(v));
  const saved = { pages_to_scan: ksm('pages_to_scan'), sleep_millisecs: ksm('sleep_millisecs'), run: ksm('run') };
  // The counters are host-wide: the workloads of earlier tests must not merge too.
  for (const c of children) if (c !== lock) c.kill('SIGKILL');
  try {
    set('run', 2); // unmerge everything: this test counts its own process's merges only
    const pid = await startWorkload(['--pages', '6000', '--distinct', '12', '--zero-frac', '0.2', '--unique-frac', '0.3', '--seed', '21', '--id', '4']);
    set('pages_to_scan', 5000);
    set('sleep_millisecs', 10);
    set('run', 1);
    const merging = () => Number(readFileSync(`/proc/${pid}/ksm_merging_pages`, 'utf8'));
    const t0 = Date.now();
    // 3000 duplicates and 1200 zero pages: every one of them merges within a few full scans.
    while (merging() < 4200 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 200));
    set('run', 0); // keep the merged state still while it is read
    const counters = { shared: ksm('pages_shared'), sharing: ksm('pages_sharing'), merging: merging() };
    assert.equal(counters.merging, 4200, 'the real ksmd did not merge the workload within 30 s');
    const out = join(dir, 'merged.samepage.json');
    const { m, scenario } = await measureJson(['--pid', String(pid)], out);
    assert.equal(countPages(m).total.ksm, counters.merging, 'pages flagged KSM (/proc/kpageflags) = ksm_merging_pages');
    assert.equal((scenario.measurement as { startsFrom: string }).startsFrom, 'current-merges');
    const r = await runCaptured(['whatif', out, '--set', 'durationSeconds=5', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const first = (JSON.parse(r.stdout) as { series: Array<Record<string, number>> }).series[0];
    assert.deepEqual([first.pages_shared, first.pages_sharing], [counters.shared, counters.sharing]);
  } finally {
    set('run', 2);
    set('run', 0);
    for (const [knob, v] of Object.entries(saved)) set(knob, v);
    lock.stdin!.end();
  }
});

test('swapped-out pages are recorded as such and never swapped back in', async () => {
  // A swap file and a memory cgroup too small for the workload push most of its pages out.
  // /var/tmp: a disk file system (a swap file on tmpfs is refused).
  const swapFile = join('/var/tmp', `samepage-test-${process.pid}.swap`);
  const cgroup = '/sys/fs/cgroup/memory/samepage-swap-test';
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  };
  const status = (pid: number, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  assert.ok(existsSync('/sys/fs/cgroup/memory'), 'this test needs the cgroup v1 memory controller at /sys/fs/cgroup/memory');
  let pid = 0;
  try {
    run('fallocate', ['-l', '256M', swapFile]);
    run('chmod', ['600', swapFile]);
    run('mkswap', ['-q', swapFile]);
    run('swapon', [swapFile]);
    mkdirSync(cgroup, { recursive: true });
    writeFileSync(`${cgroup}/memory.limit_in_bytes`, String(32 * 1048576));
    // The workload joins the cgroup before it fills its pages (sh puts itself in, then execs it).
    const child = spawn('sh', ['-c', `echo $$ > ${cgroup}/cgroup.procs && exec "$0" "$@"`, workloadBin, '--pages', '20000', '--distinct', '16', '--zero-frac', '0.2', '--unique-frac', '0.3', '--seed', '7', '--duration', '120'], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    pid = await new Promise<number>((ok, fail) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/^READY /m.test(out)) ok(child.pid!);
      });
      child.on('exit', (code) => fail(new Error(`workload exited with ${code}: ${out}`)));
    });
    const swapBefore = status(pid, 'VmSwap');
    const rssBefore = status(pid, 'VmRSS');
    assert.ok(swapBefore > 20_000, `only ${swapBefore} kB of the workload went to swap`);
    const { result } = await measureJson(['--pid', String(pid)], join(dir, 'swap.samepage.json'));
    const swapped = (result.total as { swapped: number }).swapped;
    // VmSwap is a per-CPU counter read approximately (Linux 6.2+): a few dozen pages either way.
    assert.ok(Math.abs(swapped * 4 - swapBefore) <= 1024, `${swapped} pages flagged swapped, VmSwap ${swapBefore} kB`);
    assert.ok(Math.abs(status(pid, 'VmSwap') - swapBefore) <= 1024 && status(pid, 'VmRSS') - rssBefore <= 1024, 'the measurement brought swapped pages back in');
  } finally {
    if (pid) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    spawnSync('swapoff', [swapFile]);
    rmSync(swapFile, { force: true });
    try {
      rmdirSync(cgroup);
    } catch {
      // already gone, or never made
    }
  }
});

test('THP-backed workload: the THP pages match smaps AnonHugePages; prctl is recognised', async () => {
  const thpMode = readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8');
  assert.match(thpMode, /\[(always|madvise)\]/, `THP must be enabled (always or madvise) for this test, it is: ${thpMode.trim()}`);
  const pid = await startWorkload(['--pages', '4096', '--distinct', '8', '--zero-frac', '0.5', '--seed', '3', '--thp']);
  const viaPrctl = await startWorkload(['--pages', '512', '--distinct', '4', '--zero-frac', '0.25', '--seed', '5', '--merge', 'prctl']);
  const anonHugeKb = parseSmaps(readFileSync(`/proc/${pid}/smaps`, 'utf8')).filter((v) => v.flags.includes('mg')).reduce((n, v) => n + v.anonHugeKb, 0);
  const { m } = await measureJson(['--pid', String(pid), '--pid', String(viaPrctl)], join(dir, 'thp.samepage.json'));
  const [thp, prctl] = countPages(m).perProcess;
  assert.ok(anonHugeKb > 0, 'the workload got no huge page');
  assert.equal(thp.thp * 4, anonHugeKb);
  assert.equal(thp.zero, 2048);
  assert.equal(m.processes[1].merge, 'prctl');
  // prctl covers the whole process (heap, stack, libc data...): at least the workload's own pages.
  assert.ok(prctl.zero >= 128 && prctl.shared >= 384, JSON.stringify(prctl));
});

test('churn: a workload rewriting pages is watched, and the output says rates are "at least that fast"', async () => {
  const pid = await startWorkload(['--pages', '3000', '--distinct', '30', '--zero-frac', '0.1', '--unique-frac', '0.2', '--seed', '9', '--rate', '300:dup:new']);
  const r = await runCaptured(['measure', '--pid', String(pid), '--interval', '3', '--out', join(dir, 'churn.samepage.json')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /at least that fast/);
  const m = decodeMeasurement(readFileSync(join(dir, 'churn.samepage-content')));
  assert.ok(m.meta.churn && m.meta.churn.passes >= 3, JSON.stringify(m.meta.churn));
  const churn = m.processes[0].regions[0].churn;
  // ~300 pages/s over ~3 s rewritten with fresh content; only dup pages (2100 of them) are written.
  assert.ok(churn.length >= 300 && churn.length <= 2100, `${churn.length} changed pages`);
  assert.ok(churn.every((c) => c.last === 'fresh'), 'new content is fresh');
});

test('QEMU guests: guest RAM found by size with mem-merge off and on, named from -name', async () => {
  const off = await startQemu('guest-off', ['-machine', 'pc,mem-merge=off']);
  const on = await startQemu('guest-on', ['-machine', 'pc,mem-merge=on']);
  const { m, scenario } = await measureJson(['--pid', String(off), '--pid', String(on)], join(dir, 'qemu.samepage.json'));
  assert.deepEqual(m.processes.map((p) => [p.name, p.kind, p.merge]), [['guest-off', 'qemu', 'none'], ['guest-on', 'qemu', 'madvise']]);
  assert.deepEqual(m.processes[0].regions.map((r) => r.pageCount), [16384]);
  const guests = scenario.guests as Array<Record<string, unknown>>;
  assert.deepEqual(guests.map((g) => [g.name, g.memoryMiB, g.memMerge, g.profile, g.count]), [['guest-off', 64, false, 'measured', 1], ['guest-on', 64, true, 'measured', 1]]);
  // Without --pid the same guests are candidates too (with whatever else runs on this host).
  const found = findCandidates(undefined).candidates.map((c) => c.info.pid);
  assert.ok(found.includes(off) && found.includes(on));
});

test('a process that exits between reads makes the live source say so', async () => {
  const pid = await startWorkload(['--pages', '600', '--distinct', '6', '--seed', '4']);
  const { candidates } = findCandidates([pid]);
  const source = new LiveSource(candidates);
  try {
    const batch = new Uint8Array(256 * 4096);
    const states = new Uint8Array(256);
    source.read(0, 0, 0, 256, batch, states);
    assert.ok(states.every((s) => s & 1), 'all 256 pages resident');
    children.find((c) => c.pid === pid)!.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    assert.throws(() => source.read(0, 0, 256, 256, batch, states), SourceGoneError);
  } finally {
    source.close();
  }
});

test('not root: a clear message with the sudo command, and nothing written', () => {
  const out = join(dir, 'nobody.samepage.json');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'measure', '--out', out], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: process.cwd() });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /run it as root, e\.g\. `sudo /);
  assert.equal(existsSync(out), false);
});

/** One HMP command on a QEMU monitor socket; resolves with its output once the prompt returns. */
function hmp(socket: string, command: string): Promise<string> {
  return new Promise((resolveOut, reject) => {
    const c = createConnection(socket);
    let text = '';
    let sent = false;
    c.on('data', (d: Buffer) => {
      text += d.toString();
      if (!sent && text.includes('(qemu)')) {
        sent = true;
        text = '';
        c.write(`${command}\n`);
      } else if (sent && text.includes('(qemu)')) {
        c.end();
        resolveOut(text);
      }
    });
    c.on('error', reject);
  });
}

test('guest dumps: ELF (dump-guest-memory) and raw (pmemsave) of one guest agree; kdump-compressed is refused', async () => {
  const socket = join(dir, 'mon.sock');
  const child = spawn('qemu-system-x86_64', ['-name', 'guest=dumped', '-m', '32', '-display', 'none', '-nodefaults', '-S', '-monitor', `unix:${socket},server=on,wait=off`], { stdio: 'ignore', cwd: dir });
  children.push(child);
  for (let i = 0; i < 200 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
  const elf = join(dir, 'guest.elf');
  const raw = join(dir, 'guest.raw');
  const kdump = join(dir, 'guest.kdump');
  // Relative names (QEMU runs in `dir`): HMP would read a '/' after pmemsave's size as a division.
  await hmp(socket, 'dump-guest-memory guest.elf');
  await hmp(socket, `pmemsave 0 ${32 * 1048576} guest.raw`);
  await hmp(socket, 'dump-guest-memory -z guest.kdump');
  const { m, scenario } = await measureJson(['--dump', elf, '--dump', raw], join(dir, 'dumps.samepage.json'));
  assert.equal(m.meta.source, 'dump');
  assert.ok(m.meta.assumed.some((a) => /resident/.test(a)) && m.meta.assumed.some((a) => /guest-physical order/.test(a)));
  assert.deepEqual(m.processes.map((p) => [p.name, p.pid, p.kind]), [['guest.elf', null, 'qemu'], ['guest.raw', null, 'qemu']]);
  // The ELF core also holds the 256 KiB BIOS ROM just below 4 GiB; the raw image is 0..32 MiB.
  const [elfGuest, rawGuest] = m.processes;
  assert.deepEqual(elfGuest.regions.at(-1)!.startPage, 0xfffc0);
  assert.deepEqual(rawGuest.regions.map((r) => [r.startPage, r.pageCount]), [[0, 8192]]);
  // Above the first MiB (ROM shadows and VGA below it differ by reader) both hold the same RAM page by page.
  const zeroPages = (p: Measurement['processes'][number]) => {
    const zero: boolean[] = [];
    for (const r of p.regions) r.ids().forEach((id, i) => (zero[r.startPage + i] = id === 0));
    return zero.slice(256, 8192);
  };
  assert.deepEqual(zeroPages(elfGuest), zeroPages(rawGuest));
  assert.ok(zeroPages(rawGuest).filter(Boolean).length > 7000, 'a stopped 32 MiB guest is mostly zero');
  assert.deepEqual((scenario.measurement as { assumed: string[] }).assumed, m.meta.assumed);
  const refused = await runCaptured(['measure', '--dump', kdump, '--out', join(dir, 'kdump.samepage.json')]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /guest\.kdump: makedumpfile's flattened format .*compressed pages: not supported; take an ELF dump instead/);
  assert.equal(existsSync(join(dir, 'kdump.samepage.json')), false);
  // Cut short: what is there is measured, and the notes say what is missing.
  const cut = join(dir, 'cut.elf');
  writeFileSync(cut, readFileSync(elf).subarray(0, statSync(elf).size - 5 * 4096));
  const partial = await runCaptured(['measure', '--dump', cut, '--out', join(dir, 'cut.samepage.json')]);
  assert.equal(partial.code, 0, partial.stderr);
  assert.match(partial.stdout, /truncated: 5 pages that the ELF headers declare are past the end of the file/);
});

test('under sudo the files belong to the invoking user (SUDO_UID/SUDO_GID), mode 0600', () => {
  const raw = join(dir, 'small.raw');
  writeFileSync(raw, new Uint8Array(16 * 4096).fill(7, 0, 4096));
  const out = join(dir, 'owned.samepage.json');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'measure', '--dump', raw, '--out', out], { encoding: 'utf8', env: { ...process.env, SUDO_UID: '65534', SUDO_GID: '65533' } });
  assert.equal(r.status, 0, r.stderr);
  for (const f of [out, join(dir, 'owned.samepage-content')]) {
    const s = statSync(f);
    assert.deepEqual([s.uid, s.gid, s.mode & 0o777], [65534, 65533, 0o600], f);
  }
});

test('a --pid that does not exist is named, exit 1, nothing written', async () => {
  const out = join(dir, 'gone.samepage.json');
  const r = await runCaptured(['measure', '--pid', '999999999', '--out', out]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /process 999999999 does not exist or its \/proc\/999999999\/smaps is not readable/);
  assert.equal(existsSync(out), false);
});
