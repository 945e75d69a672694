import type { HostSpec, ProcessSpec, SimConfig } from '../engine/sim/api';
import { simulate } from '../engine/sim/simulate';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { BenchFigure } from './run';

/** KSM simulator speed: examined pages per second, memory per simulated page, the seed experiment. */
const GIB_PAGES = 262_144;

function host(memGiB: number): HostSpec {
  return { memTotalKb: memGiB * 1024 * 1024, pageSize: 4096, hz: 250, cpus: 32, numaNodes: 1, kernel: '6.18', swapKb: 0, perPageCostNs: 5000, otherUsedKb: 4_000_000, cachedKb: 1_000_000 };
}

/** An idle Windows-like guest: 59 % zero pages, a 656 MiB image shared by all guests, 5 % duplicated inside the guest, the rest unique; 8 pages/s per GiB rewritten. */
function guest(name: string, gib: number, seed: number): ProcessSpec {
  const pages = gib * GIB_PAGES;
  const zero = Math.round(pages * 0.59);
  const image = 656 * 256;
  const dup = Math.round(pages * 0.05);
  return {
    name,
    argv: ['/usr/libexec/qemu-kvm', '-name', name, '-m', `${gib}G`],
    merge: 'madvise',
    regions: [
      {
        pages,
        thp: true,
        content: {
          zeroPages: zero,
          uniquePages: pages - zero - image - dup,
          pools: [
            { pool: 'win10/image', distinct: image, pages: image },
            { pool: `${name}/dup`, distinct: Math.round(dup / 4), pages: dup },
          ],
          layout: 'shuffle',
          seed,
        },
      },
    ],
    writes: [{ kind: 'rate', pagesPerSecond: 8 * gib, target: 'any', mode: 'new' }],
  };
}

/** Four 8 GiB guests on 128 GiB, 10 minutes at ksmtuned's top rate (1250 pages per 10 ms, 12 ms at HZ=250). */
export function seedConfig(): SimConfig {
  return {
    host: host(128),
    knobs: { run: 1, pages_to_scan: 1250, sleep_millisecs: 10 },
    processes: [1, 2, 3, 4].map((i) => guest(`win${i}`, 8, i)),
    durationSeconds: 600,
    sampleIntervalSeconds: 1,
  };
}

/** A CPU-bound ksmd (sleep 0) over 1 Mi pages of mixed content with smart scan off: every visit is examined. */
function throughputConfig(): SimConfig {
  const pages = 4 * GIB_PAGES;
  return {
    host: { ...host(64), perPageCostNs: 5000 },
    knobs: { run: 1, pages_to_scan: 10_000, sleep_millisecs: 0, smart_scan: 0 },
    processes: [
      {
        name: 'mix',
        argv: ['mix'],
        merge: 'madvise',
        regions: [{ pages, content: { zeroPages: pages / 4, uniquePages: pages / 4, pools: [{ pool: 'p', distinct: 4096, pages: pages / 2 }], layout: 'shuffle', seed: 7 } }],
      },
    ],
    durationSeconds: 300,
    sampleIntervalSeconds: 1,
  };
}

/** Wall and CPU time of one call (the machine may be shared; CPU time is the steadier figure). */
function timed<T>(f: () => T): { value: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = f();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

export function run(): BenchFigure[] {
  const figures: BenchFigure[] = [];
  simulate({ ...throughputConfig(), durationSeconds: 10 }); // warm-up
  const t = timed(() => simulate(throughputConfig()));
  figures.push({
    name: 'examined pages per second (1 Mi pages, smart_scan=0, sleep 0, 300 s)',
    value: Math.round(t.value.examinedPages / (t.cpuMs / 1000)),
    unit: 'pages/s of CPU time',
    note: `${t.value.examinedPages} pages, ${t.cpuMs.toFixed(0)} ms CPU, ${t.wallMs.toFixed(0)} ms wall`,
  });

  // Peak memory while the seed experiment runs (the engine keeps its state off the JS heap).
  const base = process.memoryUsage();
  let peak = 0;
  const s = timed(() =>
    simulate(seedConfig(), {
      onProgress: () => {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.arrayBuffers - base.arrayBuffers + Math.max(0, m.heapUsed - base.heapUsed));
      },
    }),
  );
  const pages = 4 * 8 * GIB_PAGES;
  figures.push({ name: 'seed experiment wall time (4 × 8 GiB guests, 600 s at 1250/10 ms)', value: s.wallMs / 1000, unit: 's', note: `${s.value.examinedPages} pages examined, final pages_sharing ${s.value.samples.at(-1)?.ksm.pages_sharing}` });
  figures.push({ name: 'seed experiment CPU time', value: s.cpuMs / 1000, unit: 's' });
  figures.push({ name: 'memory per simulated page (seed experiment, peak during the run)', value: peak / pages, unit: 'bytes', note: `${(peak / 2 ** 20).toFixed(0)} MiB for ${pages} pages` });
  figures.push(...shippedSeedRun());
  return figures;
}

/**
 * The seed experiment the way a user runs it: the bundled CLI (`samepage whatif`, default scenario:
 * four 8 GiB guests, 128 GiB host, ksmtuned at its top rate, 10 min) in a fresh process. The
 * in-process figures above run tsx-transpiled code after another large run, which costs more.
 */
function shippedSeedRun(): BenchFigure[] {
  const cli = 'dist/cli/samepage.js';
  if (!existsSync(cli)) return [{ name: 'samepage whatif (seed), bundled CLI', value: 0, unit: 's', note: 'not measured: run `npm run build` first' }];
  const start = performance.now();
  const child = spawnSync(process.execPath, [cli, 'whatif', '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = performance.now() - start;
  const sharing = child.status === 0 ? (JSON.parse(child.stdout) as { final: { pages_sharing: number } }).final.pages_sharing : undefined;
  return [{ name: 'samepage whatif (seed), bundled CLI in a fresh process', value: wallMs / 1000, unit: 's wall', note: `exit ${child.status}, final pages_sharing ${sharing}` }];
}
