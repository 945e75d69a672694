/**
 * The result of a run in numbers and in words: what is saved at the end, how fast, at what CPU
 * cost, what ksmtuned decided and why, and how much memory a full un-merge would need.
 */
import type { SimResult, SimSample } from '../sim/api';
import { runMetrics, type RunMetrics } from './metrics';
import { CONTROLLERS, type ControllerName } from '../knowledge/controllers';

export interface WhatIfSummary {
  durationSeconds: number;
  savedBytes: number;
  savedGiB: number;
  peakSavedBytes: number;
  /** First sample at which the saving reached 50% / 90% of the final saving (null: never, or nothing saved). */
  t50: number | null;
  t90: number | null;
  firstMergeAt: number | null;
  ksmdCpuMean: number;
  ksmdCpuMax: number;
  fullScans: number;
  ksmtuned: { decisions: number; lastDecision: 'start' | 'stop' | null; lastDecisionAt: number | null; reason: string | null; thresKb: number | null };
  /** Memory needed if every merged page were written (COW-broken) at the end, and how much of it free memory cannot hold. */
  unmergeNeedBytes: number;
  swapNeededBytes: number;
  /** general_profit, CPU-seconds, saved per CPU-second, settled time, zero pages, per guest. */
  metrics: RunMetrics;
  sentences: string[];
}

export function savedBytesOf(sample: SimSample, pageSize: number): number {
  return (sample.ksm.pages_sharing + (sample.ksm.ksm_zero_pages ?? 0)) * pageSize;
}

const GiB = 2 ** 30;

function fmtGiB(bytes: number): string {
  return `${(bytes / GiB).toFixed(bytes >= 10 * GiB ? 1 : 2)} GiB`;
}

export function fmtDuration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 6) / 10} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

const STOP = /^(\d+) < (\d+) and free > (\d+), stop ksm$/;
const START = /^(\d+) > (\d+), start ksm$/;
const BOOST = /^(\d+) < (\d+), boost$/;
const DECAY = /^(\d+) > (\d+), decay$/;
const COMMITTED = /^committed (\d+) free (\d+)$/;
const THRES = /^thres (\d+)$/;

/** The message part of a ksmtuned log line ("<date>: <message>"). */
function message(line: string): string {
  const i = line.lastIndexOf(': ');
  return (i >= 0 ? line.slice(i + 2) : line).trim();
}

export function explainKsmtuned(log: SimResult['ksmtunedLog']): WhatIfSummary['ksmtuned'] {
  let decisions = 0;
  let last: 'start' | 'stop' | null = null;
  let lastAt: number | null = null;
  let reason: string | null = null;
  let thres: number | null = null;
  let committed: number | null = null;
  let free: number | null = null;
  let pending: string | null = null;
  for (const { t, line } of log) {
    const m = message(line);
    let x: RegExpExecArray | null;
    if ((x = THRES.exec(m))) thres = Number(x[1]);
    else if ((x = COMMITTED.exec(m))) [committed, free] = [Number(x[1]), Number(x[2])];
    else if ((x = STOP.exec(m))) {
      decisions += 1;
      last = 'stop';
      lastAt = t;
      reason =
        `ksmtuned stopped KSM: the guests' committed memory (${committed ?? '?'} kB) plus the threshold (${x[3]} kB) is below MemTotal (${x[2]} kB), ` +
        `and free memory (${free ?? '?'} kB) is above the threshold`;
    } else if ((x = START.exec(m))) {
      // ksmtuned prints this line whenever it does not stop, even when the '>' is false.
      const sum = Number(x[1]);
      const total = Number(x[2]);
      pending =
        sum >= total
          ? `the guests' committed memory plus the threshold (${sum} kB) is not below MemTotal (${total} kB)`
          : `free memory (${free ?? '?'} kB) is not above the threshold (${thres ?? '?'} kB)`;
    }
    else if ((x = BOOST.exec(m)) || (x = DECAY.exec(m))) {
      decisions += 1;
      last = 'start';
      lastAt = t;
      const boost = BOOST.test(m);
      reason = `ksmtuned runs KSM because ${pending ?? 'its stop test failed'}; ${boost ? `free memory (${x[1]} kB) is below the threshold (${x[2]} kB), so it raises pages_to_scan` : `free memory is above the threshold, so it lowers pages_to_scan`}`;
    }
  }
  return { decisions, lastDecision: last, lastDecisionAt: lastAt, reason, thresKb: thres };
}

/**
 * `controller`: who drove the knobs; omitted, ksmtuned when the run has a ksmtuned log. Its name
 * picks the sentence about the controller.
 */
export function summarize(result: SimResult, pageSize: number, durationSeconds: number, swapKb = 0, controller: ControllerName = result.ksmtunedLog.length > 0 ? 'ksmtuned' : 'none'): WhatIfSummary {
  const samples = result.samples;
  const last = samples[samples.length - 1];
  const saved = last ? savedBytesOf(last, pageSize) : 0;
  let peak = 0;
  let t50: number | null = null;
  let t90: number | null = null;
  let first: number | null = null;
  let cpuSum = 0;
  let cpuMax = 0;
  for (const s of samples) {
    const b = savedBytesOf(s, pageSize);
    peak = Math.max(peak, b);
    if (first === null && b > 0) first = s.t;
    if (saved > 0 && t50 === null && b >= 0.5 * saved) t50 = s.t;
    if (saved > 0 && t90 === null && b >= 0.9 * saved) t90 = s.t;
    cpuSum += s.ksmdCpu;
    cpuMax = Math.max(cpuMax, s.ksmdCpu);
  }
  const cpuMean = samples.length ? cpuSum / samples.length : 0;
  const ksmtuned = explainKsmtuned(result.ksmtunedLog);
  const freeBytes = last ? last.mem.MemFree * 1024 : 0;
  const swapNeeded = Math.max(0, saved - freeBytes);
  const sentences: string[] = [];
  sentences.push(
    saved > 0
      ? `KSM saves ${fmtGiB(saved)} after ${fmtDuration(durationSeconds)} (${last!.ksm.pages_sharing} pages_sharing over ${last!.ksm.pages_shared} pages_shared).`
      : `KSM saves nothing in ${fmtDuration(durationSeconds)}.`,
  );
  if (saved > 0 && t50 !== null && t90 !== null) sentences.push(`Half of that is reached at ${fmtDuration(t50)}, 90% at ${fmtDuration(t90)}; the first merge comes at ${fmtDuration(first ?? 0)}.`);
  sentences.push(`ksmd uses ${(cpuMean * 100).toFixed(1)}% of one CPU on average (peak ${(cpuMax * 100).toFixed(1)}%).`);
  const metrics = runMetrics(result, pageSize, (x) => savedBytesOf(x, pageSize));
  sentences.push(...metricSentences(metrics, saved));
  if (controller !== 'ksmtuned') sentences.push(controllerSentence(result, controller));
  else if (ksmtuned.reason) sentences.push(`${ksmtuned.reason} (last decision at ${fmtDuration(ksmtuned.lastDecisionAt ?? 0)}).`);
  else sentences.push('ksmtuned made no decision in this run (its first check comes one KSM_MONITOR_INTERVAL after it starts).');
  if (saved > 0) {
    sentences.push(
      swapNeeded > 0
        ? `If every merged page were written, the guests would need ${fmtGiB(saved)} more; free memory covers only ${fmtGiB(freeBytes)}, so ${fmtGiB(swapNeeded)} would have to go to swap${swapNeeded > swapKb * 1024 ? ` (more than the ${fmtGiB(swapKb * 1024)} of swap: risk of OOM)` : ''}.`
        : `If every merged page were written, the guests would need ${fmtGiB(saved)} more, which free memory (${fmtGiB(freeBytes)}) covers without swap.`,
    );
  }
  if (result.cancelled) sentences.push('The run was cancelled; these figures cover the simulated part only.');
  return {
    durationSeconds,
    savedBytes: saved,
    savedGiB: saved / GiB,
    peakSavedBytes: peak,
    t50,
    t90,
    firstMergeAt: first,
    ksmdCpuMean: cpuMean,
    ksmdCpuMax: cpuMax,
    fullScans: last?.ksm.full_scans ?? 0,
    ksmtuned,
    unmergeNeedBytes: saved,
    swapNeededBytes: swapNeeded,
    metrics,
    sentences,
  };
}

/** What a controller other than ksmtuned did: when it started KSM, or that it never did and why it would. */
function controllerSentence(result: SimResult, controller: ControllerName): string {
  const info = CONTROLLERS[controller];
  if (controller === 'none') return 'No controller runs (ksmtuned is not running); the knobs stay as set.';
  if (controller === 'advisor') return `The kernel's scan-time advisor sets pages_to_scan after every full scan (it ends at ${result.samples[result.samples.length - 1]?.ksm.pages_to_scan ?? '?'}).`;
  const started = result.knobWrites.find((w) => w.by === controller && w.knob === 'run' && w.value === '1' && w.ok);
  const refused = result.knobWrites.filter((w) => w.by === controller && !w.ok).length;
  const base = started
    ? `${info.title} started KSM at ${fmtDuration(started.t)}.`
    : `${info.title} never started KSM in this run: its condition (${info.summary}) was not met on this host.`;
  return refused > 0 ? `${base} The kernel refused ${refused} of its writes (see the knob writes).` : base;
}

function metricSentences(m: RunMetrics, saved: number): string[] {
  const out: string[] = [];
  if (m.savedBytesPerCpuSecond !== null && saved > 0) out.push(`Each second of ksmd CPU bought ${fmtGiB(m.savedBytesPerCpuSecond)} (${m.ksmdCpuSeconds.toFixed(1)} CPU-seconds in all).`);
  if (m.generalProfitBytes < 0) out.push(`general_profit is negative (${fmtGiB(m.generalProfitBytes)}): KSM's own rmap items cost more than it saves, so KSM does not pay here.`);
  else if (saved > 0) out.push(`general_profit (saving minus KSM's rmap overhead) ends at ${fmtGiB(m.generalProfitBytes)}.`);
  if (m.zeroPageSavedBytes > 0) out.push(`${fmtGiB(m.zeroPageSavedBytes)} of the saving is empty pages merged with the zero page (use_zero_pages).`);
  if (saved > 0) out.push(m.settledSeconds !== null ? `Merging settled at ${fmtDuration(m.settledSeconds)}: later full scans merged nothing new.` : 'Merging had not settled by the end of the run (still merging, or no full scan since the last merges).');
  return out;
}
