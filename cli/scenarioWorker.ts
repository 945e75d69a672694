/**
 * Worker thread of the scenario pool (cli/scenarioPool.ts): runs the scenarios it is sent, one at
 * a time, and answers each with its metrics (or why it could not run). Bundled as
 * dist/cli/scenarioWorker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { simulate } from '../engine/sim/simulate';
import { runWhatIf } from '../engine/whatif/run';
import { pointMetrics, type PointMetrics } from '../engine/whatif/sweep';
import { validateScenario } from '../engine/whatif/validate';
import { loadMeasurement } from '../engine/node/measurementFile';
import type { Measurement } from '../engine/measure/format';
import type { Scenario } from '../engine/whatif/scenario';

export interface PoolTask {
  index: number;
  scenario: unknown;
  /** A saving whose first time the answer reports (tune's goal). */
  reachBytes?: number;
}
export type PoolAnswer = { index: number; metrics: PointMetrics } | { index: number; error: string };

const data = workerData as { cancel: SharedArrayBuffer; scenarioPath?: string };
const cancel = new Int32Array(data.cancel);

// Every scenario of a sweep or tune shares the measurement: decode it once per worker.
let measurement: Measurement | undefined;
function measurementOf(scenario: Scenario): Measurement | undefined {
  if (!scenario.measurement) return undefined;
  measurement ??= loadMeasurement(scenario, data.scenarioPath);
  return measurement;
}

parentPort?.on('message', (task: PoolTask) => {
  let answer: PoolAnswer;
  try {
    const checked = validateScenario(task.scenario);
    if (!checked.ok) answer = { index: task.index, error: checked.errors.join('; ') };
    else answer = { index: task.index, metrics: pointMetrics(runWhatIf(checked.scenario, simulate, { shouldCancel: () => Atomics.load(cancel, 0) === 1 }, measurementOf(checked.scenario)), task.reachBytes) };
  } catch (error) {
    answer = { index: task.index, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(answer);
});
