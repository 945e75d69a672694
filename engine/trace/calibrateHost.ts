import type { HostProfile } from './hostProfile';
import { realRows, replayTrace, type Simulate } from './replay';
import type { Trace } from './types';

/** A host profile and how well its cost reproduces the calibration trace. */
export interface Calibration {
  profile: HostProfile;
  /** Mean |sim − real| of pages_scanned over the samples, relative to the real final value, at the chosen cost. */
  meanAbsErrorOfFinal: number;
  /** Replays run. */
  replays: number;
}

export class CalibrationError extends Error {}

const LOWEST_NS = 500;
const HIGHEST_NS = 100_000;
const GRID_STEP = 1.3;
/** A cost 1.5x off must follow the real curve clearly worse (by this share of the final value), or the trace does not pin the cost down. */
const MIN_RISE = 0.01;

/**
 * Measures a host's ksmd cost from a trace it recorded: the per-page cost whose replay follows the
 * real pages_scanned curve best. Meant for a recording of the published 14_rate_sweep spec (unique
 * pages, pages_to_scan/sleep_millisecs up to sleep 0), where the scan rate is set by the CPU cost
 * in its later segments; the default cost was read off the reference machine's recording of it.
 */
export async function calibrateHost(trace: Trace, simulate: Simulate): Promise<Calibration> {
  if (trace.header.kernel === '') throw new CalibrationError('the trace header names no kernel, so no trace could be matched to the profile');
  const real = realRows(trace).map((r) => r.ksm.pages_scanned);
  if (real.some((v) => typeof v !== 'number')) throw new CalibrationError('the trace has no pages_scanned samples');
  const final = real[real.length - 1] as number;
  if (!(final > 0)) throw new CalibrationError('ksmd scanned nothing in this trace');
  const cache = new Map<number, number>();
  const errorAt = async (cost: number): Promise<number> => {
    const known = cache.get(cost);
    if (known !== undefined) return known;
    const replay = await replayTrace(trace, simulate, { perPageCostNs: cost });
    let sum = 0;
    replay.rows.forEach((row, i) => (sum += Math.abs((row.ksm.pages_scanned as number) - (real[i] as number))));
    const e = sum / real.length / final;
    cache.set(cost, e);
    return e;
  };
  // A coarse geometric grid, then golden-section search around its best point (in log cost).
  const grid: number[] = [];
  for (let c = LOWEST_NS; c <= HIGHEST_NS; c *= GRID_STEP) grid.push(Math.round(c));
  let best = grid[0];
  for (const c of grid) if ((await errorAt(c)) < (await errorAt(best))) best = c;
  let lo = Math.log(best / GRID_STEP);
  let hi = Math.log(best * GRID_STEP);
  const phi = (Math.sqrt(5) - 1) / 2;
  while (hi - lo > 0.002) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if ((await errorAt(Math.round(Math.exp(a)))) <= (await errorAt(Math.round(Math.exp(b))))) hi = b;
    else lo = a;
  }
  for (const c of cache.keys()) if (cache.get(c)! < cache.get(best)!) best = c;
  const fit = cache.get(best)!;
  const rise = Math.min(await errorAt(Math.round(best * 1.5)), await errorAt(Math.round(best / 1.5))) - fit;
  if (best === grid[0] || best === grid[grid.length - 1] || rise < MIN_RISE || fit > 0.05) {
    throw new CalibrationError(
      `ksmd's scan rate in this trace does not pin down its CPU cost (best fit ${(100 * fit).toFixed(1)}% off); record the 14_rate_sweep spec on the host instead`,
    );
  }
  return {
    profile: { kernel: trace.header.kernel, perPageCostNs: best, calibratedFrom: trace.header.name },
    meanAbsErrorOfFinal: fit,
    replays: cache.size,
  };
}
