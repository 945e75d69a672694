/**
 * What a simulation will cost before it runs: wall time and memory, from the scenario's size
 * (pages), ksmd's rate (pages_to_scan, sleep, ksmtuned's ceiling), the guests' write rates and the
 * duration. Time is counted in the machine's speed unit, one iteration of the reference loop
 * `x = (x + i * 7) % 1000003` (the unit the issue and `npm run bench` measure speed in), so one
 * estimate holds on any machine: multiply by that machine's time per iteration
 * (`loopIterationNs()`). `samepage whatif` refuses runs estimated at an hour or more unless forced;
 * the sweep estimates the sum of its points.
 */
import type { SimConfig } from '../sim/api';
import { KsmtunedDaemon } from '../ksmtuned/daemon';
import { KSMTUNED_DEFAULTS } from '../ksmtuned/defaults';
import { initialKnobs } from '../sim/knobControl';
import { BATCH_OVERHEAD_NS, CHECKSUM_COST_FRACTION, MERGED_VISIT_NS, jiffyNs, msecsToJiffies } from '../sim/timing';
import { kernelFeatures } from '../sim/kernelFeatures';
import type { Measurement } from '../measure/format';
import type { Scenario } from './scenario';
import { controllerSettings } from '../knowledge/controllers';
import { HARVESTER_MODES } from '../sim/controllers/harvester';
import { scenarioToSimConfig } from './toSimConfig';

/**
 * Engine costs in reference-loop iterations, from bench/sim.bench.ts's runs on our 2-core VMs (the
 * seed experiment, the 250 GiB and 2 TiB hosts, each next to the loop in the same run), rounded up.
 * A page visit that smart scan may skip around costs more: the skipped pages walked past come with it.
 */
export const COST_UNITS = {
  /** Laying out and filling one page when its process starts, its write-target bits included. */
  fillPerPage: 5,
  /** One page ksmd examines. */
  visit: 3,
  visitWithSmartScan: 4,
  /** One ksmd wake-up (batch bookkeeping, timing, the event loop). */
  batch: 250,
  /** One page a guest writes. */
  write: 6,
  /** One sample of the counters, per process. */
  samplePerProcess: 40,
} as const;

/**
 * Memory: a fixed part (the runtime, code) plus the per-page state (10 bytes, a bit per write
 * target) and the trees' share; an upper bound, as parts of the page arrays a run never touches
 * are never made resident.
 */
export const MEMORY_BASE_BYTES = 60 * 2 ** 20;
export const MEMORY_BYTES_PER_PAGE = 12;

/** Runs estimated at this many seconds or more are refused unless forced. */
export const LONG_RUN_SECONDS = 3600;
/** A slow machine's reference-loop iteration (ours: 4.3 ns idle, 12 ns with every core busy): below the limit even there, a run needs no timing. */
export const SLOW_ITERATION_NS = 50;

export interface CostEstimate {
  /** Simulated pages (every guest's RAM). */
  pages: number;
  /** Pages ksmd can examine at most in the run (its rate ceiling × duration, no more than its passes need). */
  visits: number;
  /** ksmd wake-ups. */
  batches: number;
  /** Pages the guests write. */
  writes: number;
  /** Estimated wall time in reference-loop iterations. */
  loopIterations: number;
  /** Estimated peak memory of the engine. */
  memoryBytes: number;
}

/** `measurement`: the scenario's decoded measurement file, when it has measured guests or processes. */
export function estimateScenarioCost(scenario: Scenario, measurement?: Measurement): CostEstimate {
  return estimateSimCost(scenarioToSimConfig(scenario, measurement));
}

/** ksmd's fastest pace the config allows: the knobs at t=0, or the ceiling of ksmtuned or another controller that drives them. */
function ksmdPace(config: SimConfig): { pagesToScan: number; sleepMs: number; runs: boolean } {
  const knobs = initialKnobs(config.knobs, config.host.kernel);
  let pagesToScan = knobs.pages_to_scan;
  let sleepMs = knobs.sleep_millisecs;
  let runs = knobs.run === 1;
  if (config.ksmtuned) {
    const values = { ...KSMTUNED_DEFAULTS, ...config.ksmtuned.values };
    const daemon = new KsmtunedDaemon(config.ksmtuned.values, config.ksmtuned.variant, config.host.memTotalKb);
    if (daemon.startsDaemon) {
      runs = true;
      const max = Number(values.KSM_NPAGES_MAX);
      pagesToScan = Math.max(pagesToScan, Number.isFinite(max) ? max : Number(KSMTUNED_DEFAULTS.KSM_NPAGES_MAX));
      const sleep = Number(daemon.sleep);
      if (Number.isFinite(sleep) && sleep >= 0) sleepMs = Math.min(sleepMs, sleep);
    }
  }
  if (config.controller) {
    // MoM, KubeVirt and Harvester ramp pages_to_scan up to their maximum, with sleeps of 10 ms or more.
    const s = controllerSettings(config.controller.name, config.controller.settings);
    const max = s.ksm_npages_max ?? s['pages-max'] ?? s.maxPages ?? HARVESTER_MODES[config.controller.name === 'harvester-high' ? 'high' : 'standard'].maxPages;
    runs = true;
    pagesToScan = Math.max(pagesToScan, max);
    sleepMs = Math.min(sleepMs, 10);
  }
  return { pagesToScan, sleepMs, runs };
}

export function estimateSimCost(config: SimConfig): CostEstimate {
  const { host, durationSeconds } = config;
  let pages = 0;
  let mergeable = 0;
  let writes = 0;
  for (const p of config.processes) {
    const n = p.regions.reduce((a, r) => a + r.pages, 0);
    pages += n;
    if (p.merge !== 'none') mergeable += n;
    const alive = Math.max(0, Math.min(durationSeconds, p.exitAt ?? Infinity) - (p.startAt ?? 0));
    for (const w of p.writes ?? []) {
      if (w.kind === 'burst') writes += w.count;
      else writes += w.pagesPerSecond * Math.max(0, Math.min(alive, (w.stop ?? Infinity) - (w.start ?? 0)));
    }
  }
  const pace = ksmdPace(config);
  let visits = 0;
  let batches = 0;
  if (pace.runs && mergeable > 0 && pace.pagesToScan > 0) {
    // The cheapest visits (merged pages, checksums) make the most batches per simulated second.
    const cheapestNs = Math.min(MERGED_VISIT_NS, host.perPageCostNs * CHECKSUM_COST_FRACTION);
    const workNs = BATCH_OVERHEAD_NS + pace.pagesToScan * cheapestNs;
    const jiffy = jiffyNs(host.hz);
    const sleepJiffies = msecsToJiffies(pace.sleepMs, host.hz);
    const periodNs = sleepJiffies === 0 ? workNs : (Math.floor(workNs / jiffy) + sleepJiffies + 1) * jiffy;
    batches = Math.ceil((durationSeconds * 1e9) / periodNs);
    visits = batches * pace.pagesToScan;
  }
  const smart = kernelFeatures(host.kernel).smartScan && (config.knobs.smart_scan ?? 1) === 1;
  const samples = Math.floor(durationSeconds / config.sampleIntervalSeconds) + 1;
  const loopIterations =
    pages * COST_UNITS.fillPerPage +
    visits * (smart ? COST_UNITS.visitWithSmartScan : COST_UNITS.visit) +
    batches * COST_UNITS.batch +
    writes * COST_UNITS.write +
    samples * config.processes.length * COST_UNITS.samplePerProcess;
  return { pages, visits, batches, writes, loopIterations, memoryBytes: MEMORY_BASE_BYTES + pages * MEMORY_BYTES_PER_PAGE };
}

/** Estimated wall seconds on a machine that runs one reference-loop iteration in `iterationNs`. */
export function estimatedSeconds(estimate: CostEstimate, iterationNs: number): number {
  return (estimate.loopIterations * iterationNs) / 1e9;
}

/**
 * This machine's time for one iteration of the reference loop, from a short run of it (about
 * 20 ms): the fastest of three, as a busy machine only ever makes it slower.
 */
export function loopIterationNs(iterations = 2_000_000): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const start = performance.now();
    let x = 0;
    for (let i = 0; i < iterations; i++) x = (x + i * 7) % 1000003;
    const ns = ((performance.now() - start) * 1e6) / iterations;
    if (x >= 0) best = Math.min(best, ns); // uses x, so the loop cannot be dropped
  }
  return best;
}

/** The estimate in words, for a refusal or a progress line. */
export function describeCost(estimate: CostEstimate, seconds: number): string {
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  const time = seconds < 120 ? `${Math.ceil(seconds)} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
  return `about ${time} and ${gib(estimate.memoryBytes)} of memory (${estimate.pages} pages, up to ${estimate.visits.toExponential(1)} page visits, ${estimate.writes.toExponential(1)} guest writes)`;
}
