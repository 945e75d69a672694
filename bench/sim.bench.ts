import type { HostSpec, SimConfig } from '../engine/sim/api';
import { simulate } from '../engine/sim/simulate';
import { parseTrace } from '../engine/trace/parseTrace';
import { estimateScenarioCost, estimatedSeconds } from '../engine/whatif/costEstimate';
import { seedScenario } from '../engine/whatif/seed';
import { validateScenario } from '../engine/whatif/validate';
import { scenarioToSimConfig } from '../engine/whatif/toSimConfig';
import { defaultWorkers } from '../cli/scenarioPool';
import { startRun } from '../client/whatif/engineRunner';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchFigure } from './run';
import { writeMeasuredHost } from './measuredHost';
import { loadMeasurement } from '../engine/node/measurementFile';

/**
 * KSM simulator speed and size. Machines differ and ours are shared, so every figure comes with a
 * reference measured in the same run, and the ratio is the figure to compare across runs:
 * - the reference loop (`node -e`, fresh process), the unit of machine speed;
 * - the real ksmd's CPU-bound scan rate, read from the published 14_rate_sweep recording;
 * - the 4-byte content id per page, which is what a measured page costs (the floor of the state).
 * Nothing here needs root or touches /sys/kernel/mm/ksm.
 */
const GIB_PAGES = 262_144;
const CLI = 'dist/cli/samepage.js';
const PANEL_WORKER = resolve('dist', 'client', 'whatifWorker.js');
const REFERENCE_LOOP = 'let x=0;for(let i=0;i<3e8;i++){x=(x+i*7)%1000003}';
const REPORT_MAX_RSS = join('bench', 'reportMaxRss.cjs');
const RATE_SWEEP = join('..', 'shared', 'groundtruth', 'traces', '14_rate_sweep.jsonl');

function host(memGiB: number): HostSpec {
  return { memTotalKb: memGiB * 1024 * 1024, pageSize: 4096, hz: 250, cpus: 32, numaNodes: 1, kernel: '6.18', swapKb: 0, perPageCostNs: 5000, otherUsedKb: 4_000_000, cachedKb: 1_000_000 };
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

/** CPU time of one call (the machine is shared; CPU time is the steadier figure). */
function cpuTimed<T>(f: () => T): { value: T; cpuMs: number; wallMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = f();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, cpuMs: (used.user + used.system) / 1000, wallMs };
}

interface ChildRun {
  wallS: number;
  cpuS: number;
  maxRssKb: number;
  status: number | null;
  stdout: string;
}

/** A fresh node process; its peak RSS and CPU time come from a preload that reports them at exit. */
function child(args: string[], timeoutS = 600): ChildRun {
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--require', `./${REPORT_MAX_RSS}`, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: timeoutS * 1000 });
  const wallS = (performance.now() - start) / 1000;
  const usage = /samepage-bench-usage maxRssKb=(\d+) cpuS=([\d.]+)/.exec(r.stderr ?? '');
  return { wallS, cpuS: Number(usage?.[2] ?? NaN), maxRssKb: Number(usage?.[1] ?? NaN), status: r.status, stdout: r.stdout ?? '' };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The real ksmd's CPU-bound rate: pages_scanned per second while sleep_millisecs was 0 (the last setting). */
export function realCpuBoundRate(text: string): { pagesPerSecond: number; setting: string } {
  const samples = parseTrace(text).samples.filter((s) => Number(s.ksm.sleep_millisecs) === 0);
  const last = samples.filter((s) => s.ksm.pages_to_scan === samples.at(-1)?.ksm.pages_to_scan);
  // Skip the first sample of the setting: its interval straddles the knob change.
  const a = last[1];
  const b = last.at(-1)!;
  return { pagesPerSecond: (Number(b.ksm.pages_scanned) - Number(a.ksm.pages_scanned)) / (b.t - a.t), setting: `${b.ksm.pages_to_scan}/0` };
}

function fmt(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toPrecision(digits) : 'n/a';
}

export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  if (!existsSync(CLI)) return [{ name: 'simulator', value: 0, unit: '', note: 'not measured: run `npm run build` first' }];

  // The machine's speed unit and the seed experiment, alternating so both see the same machine.
  const loops: ChildRun[] = [];
  const seeds: ChildRun[] = [];
  const idle = child(['-e', '']);
  for (let k = 0; k < 3; k++) {
    loops.push(child(['-e', REFERENCE_LOOP]));
    seeds.push(child([CLI, 'whatif', '--json']));
  }
  const loopWall = median(loops.map((r) => r.wallS));
  const loopCpu = median(loops.map((r) => r.cpuS));
  const seedWall = median(seeds.map((r) => r.wallS));
  const seedCpu = median(seeds.map((r) => r.cpuS));
  const seedOut = seeds[0].status === 0 ? (JSON.parse(seeds[0].stdout) as { final: { pages_sharing: number } }) : undefined;
  figures.push({
    name: 'seed experiment: `samepage whatif`, bundled CLI, fresh process / reference loop (`node -e`), medians of 3',
    value: seedWall / loopWall,
    unit: '× wall (target ≤ 0.6)',
    note: `${fmt(seedWall)} s / ${fmt(loopWall)} s wall; CPU ${fmt(seedCpu)} s / ${fmt(loopCpu)} s = ${fmt(seedCpu / loopCpu)}×; final pages_sharing ${seedOut?.final.pages_sharing}`,
  });

  figures.push(await panelSeedRun(loopWall));
  figures.push(seedSweep(loopWall));

  // Examined pages per second against the real ksmd's CPU-bound rate.
  simulate({ ...throughputConfig(), durationSeconds: 10 }); // warm-up
  const t = cpuTimed(() => simulate(throughputConfig()));
  const simRate = t.value.examinedPages / (t.cpuMs / 1000);
  if (existsSync(RATE_SWEEP)) {
    const real = realCpuBoundRate(readFileSync(RATE_SWEEP, 'utf8'));
    figures.push({
      name: 'examined pages per second (1 Mi pages, smart_scan=0, sleep 0, 300 s; CPU time) / the real ksmd at sleep 0 (14_rate_sweep)',
      value: simRate / real.pagesPerSecond,
      unit: '×',
      note: `${fmt(simRate)} / ${fmt(real.pagesPerSecond)} pages/s (real ksmd at ${real.setting}, one CPU)`,
    });
  } else {
    figures.push({ name: 'examined pages per second', value: simRate, unit: 'pages/s', note: `reference not found: ${RATE_SWEEP}` });
  }

  // Simulated time per wall time, in the machine's unit: simulated seconds per reference-loop run.
  const seedConfig = scenarioToSimConfig(seedScenario());
  const s = cpuTimed(() => simulate(seedConfig));
  figures.push({
    name: 'simulated seconds per wall second, seed experiment in the bench process',
    value: seedConfig.durationSeconds / (s.wallMs / 1000),
    unit: 'sim s / wall s',
    note: `${fmt(seedConfig.durationSeconds / (s.wallMs / 1000 / loopWall))} simulated s per reference-loop run (${fmt(loopWall)} s); ${fmt(s.wallMs / 1000)} s wall for ${seedConfig.durationSeconds} s`,
  });

  // Bytes per simulated page: the seed CLI's peak RSS over an empty node's, per page.
  const seedPages = estimateScenarioCost(seedScenario()).pages;
  const perPage = ((median(seeds.map((r) => r.maxRssKb)) - idle.maxRssKb) * 1024) / seedPages;
  figures.push({
    name: 'bytes per simulated page (seed CLI peak RSS over an empty node process) / the 4-byte content id',
    value: perPage / 4,
    unit: '×',
    note: `${fmt(perPage)} bytes per page over ${seedPages} pages`,
  });

  figures.push(...largeHost(join('bench', 'scenarios', 'host-250gib.json'), loopWall, idle.maxRssKb));
  const target = { wall: 'target < 60 s wall', memory: 'target < 4 GiB' };
  figures.push(...largeHost(join('bench', 'scenarios', 'host-2tib.json'), loopWall, idle.maxRssKb, target));
  // The same size measured: a scenario and content file as `samepage measure` writes them.
  const dir = mkdtempSync(join(tmpdir(), 'samepage-bench-measured-'));
  try {
    figures.push(...largeHost(writeMeasuredHost(dir, 'host-2tib-measured'), loopWall, idle.maxRssKb, target));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

/**
 * The panel's run of the seed: a worker thread started as the panel starts one
 * (client/whatif/engineRunner.ts), until the thread has ended with its result, when the panel
 * draws it. Medians of 3; the bench process has warmed nothing in the worker.
 */
async function panelSeedRun(loopWall: number): Promise<BenchFigure> {
  if (!existsSync(PANEL_WORKER)) return { name: 'panel run of the seed', value: 0, unit: '', note: `not measured: ${PANEL_WORKER} missing` };
  const walls: number[] = [];
  for (let k = 0; k < 3; k++) {
    const start = performance.now();
    const outcome = await startRun(PANEL_WORKER, seedScenario(), 'A', undefined, () => undefined).done;
    if (outcome.kind !== 'done') return { name: 'panel run of the seed', value: 0, unit: '', note: `the run ended ${outcome.kind}` };
    walls.push((performance.now() - start) / 1000);
  }
  const wall = median(walls);
  return {
    name: 'panel run of the seed (worker thread start to its result, as after an edit) / reference loop, median of 3',
    value: wall / loopWall,
    unit: '× (target: the new result in under 1 s)',
    note: `${fmt(wall)} s wall`,
  };
}

/**
 * `samepage sweep` of 100 seed points on every core, as a user tuning the seed's scan rate would
 * run it: 10 pages_to_scan values × 10 sleep_millisecs values (ksmtuned then retunes both as it runs).
 */
const SEED_SWEEP_VARY = ['pages_to_scan=100,200,500,1000,1500,2000,2500,3000,4000,5000', 'sleep_millisecs=10,20,30,40,50,60,70,80,90,100'];

function seedSweep(loopWall: number): BenchFigure {
  const r = child([CLI, 'sweep', ...SEED_SWEEP_VARY.flatMap((v) => ['--vary', v]), '--csv'], 900);
  const rows = r.stdout.trim().split('\n').length - 1;
  return {
    name: `sweep of 100 seed points (pages_to_scan 100..5000 × sleep_millisecs 10..100 ms), ${defaultWorkers()} workers: wall time / reference loop`,
    value: r.wallS / loopWall,
    unit: '× (target: 100 points within 60 s on 2 cores)',
    note: `${fmt(r.wallS)} s wall, ${fmt(r.cpuS)} s CPU; ${rows} rows, exit ${r.status}`,
  };
}

/** A large host from bench/scenarios: wall time against the reference loop and the estimate, and peak memory per page. */
function largeHost(path: string, loopWall: number, idleRssKb: number, targets?: { wall: string; memory: string }): BenchFigure[] {
  const checked = validateScenario(JSON.parse(readFileSync(path, 'utf8')));
  if (!checked.ok) return [{ name: path, value: 0, unit: '', note: checked.errors.join('; ') }];
  const estimate = estimateScenarioCost(checked.scenario, loadMeasurement(checked.scenario, path));
  const r = child([CLI, 'whatif', path, '--json', '--force'], 900);
  const out = r.status === 0 ? (JSON.parse(r.stdout) as { final: { pages_sharing: number } }) : undefined;
  const rssBytes = (r.maxRssKb - idleRssKb) * 1024;
  return [
    {
      name: `${checked.scenario.name}: wall time / reference loop`,
      value: r.wallS / loopWall,
      unit: targets ? `× (${targets.wall})` : '×',
      note: `${fmt(r.wallS)} s wall, ${fmt(r.cpuS)} s CPU; estimated ${fmt(estimatedSeconds(estimate, (loopWall * 1e9) / 3e8))} s; exit ${r.status}, final pages_sharing ${out?.final.pages_sharing}`,
    },
    {
      name: `${checked.scenario.name}: peak RSS per page / the 4-byte content id`,
      value: rssBytes / estimate.pages / 4,
      unit: targets ? `× (${targets.memory})` : '×',
      note: `${fmt(r.maxRssKb / 2 ** 20)} GiB peak RSS, ${fmt(rssBytes / estimate.pages)} bytes per page over ${estimate.pages} pages`,
    },
  ];
}
