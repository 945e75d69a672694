/**
 * The ground-truth trace format (JSON lines written by the harness's record.py): one header, then
 * events and samples in time order, then one summary. Only the fields the replay and the fidelity
 * report use are typed strictly; everything else is kept as recorded.
 */

export interface TraceProcess {
  label: string;
  pid: number;
  /** The exact command line the harness started. */
  cmd: string[];
  readyLine: string | null;
}

export interface TraceEventSpec {
  t: number;
  set?: Record<string, number | string>;
  helper?: string;
}

export interface TraceHelperSpec {
  cmd: string[];
  conf?: string;
}

export interface TraceHeader {
  name: string;
  description: string;
  durationSeconds: number;
  intervalMs: number;
  knobsInEffect: Record<string, number | string>;
  eventsSpec: TraceEventSpec[];
  kernel: string;
  ncpu: number;
  /** The header's free-text note on the kernel tick rate, e.g. "CONFIG_HZ=250 on the recording machine". */
  hzNote: string;
  pageSize: number;
  /** USER_HZ of the recording machine: the unit of ksmd_cpu_ticks. */
  clkTck: number;
  meminfoKb: Record<string, number>;
  thpEnabled: string;
  baselineCounters: Record<string, number | string>;
  procs: TraceProcess[];
  helpers: Record<string, TraceHelperSpec>;
  /** Output lines the processes printed before t=0 (READY, CLASSES, guest console). */
  outputBeforeT0: Array<{ label: string; line: string }>;
}

export interface TraceProcSample {
  alive: boolean;
  values: Record<string, number | string>;
}

export interface TraceSample {
  t: number;
  /** Every file of /sys/kernel/mm/ksm, knobs included (advisor_mode as its selected word). */
  ksm: Record<string, number | string>;
  mem: Record<string, number>;
  /** ksmd's utime+stime since boot, in 1/clkTck s; null when not recorded. */
  ksmdCpuTicks: number | null;
  procs: Record<string, TraceProcSample>;
}

export type TraceEvent =
  | { t: number; action: 'set'; knob: string; value: number | string; error: string | null }
  | { t: number; action: 'knob_change'; knob: string; old: number | string | null; new: number | string | null }
  | { t: number; action: 'ready_offsets'; readyT: Record<string, number> }
  | { t: number; action: 'output'; label: string; line: string }
  | { t: number; action: 'helper_start'; label: string; conf: Record<string, string>; cmd: string[] }
  | { t: number; action: 'log'; label: string; line: string }
  | { t: number; action: 'other'; raw: Record<string, unknown> };

export interface TraceSummary {
  elapsedSeconds: number;
  final: Record<string, number>;
  /** Increase of the cumulative counters (full_scans, pages_scanned, pages_skipped) over the trace. */
  delta: Record<string, number>;
}

export interface Trace {
  header: TraceHeader;
  samples: TraceSample[];
  events: TraceEvent[];
  /** Absent when the recording was cut short. */
  summary: TraceSummary | null;
}

/** Counters that /sys/kernel/mm/ksm accumulates since boot; traces and replays report them as deltas. */
export const CUMULATIVE_COUNTERS = ['full_scans', 'pages_scanned', 'pages_skipped'] as const;
