/**
 * Running many scenarios from the CLI: the cost estimate that refuses hour-long work unless
 * forced, a progress bar, and Ctrl-C that cancels and keeps what finished. Shared by sweep and tune.
 */
import { describeCost, estimateScenarioCost, estimatedSeconds, LONG_RUN_SECONDS, loopIterationNs, type CostEstimate } from '../../engine/whatif/costEstimate';
import type { Scenario } from '../../engine/whatif/scenario';
import type { Measurement } from '../../engine/measure/format';
import { runScenarioPool, type PoolResult } from '../scenarioPool';
import { InputError, type CliIo } from '../usage';
import { progressBar } from './scenarioInput';

/** Refuses (InputError) when the scenarios would take an hour or more on `workers` threads, unless forced. */
export function checkCost(command: string, scenarios: readonly Scenario[], workers: number, force: boolean, measurement?: Measurement): number {
  const iterationNs = loopIterationNs();
  let seconds = 0;
  const total: CostEstimate = { pages: 0, visits: 0, batches: 0, writes: 0, loopIterations: 0, memoryBytes: 0 };
  for (const s of scenarios) {
    const e = estimateScenarioCost(s, measurement);
    seconds += estimatedSeconds(e, iterationNs);
    total.pages += e.pages;
    total.visits += e.visits;
    total.batches += e.batches;
    total.writes += e.writes;
    total.loopIterations += e.loopIterations;
    total.memoryBytes = Math.max(total.memoryBytes, e.memoryBytes * Math.min(workers, scenarios.length));
  }
  const wall = seconds / Math.max(1, Math.min(workers, scenarios.length));
  if (wall >= LONG_RUN_SECONDS && !force) {
    throw new InputError(`${command}: ${scenarios.length} runs on ${workers} worker(s) would take ${describeCost(total, wall)}; narrow the search, or add --force to run it anyway`);
  }
  return wall;
}

/** Runs the scenarios over worker threads with a progress bar; Ctrl-C cancels and returns what finished. */
export async function runWithProgress(command: string, scenarios: readonly Scenario[], workers: number, io: CliIo, reachBytes?: number, scenarioPath?: string): Promise<{ results: PoolResult[]; cancelled: boolean }> {
  const bar = io.stderrIsTty ? progressBar(io, `${command} ${scenarios.length} runs`) : undefined;
  const pool = runScenarioPool(scenarios, { workers, reachBytes, scenarioPath, onProgress: (done, total) => bar?.update(done / total) });
  let cancelled = false;
  const onSigint = () => {
    cancelled = true;
    pool.cancel();
  };
  process.once('SIGINT', onSigint);
  try {
    const results = await pool.done;
    return { results, cancelled };
  } finally {
    process.removeListener('SIGINT', onSigint);
    bar?.done();
  }
}
