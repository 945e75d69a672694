/**
 * simulate(): KSM on a simulated host over time. An event loop in nanoseconds drives ksmd's
 * batches (timing.ts), process starts and exits, their writes, knob writes, ksmtuned and samples.
 */
import type { KsmKnobs, SimConfig, SimEvent, SimOptions, SimResult, SimSample } from './api';
import { buildProcesses, ContentIds, type SimProcess } from './addressSpace';
import { type AdvisorContext, scanTimeAdvisor, zeroAdvisorContext } from './advisor';
import { EventQueue, PRIORITY } from './eventQueue';
import { type KernelFeatures, kernelFeatures } from './kernelFeatures';
import { type KnobChange, initialKnobs, writeKnob } from './knobControl';
import { Ksmd } from './ksmd';
import { createKsmtuned } from './ksmtunedBridge';
import { createController } from './controllers';
import type { ControllerHostView, KnobController } from './controllers/types';
import { takeSample } from './sampler';
import { batchWorkNs, jiffyNs, nextWakeNs } from './timing';
import { validateConfig } from './validate';
import { ProcessWriter } from './writes';
import { fillProcess } from './addressSpace';

export { SimConfigError } from './errors';

const NS = 1e9;
/** ksmtuned's loop never runs more often than this in the simulation (a busy loop would spin). */
const KSMTUNED_MIN_INTERVAL_S = 0.001;

export function simulate(config: SimConfig, options: SimOptions = {}): SimResult {
  validateConfig(config);
  return new Simulation(config, options).run();
}

class Simulation {
  private readonly features: KernelFeatures;
  private readonly knobs: KsmKnobs;
  private readonly processes: SimProcess[];
  private readonly ids: ContentIds;
  private readonly ksmd: Ksmd;
  private readonly writers: ProcessWriter[];
  private readonly rateWriters: ProcessWriter[];
  private readonly queue = new EventQueue();
  private readonly endNs: number;
  private readonly uptimeNs: number;
  private readonly cpuBeforeNs: number;
  private readonly jiffy: number;
  private nowNs = 0;
  private nextBatchNs = Infinity;
  private sleepWentWithMs = 0;
  private cpuNs = 0;
  private lastSample = { tNs: 0, cpuNs: 0 };
  private advisor: AdvisorContext = zeroAdvisorContext();
  private readonly samples: SimSample[] = [];
  private readonly ksmtunedLog: SimResult['ksmtunedLog'] = [];
  private readonly knobWrites: SimResult['knobWrites'] = [];
  private knobWritesTotal = 0;
  private examined = 0;

  constructor(
    private readonly config: SimConfig,
    private readonly options: SimOptions,
  ) {
    const host = config.host;
    this.features = kernelFeatures(host.kernel);
    this.knobs = initialKnobs(config.knobs, host.kernel);
    const built = buildProcesses(config.processes);
    this.processes = built.processes;
    this.ids = new ContentIds(config.processes);
    const canExit = config.processes.some((p) => p.exitAt !== undefined) || (config.events ?? []).some((e) => e.kind === 'exit');
    this.ksmd = new Ksmd(this.processes, built.totalPages, built.totalBlocks, this.ids.sharedCount, this.knobs, this.features, host.numaNodes, this.ids.order, canExit);
    this.ksmd.hz = host.hz;
    this.writers = this.processes.map((p) => new ProcessWriter(p, this.ksmd, this.ids));
    this.rateWriters = this.writers.filter((w) => w.hasRates);
    this.endNs = Math.round(config.durationSeconds * NS);
    this.uptimeNs = (host.uptimeSeconds ?? 0) * NS;
    this.cpuBeforeNs = (host.ksmdCpuSeconds ?? 0) * NS;
    this.jiffy = jiffyNs(host.hz);
    this.sleepWentWithMs = this.knobs.sleep_millisecs;
    if (this.knobs.run === 1) this.nextBatchNs = 0;
    this.schedule();
  }

  private at(tSec: number, priority: number, run: () => void): void {
    this.queue.push({ tNs: Math.round(tSec * NS), priority, run });
  }

  private schedule(): void {
    const cfg = this.config;
    this.processes.forEach((p, i) => {
      const startAt = p.spec.startAt ?? 0;
      this.at(startAt, PRIORITY.processStart, () => this.startProcess(p));
      if (p.spec.exitAt !== undefined) this.at(Math.max(startAt, p.spec.exitAt), PRIORITY.processExit, () => this.exitProcess(p));
      for (const w of p.spec.writes ?? []) if (w.kind === 'burst') this.at(Math.max(w.at, startAt), PRIORITY.burst, () => this.writers[i].burst(w));
    });
    for (const e of cfg.events ?? []) this.scheduleEvent(e);
    const n = Math.floor(cfg.durationSeconds / cfg.sampleIntervalSeconds + 1e-9);
    for (let k = 0; k <= n; k++) this.at(k * cfg.sampleIntervalSeconds, PRIORITY.sample, () => this.sample());
    if (cfg.ksmtuned) this.scheduleController(createKsmtuned(cfg.ksmtuned, cfg.host.memTotalKb), 'ksmtuned', cfg.ksmtuned.startAt ?? 0);
    if (cfg.controller) this.scheduleController(createController(cfg.controller, cfg.host.memTotalKb), cfg.controller.name, cfg.controller.startAt ?? 0);
  }

  /** A controller's loop: its startup lines at `start`, then one decision per interval. */
  private scheduleController(ctrl: KnobController, by: string, start: number): void {
    if (!ctrl.startsDaemon) return;
    this.at(start, PRIORITY.ksmtuned, () => {
      for (const line of ctrl.startupLog()) this.ksmtunedLog.push({ t: start, line });
    });
    const interval = Math.max(KSMTUNED_MIN_INTERVAL_S, ctrl.intervalSeconds);
    const tick = (k: number): void => {
      this.at(start + k * interval, PRIORITY.ksmtuned, () => {
        this.controllerAdjust(ctrl, by);
        tick(k + 1);
      });
    };
    tick(ctrl.decidesAtStart ? 0 : 1);
  }

  private scheduleEvent(e: SimEvent): void {
    if (e.kind === 'exit') {
      const p = this.processes.find((q) => q.spec.name === e.process)!;
      this.at(e.t, PRIORITY.processExit, () => this.exitProcess(p));
      return;
    }
    this.at(e.t, PRIORITY.knobSet, () => {
      for (const [name, value] of Object.entries(e.knobs)) if (value !== undefined) this.write(name, String(value), 'event');
    });
  }

  run(): SimResult {
    const { options } = this;
    let iterations = 0;
    let lastProgress = -1;
    let cancelled = false;
    for (;;) {
      const tEvent = this.queue.peekTime();
      const t = Math.min(tEvent, this.nextBatchNs);
      if (t > this.endNs) break;
      this.nowNs = t;
      for (const w of this.rateWriters) w.advance(t / NS);
      if (tEvent <= this.nextBatchNs) this.queue.pop()!.run();
      else this.batch();
      // Every iteration: one batch can take long on a large host, and a cancel must not wait 64 of them.
      if (options.shouldCancel?.()) {
        cancelled = true;
        break;
      }
      if ((++iterations & 63) === 0) {
        const fraction = Math.floor((t / this.endNs) * 100) / 100;
        if (options.onProgress && fraction > lastProgress) {
          lastProgress = fraction;
          options.onProgress(fraction);
        }
      }
    }
    if (!cancelled) options.onProgress?.(1);
    return { samples: this.samples, knobWrites: this.knobWrites, knobWritesTotal: this.knobWritesTotal, ksmtunedLog: this.ksmtunedLog, examinedPages: this.examined, cancelled };
  }

  private batch(): void {
    const now = this.nextBatchNs;
    const { knobs, ksmd } = this;
    if (knobs.run !== 1 || !ksmd.hasSlots) {
      this.nextBatchNs = Infinity; // blocked until run=1 and a registered mm
      return;
    }
    ksmd.nowJiffies = Math.floor((this.uptimeNs + now) / this.jiffy);
    const quota = knobs.pages_to_scan;
    const r = ksmd.runBatch(quota);
    const advisorOn = this.features.advisor && knobs.advisor_mode === 'scan-time';
    if (r.startedScan && advisorOn) this.advisor.startNs = this.uptimeNs + now;
    const work = batchWorkNs(r, this.config.host.perPageCostNs);
    this.cpuNs += work;
    this.examined += r.examined;
    ksmd.counters.pagesScanned += this.features.pagesScannedPerPage ? r.examined : quota;
    const end = now + work;
    if (r.endedScan && advisorOn) {
      const a = scanTimeAdvisor(this.advisor, this.uptimeNs + end, this.cpuBeforeNs + this.cpuNs, knobs);
      knobs.pages_to_scan = a.pagesToScan;
      this.advisor = a.ctx;
    }
    this.sleepWentWithMs = knobs.sleep_millisecs;
    this.nextBatchNs = nextWakeNs(end, knobs.sleep_millisecs, this.config.host.hz);
    // Nothing to do and no sleep: quota 0, or a whole pass (begun and ended here) found no page.
    const idle = r.examined === 0 && r.skipped === 0 && (quota === 0 || (r.startedScan && r.endedScan));
    if (idle && this.nextBatchNs === end) this.spinUntilNextEvent(now, work, r.endedScan);
  }

  /**
   * ksmd without sleep and without pages to look at (pages_to_scan 0, or nothing present) spins
   * at 100 % CPU; nothing changes until the next event, so jump there, counting the CPU and the
   * empty full scans the spinning would have made.
   */
  private spinUntilNextEvent(now: number, work: number, endsScans: boolean): void {
    // Rate writes are not queued events and can give ksmd work again: look again every 10 ms then.
    const until = Math.min(this.queue.peekTime(), this.endNs + 1, this.rateWriters.length ? now + 10e6 : Infinity);
    if (until <= this.nextBatchNs) return;
    const batches = Math.floor((until - now) / work);
    if (endsScans && this.features.advisor && this.knobs.advisor_mode === 'scan-time') return; // the advisor retunes each time
    if (endsScans) this.ksmd.counters.fullScans += Math.max(0, batches - 1);
    this.cpuNs += until - this.nextBatchNs;
    this.nextBatchNs = until;
  }

  private wakeIfBlocked(): void {
    if (this.nextBatchNs === Infinity && this.knobs.run === 1 && this.ksmd.hasSlots) this.nextBatchNs = this.nowNs;
  }

  private startProcess(p: SimProcess): void {
    if (p.exited) return;
    p.started = true;
    const filled = fillProcess(p, this.ids, this.ksmd.content, this.ksmd.flags, this.ksmd.thpHuge);
    this.ksmd.privatePages += filled.resident;
    if (p.spec.merge !== 'none') {
      this.ksmd.register(p);
      this.ksmd.adoptMerged(filled.merged, p);
      this.wakeIfBlocked();
    }
  }

  private exitProcess(p: SimProcess): void {
    this.ksmd.exit(p);
  }

  /** A write(2) to a knob, judged by the kernel's rules; refused writes are ignored (and recorded). */
  private write(name: string, raw: string, by: string): boolean {
    const r = writeKnob(this.knobs, name, raw, this.ksmd.counters.pagesShared !== 0, this.config.host.kernel);
    for (const change of r.changes) this.onKnobChange(change);
    this.knobWritesTotal += 1;
    if (!r.ok || r.changes.length > 0) this.knobWrites.push({ t: this.nowNs / NS, by, knob: name, value: raw, ok: r.ok, ...(r.error ? { error: r.error } : {}) });
    return r.ok;
  }

  private onKnobChange(ch: KnobChange): void {
    switch (ch.name) {
      case 'run':
        if (ch.to === 1) this.wakeIfBlocked();
        else if (ch.to === 2) this.ksmd.unmergeAll();
        break;
      case 'sleep_millisecs':
        if (this.nextBatchNs !== Infinity && this.nextBatchNs > this.nowNs && ch.to !== this.sleepWentWithMs) this.nextBatchNs = this.nowNs;
        break;
      case 'advisor_mode':
        this.advisor = zeroAdvisorContext();
        break;
      case 'merge_across_nodes':
        this.ksmd.setMergeAcrossNodes();
        break;
      default:
        break;
    }
  }

  private currentSample(ksmdCpu: number): SimSample {
    return takeSample(this.nowNs / NS, { host: this.config.host, knobs: this.knobs, features: this.features, ksmd: this.ksmd, processes: this.processes, ksmdCpu });
  }

  private sample(): void {
    const dt = this.nowNs - this.lastSample.tNs;
    const cpu = dt > 0 ? (this.cpuNs - this.lastSample.cpuNs) / dt : 0;
    this.samples.push(this.currentSample(cpu));
    this.lastSample = { tNs: this.nowNs, cpuNs: this.cpuNs };
  }

  private controllerAdjust(ctrl: KnobController, by: string): void {
    const s = this.currentSample(0);
    const view: ControllerHostView = {
      memTotalKb: s.mem.MemTotal,
      memFreeKb: s.mem.MemFree,
      // Page cache counts as available: MemAvailable is taken as MemFree + Cached (no watermarks).
      memAvailableKb: s.mem.MemFree + s.mem.Cached,
      buffersKb: 0,
      cachedKb: s.mem.Cached,
      ksm: s.ksm,
      processes: this.processes
        .filter((p) => !p.exited)
        .map((p) => ({
          argv: p.spec.argv,
          comm: p.spec.comm ?? commOf(p.spec.argv),
          rssKb: s.procs[p.spec.name]?.rssKb ?? 0,
          vszKb: p.started ? ((p.end - p.start) * this.config.host.pageSize) / 1024 + (p.spec.extraRssKb ?? 0) : 0,
        })),
    };
    const { writes, log } = ctrl.adjust(view);
    const t = this.nowNs / NS;
    for (const line of log) this.ksmtunedLog.push({ t, line });
    for (const w of writes) this.write(w.knob, w.value, by);
  }
}

/** The kernel's comm: the basename of argv[0], cut to 15 bytes. */
export function commOf(argv: string[]): string {
  const base = (argv[0] ?? '').split('/').pop() ?? '';
  return base.slice(0, 15);
}
