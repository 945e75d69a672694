import type { HostSpec, KsmKnobs, ProcessSpec, SimConfig, SimEvent } from '../sim/api';
import { DEFAULT_PER_PAGE_COST_NS } from '../sim/timing';
import { harnessGuestProfile } from './harnessGuest';
import type { GuestProfile } from './guestProfile';
import { ksmtunedSpecFromHarness } from './ksmtunedFromTrace';
import { kernelParams, parseQemuArgs } from './qemuArgs';
import type { Trace, TraceHeader } from './types';
import { parseWorkloadArgs } from './workloadArgs';
import { workloadProcess } from './workloadProcess';

export interface ReplayOptions {
  /** Kernel tick rate of the recording host; default: the header's hz_note, else 250. */
  hz?: number;
  /** ksmd CPU time per examined page, ns. */
  perPageCostNs?: number;
  /** Which ksmtuned the recording ran (the harness machine runs Debian's). */
  ksmtunedVariant?: 'debian' | 'fedora';
  /** What QEMU guests hold; default: the harness's busybox guest. */
  guestProfile?: GuestProfile;
}

/** A trace whose header the replay cannot turn into a simulation (unknown program, bad argv). */
export class TraceReplayError extends Error {}

export { DEFAULT_PER_PAGE_COST_NS };

const NUMERIC_KNOBS = new Set([
  'run', 'pages_to_scan', 'sleep_millisecs', 'merge_across_nodes', 'use_zero_pages', 'max_page_sharing',
  'stable_node_chains_prune_millisecs', 'smart_scan', 'advisor_max_cpu', 'advisor_min_pages_to_scan',
  'advisor_max_pages_to_scan', 'advisor_target_scan_time',
]);

/** The simulation that reproduces a recorded trace: same host, knobs, events and processes. */
export function traceToSimConfig(trace: Trace, options: ReplayOptions = {}): SimConfig {
  const h = trace.header;
  const span = simulatedSpan(trace);
  const readyT = readyOffsets(trace);
  const processes = buildProcesses(h, span.durationSeconds, readyT, options.guestProfile ?? harnessGuestProfile);
  const events: SimEvent[] = [];
  let ksmtuned: SimConfig['ksmtuned'];
  for (const e of h.eventsSpec) {
    if (e.set && Object.keys(e.set).length > 0) events.push({ t: e.t, kind: 'set', knobs: toKnobs(e.set, `events_spec at t=${e.t}`) });
    if (e.helper !== undefined) {
      if (!/ksmtuned/.test((h.helpers[e.helper]?.cmd ?? [e.helper]).join(' '))) throw new TraceReplayError(`helper '${e.helper}' is not ksmtuned; only ksmtuned can be replayed`);
      const started = trace.events.find((ev) => ev.action === 'helper_start' && ev.label === e.helper);
      const conf = started?.action === 'helper_start' ? started.conf : {};
      ksmtuned = ksmtunedSpecFromHarness(conf, started?.t ?? e.t, options.ksmtunedVariant ?? 'debian');
    }
  }
  const knobs = toKnobs(h.knobsInEffect, 'knobs_in_effect');
  const run = h.baselineCounters.run;
  knobs.run = run === 1 ? 1 : run === 2 ? 2 : 0;
  const config: SimConfig = {
    host: hostFromHeader(h, trace, processes, options),
    knobs,
    processes,
    events,
    ...span,
  };
  if (ksmtuned) config.ksmtuned = ksmtuned;
  return config;
}

/** The harness records minutes; a day is far beyond any recording and still a bounded replay. */
export const MAX_REPLAY_SECONDS = 24 * 3600;
/** Simulated samples per recorded one, at most: the replay only reads the simulation at the recorded times. */
const SIM_SAMPLES_PER_RECORDED = 4;

/**
 * How long to simulate and how often to sample: bounded by the recorded samples, never by what the
 * header claims, so that a header's duration_s or interval_ms cannot make a small trace cost hours
 * or gigabytes. An honest trace gets its header's values.
 */
function simulatedSpan(trace: Trace): { durationSeconds: number; sampleIntervalSeconds: number } {
  const h = trace.header;
  const interval = h.intervalMs / 1000;
  const lastT = trace.samples[trace.samples.length - 1].t;
  if (lastT > MAX_REPLAY_SECONDS) throw new TraceReplayError(`the samples span ${lastT} s; a replay simulates at most ${MAX_REPLAY_SECONDS} s`);
  const durationSeconds = Math.min(h.durationSeconds, lastT + interval);
  if (!(durationSeconds > 0)) throw new TraceReplayError(`nothing to simulate: duration_s ${h.durationSeconds}, last sample at ${lastT} s`);
  return { durationSeconds, sampleIntervalSeconds: Math.max(interval, durationSeconds / (SIM_SAMPLES_PER_RECORDED * trace.samples.length)) };
}

/** HZ from the header's note ("CONFIG_HZ=250 ..."), else 250 (the recording machines). */
export function hzFromHeader(h: TraceHeader): number {
  const m = /CONFIG_HZ=(\d+)/.exec(h.hzNote);
  return m ? Number(m[1]) : 250;
}

function hostFromHeader(h: TraceHeader, trace: Trace, processes: ProcessSpec[], options: ReplayOptions): HostSpec {
  const mem = h.meminfoKb;
  if (!(mem.MemTotal > 0)) throw new TraceReplayError('header meminfo_kb has no MemTotal');
  const cachedKb = (mem.Buffers ?? 0) + (mem.Cached ?? 0);
  // Host memory in use besides the simulated processes: the header's meminfo was read with the
  // processes already running, so subtract their RSS as the first sample reports it.
  const first = trace.samples[0];
  let procsRssKb = 0;
  for (const p of processes) procsRssKb += Number(first.procs[p.name]?.values.VmRSS ?? 0);
  const otherUsedKb = Math.max(0, mem.MemTotal - (mem.MemFree ?? 0) - cachedKb - procsRssKb);
  const kernel = /^(\d+\.\d+)/.exec(h.kernel)?.[1] ?? '6.18';
  return {
    memTotalKb: mem.MemTotal,
    pageSize: h.pageSize,
    hz: options.hz ?? hzFromHeader(h),
    cpus: h.ncpu,
    numaNodes: 1,
    kernel,
    swapKb: 0,
    perPageCostNs: options.perPageCostNs ?? DEFAULT_PER_PAGE_COST_NS,
    otherUsedKb,
    cachedKb,
    // The scan-time advisor's first retune after being selected counts ksmd's CPU since boot.
    ksmdCpuSeconds: first.ksmdCpuTicks === null ? undefined : first.ksmdCpuTicks / h.clkTck,
  };
}

function readyOffsets(trace: Trace): Record<string, number> {
  for (const e of trace.events) if (e.action === 'ready_offsets') return e.readyT;
  return {};
}

/**
 * The processes in the order their address spaces registered with KSM, which is ksmd's scan
 * order: a workload registers at its madvise, right after filling its first region (just before
 * READY), or at its prctl, before filling anything; QEMU registers guest RAM as it starts (the
 * harness starts guests in label order). The order of the header is the order of starting.
 */
function buildProcesses(h: TraceHeader, traceSeconds: number, readyT: Record<string, number>, profile: GuestProfile): ProcessSpec[] {
  let guestIndex = 0;
  const built = h.procs.map((p, index) => {
    const program = (p.cmd[0] ?? '').split('/').pop() ?? '';
    const timing = { readyT: readyT[p.label] ?? 0, traceSeconds };
    try {
      if (program === 'workload' || program === 'workload-static') {
        const o = parseWorkloadArgs(p.cmd.slice(1));
        return { spec: workloadProcess(p.label, p.cmd, o, timing), registeredAt: workloadRegistration(o, timing.readyT), index };
      }
      if (program.startsWith('qemu-system')) return { spec: guestProcess(p.label, p.cmd, profile, guestIndex++, h.pageSize), registeredAt: -Infinity, index };
    } catch (error) {
      if (error instanceof TraceReplayError) throw error;
      throw new TraceReplayError(`process ${p.label}: ${error instanceof Error ? error.message : String(error)}`);
    }
    throw new TraceReplayError(`process ${p.label}: cannot model program '${p.cmd[0] ?? ''}' (only the harness's workload and qemu-system-*)`);
  });
  built.sort((a, b) => a.registeredAt - b.registeredAt || a.index - b.index);
  return built.map((b) => b.spec);
}

/**
 * Seconds workload.c takes to fault in and fill one page: s22_late_joiner printed "took=0.098"
 * for 10000 pages on the recording machine.
 */
const WORKLOAD_FILL_SECONDS_PER_PAGE = 9.8e-6;

/** When a workload process registered its mm with KSM (trace time; the late ones by startAt). */
function workloadRegistration(o: ReturnType<typeof parseWorkloadArgs>, readyT: number): number {
  const fillRegion = o.pages * WORKLOAD_FILL_SECONDS_PER_PAGE;
  if (o.late > 0) return readyT + o.late;
  if (o.merge === 'prctl') return readyT - o.regions * fillRegion;
  return readyT - (o.regions - 1) * fillRegion;
}

function guestProcess(name: string, argv: string[], profile: GuestProfile, guestIndex: number, pageSize: number): ProcessSpec {
  const q = parseQemuArgs(argv.slice(1));
  const ramPages = Math.round((q.ramMiB * 1024 * 1024) / pageSize);
  const mem = profile.memory({ ramPages, pageSize, guestIndex, kernelParams: kernelParams(q.append) });
  const spec: ProcessSpec = { name, argv, merge: q.memMerge ? 'madvise' : 'none', regions: mem.regions, extraRssKb: mem.qemuOverheadKb };
  if (mem.writes) spec.writes = mem.writes;
  return spec;
}

function toKnobs(values: Record<string, number | string>, where: string): Partial<KsmKnobs> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k === 'advisor_mode') {
      if (v !== 'none' && v !== 'scan-time') throw new TraceReplayError(`${where}: advisor_mode '${v}' is neither none nor scan-time`);
      out[k] = v;
    } else if (NUMERIC_KNOBS.has(k)) {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n)) throw new TraceReplayError(`${where}: ${k} is '${v}', not a number`);
      out[k] = n;
    }
  }
  return out as Partial<KsmKnobs>;
}
