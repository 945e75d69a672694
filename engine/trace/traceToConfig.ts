import type { HostSpec, KsmKnobs, ProcessSpec, SimConfig, SimEvent } from '../sim/api';
import { harnessGuestProfile } from './harnessGuest';
import type { GuestProfile } from './guestProfile';
import { ksmtunedSpecFromConf } from './ksmtunedFromTrace';
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

/**
 * ksmd CPU per examined page on the recording machines: 14_rate_sweep runs CPU-bound at about
 * 200 000 pages/s with sleep_millisecs=0, i.e. 5 µs per page.
 */
export const DEFAULT_PER_PAGE_COST_NS = 5000;

const NUMERIC_KNOBS = new Set([
  'run', 'pages_to_scan', 'sleep_millisecs', 'merge_across_nodes', 'use_zero_pages', 'max_page_sharing',
  'stable_node_chains_prune_millisecs', 'smart_scan', 'advisor_max_cpu', 'advisor_min_pages_to_scan',
  'advisor_max_pages_to_scan', 'advisor_target_scan_time',
]);

/** The simulation that reproduces a recorded trace: same host, knobs, events and processes. */
export function traceToSimConfig(trace: Trace, options: ReplayOptions = {}): SimConfig {
  const h = trace.header;
  const readyT = readyOffsets(trace);
  const processes = buildProcesses(h, readyT, options.guestProfile ?? harnessGuestProfile);
  const events: SimEvent[] = [];
  let ksmtuned: SimConfig['ksmtuned'];
  for (const e of h.eventsSpec) {
    if (e.set && Object.keys(e.set).length > 0) events.push({ t: e.t, kind: 'set', knobs: toKnobs(e.set, `events_spec at t=${e.t}`) });
    if (e.helper !== undefined) {
      if (!/ksmtuned/.test((h.helpers[e.helper]?.cmd ?? [e.helper]).join(' '))) throw new TraceReplayError(`helper '${e.helper}' is not ksmtuned; only ksmtuned can be replayed`);
      const started = trace.events.find((ev) => ev.action === 'helper_start' && ev.label === e.helper);
      const conf = started?.action === 'helper_start' ? started.conf : {};
      ksmtuned = ksmtunedSpecFromConf(conf, started?.t ?? e.t, options.ksmtunedVariant ?? 'debian');
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
    durationSeconds: h.durationSeconds,
    sampleIntervalSeconds: h.intervalMs / 1000,
  };
  if (ksmtuned) config.ksmtuned = ksmtuned;
  return config;
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

function buildProcesses(h: TraceHeader, readyT: Record<string, number>, profile: GuestProfile): ProcessSpec[] {
  let guestIndex = 0;
  return h.procs.map((p) => {
    const program = (p.cmd[0] ?? '').split('/').pop() ?? '';
    const timing = { readyT: readyT[p.label] ?? 0, traceSeconds: h.durationSeconds };
    try {
      if (program === 'workload' || program === 'workload-static') return workloadProcess(p.label, p.cmd, parseWorkloadArgs(p.cmd.slice(1)), timing);
      if (program.startsWith('qemu-system')) return guestProcess(p.label, p.cmd, profile, guestIndex++, h.pageSize);
    } catch (error) {
      if (error instanceof TraceReplayError) throw error;
      throw new TraceReplayError(`process ${p.label}: ${error instanceof Error ? error.message : String(error)}`);
    }
    throw new TraceReplayError(`process ${p.label}: cannot model program '${p.cmd[0] ?? ''}' (only the harness's workload and qemu-system-*)`);
  });
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
