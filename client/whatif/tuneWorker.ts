/**
 * Worker thread for the panel's "Suggest settings": the same search as `samepage tune` (the engine's
 * planTune / concludeTune), its runs spread over the cores by the CLI's scenario pool, with progress
 * and the panel's shared cancel flag (the pool's simulations poll it). Planning stays off the
 * extension host's thread. Bundled as dist/client/tuneWorker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { concludeTune, planTune, type TuneAdvice } from '../../engine/whatif/tune';
import type { PointMetrics } from '../../engine/whatif/sweep';
import { validateScenario } from '../../engine/whatif/validate';
import { loadMeasurement } from '../../engine/node/measurementFile';
import { defaultWorkers, runScenarioPool } from '../../cli/scenarioPool';

export interface TuneWorkerInput {
  scenario: unknown;
  /** The scenario's file, for a measured scenario's content file beside it. */
  scenarioPath?: string;
  cancel: SharedArrayBuffer;
  /** dist/cli/scenarioWorker.js: the pool's worker script. */
  poolWorkerFile: string;
}

export type TuneWorkerOutput =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done'; advice: TuneAdvice }
  | { kind: 'cancelled' }
  | { kind: 'error'; message: string };

const input = workerData as TuneWorkerInput;
const post = (m: TuneWorkerOutput) => parentPort?.postMessage(m);
const GOAL_FRACTION = 0.9;

async function search(): Promise<TuneWorkerOutput> {
  const checked = validateScenario(input.scenario);
  if (!checked.ok) return { kind: 'error', message: checked.errors.join('\n') };
  const plan = planTune(checked.scenario, { fraction: GOAL_FRACTION, withinSeconds: checked.scenario.durationSeconds, maxCpuPercent: 100 }, loadMeasurement(checked.scenario, input.scenarioPath));
  const pool = runScenarioPool(plan.scenarios, {
    workers: defaultWorkers(),
    reachBytes: GOAL_FRACTION * plan.bestBytes,
    scenarioPath: input.scenarioPath,
    workerFile: input.poolWorkerFile,
    cancel: input.cancel,
    onProgress: (done, total) => post({ kind: 'progress', done, total }),
  });
  const results = await pool.done;
  if (Atomics.load(new Int32Array(input.cancel), 0) === 1) return { kind: 'cancelled' };
  const metrics: PointMetrics[] = [];
  for (const r of results) {
    if (!r) return { kind: 'cancelled' };
    if ('error' in r) return { kind: 'error', message: r.error };
    metrics.push(r.metrics);
  }
  return { kind: 'done', advice: concludeTune(plan, metrics) };
}

search().then(post, (error: unknown) => post({ kind: 'error', message: error instanceof Error ? error.message : String(error) }));
