/**
 * The figures admins ask for beyond the saving itself, from a run's samples: general_profit by the
 * kernel's formula (also for kernels that lack the counter), memory saved per ksmd CPU-second, when
 * the run settled, per-guest savings as /proc/PID/ksm_stat and ksm_merging_pages show them, and
 * the zero-page part of the saving. One naming scheme (camelCase with units) for JSON, CSV and panel.
 */
import type { SimResult, SimSample } from '../sim/api';
import { RMAP_ITEM_BYTES } from '../sim/sampler';

/**
 * general_profit as mm/ksm.c computes it: (pages_sharing + ksm_zero_pages) pages minus
 * ksm_rmap_items × sizeof(struct ksm_rmap_item). The rmap items are summed over the processes,
 * which is what the kernel's global counter holds.
 */
export function generalProfitBytes(sample: SimSample, pageSize: number): number {
  let rmapItems = 0;
  for (const p of Object.values(sample.procs)) rmapItems += p.ksm_rmap_items;
  return (sample.ksm.pages_sharing + (sample.ksm.ksm_zero_pages ?? 0)) * pageSize - rmapItems * RMAP_ITEM_BYTES;
}

/** ksmd CPU time over the run, seconds (each sample's share covers the time since the previous one). */
export function ksmdCpuSeconds(samples: readonly SimSample[]): number {
  let total = 0;
  for (let i = 1; i < samples.length; i++) total += samples[i].ksmdCpu * (samples[i].t - samples[i - 1].t);
  return total;
}

/** A rise in saving below this fraction of the final saving is churn, not new merging. */
export const SETTLE_TOLERANCE = 0.005;

/**
 * When merging stopped: the time of the last sample whose saving rose by more than the tolerance,
 * provided at least one whole full scan (two full_scans increments) ran after it without new
 * merges. null: still merging at the end (or nothing merged).
 */
export function settledSeconds(samples: readonly SimSample[], savedOf: (s: SimSample) => number): number | null {
  const last = samples[samples.length - 1];
  if (!last) return null;
  const final = savedOf(last);
  if (final <= 0) return null;
  let lastRise = 0;
  for (let i = 1; i < samples.length; i++) if (savedOf(samples[i]) - savedOf(samples[i - 1]) > SETTLE_TOLERANCE * final) lastRise = i;
  return last.ksm.full_scans - samples[lastRise].ksm.full_scans >= 2 ? samples[lastRise].t : null;
}

export interface GuestSavings {
  name: string;
  /** /proc/PID/ksm_merging_pages: this guest's pages mapped to a KSM page. */
  mergingPages: number;
  /** ksm_stat ksm_zero_pages: its pages merged with the zero page (use_zero_pages). */
  zeroPages: number;
  /** ksm_stat ksm_rmap_items. */
  rmapItems: number;
  /** ksm_stat ksm_process_profit, bytes. */
  profitBytes: number;
}

export function perGuestSavings(sample: SimSample | undefined): GuestSavings[] {
  if (!sample) return [];
  return Object.entries(sample.procs).map(([name, p]) => ({
    name,
    mergingPages: p.ksm_merging_pages,
    zeroPages: p.ksm_zero_pages,
    rmapItems: p.ksm_rmap_items,
    profitBytes: p.ksm_process_profit,
  }));
}

export interface RunMetrics {
  generalProfitBytes: number;
  ksmdCpuSeconds: number;
  /** Saved bytes at the end per second of ksmd CPU over the run (null: ksmd never ran). */
  savedBytesPerCpuSecond: number | null;
  settledSeconds: number | null;
  /** ksm_zero_pages × page size: the part of the saving that empty pages merged with the zero page give. */
  zeroPageSavedBytes: number;
  perGuest: GuestSavings[];
}

export function runMetrics(result: SimResult, pageSize: number, savedOf: (s: SimSample) => number): RunMetrics {
  const samples = result.samples;
  const last = samples[samples.length - 1];
  const cpu = ksmdCpuSeconds(samples);
  const saved = last ? savedOf(last) : 0;
  return {
    generalProfitBytes: last ? generalProfitBytes(last, pageSize) : 0,
    ksmdCpuSeconds: cpu,
    savedBytesPerCpuSecond: cpu > 0 ? saved / cpu : null,
    settledSeconds: settledSeconds(samples, savedOf),
    zeroPageSavedBytes: last ? (last.ksm.ksm_zero_pages ?? 0) * pageSize : 0,
    perGuest: perGuestSavings(last),
  };
}
