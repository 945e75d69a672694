/**
 * The scan-time advisor (advisor_mode=scan-time, ksm-spec §2.10): after every full scan it retunes
 * pages_to_scan, in the kernel's unsigned integer arithmetic (every `/` truncates).
 */
export interface AdvisorContext {
  /** Start of the current scan, ns since boot. */
  startNs: number;
  /** ksmd CPU time at the previous retune, ns. */
  cpuNs: number;
  /** EWMA of the scan-time change, percent. */
  change: number;
  /** Previous scan time, whole seconds (0: none yet). */
  scanTime: number;
}

export interface AdvisorKnobs {
  pages_to_scan: number;
  advisor_max_cpu: number;
  advisor_max_pages_to_scan: number;
  advisor_target_scan_time: number;
}

/** Selecting scan-time zeroes the context: the first scan time then counts from boot. */
export function zeroAdvisorContext(): AdvisorContext {
  return { startNs: 0, cpuNs: 0, change: 0, scanTime: 0 };
}

const EWMA_WEIGHT = 30;
const MIN_CPU_PERCENT = 10;
const U32 = 4294967296;

/** End of a full scan at `nowNs` (since boot) with ksmd's total CPU `cpuNs`: the new pages_to_scan. */
export function scanTimeAdvisor(ctx: AdvisorContext, nowNs: number, cpuNs: number, knobs: AdvisorKnobs): { pagesToScan: number; ctx: AdvisorContext; cpuPercent: number } {
  const div = (a: number, b: number): number => Math.floor(a / b);
  let scanTime = div(div(nowNs - ctx.startNs, 1e6), 1000);
  if (scanTime <= 0) scanTime = 1;
  const cpuDiffMs = div(div(Math.max(0, cpuNs - ctx.cpuNs), 1000), 1000);
  let cpuPercent = div(cpuDiffMs * 100, scanTime * 1000) % U32;
  if (cpuPercent === 0) cpuPercent = 1;
  const lastScanTime = ctx.scanTime !== 0 ? ctx.scanTime : scanTime;
  let factor = div(knobs.advisor_target_scan_time * 100, scanTime);
  if (factor === 0) factor = 1;
  let change = div(scanTime * 100, lastScanTime);
  if (change === 0) change = 1;
  change = div((100 - EWMA_WEIGHT) * ctx.change + EWMA_WEIGHT * change, 100);
  let pages = div(knobs.pages_to_scan * 100, factor);
  pages = div(pages * change, 100);
  let perPageCost = div(knobs.pages_to_scan, cpuPercent);
  if (perPageCost === 0) perPageCost = 1;
  pages = Math.min(pages, perPageCost * (knobs.advisor_max_cpu % U32));
  pages = Math.max(pages, perPageCost * MIN_CPU_PERCENT);
  pages = Math.min(pages, knobs.advisor_max_pages_to_scan);
  return { pagesToScan: pages, cpuPercent, ctx: { startNs: ctx.startNs, cpuNs, change, scanTime } };
}
