/**
 * Worker thread for the panel's "Suggest settings": the same search as `samepage tune` (the engine's
 * planTune / concludeTune), its runs one after another, with progress and a shared cancel flag.
 * Bundled as dist/client/tuneWorker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { simulate } from '../../engine/sim/simulate';
import { runWhatIf } from '../../engine/whatif/run';
import { pointMetrics, type PointMetrics } from '../../engine/whatif/sweep';
import { concludeTune, planTune, type TuneAdvice } from '../../engine/whatif/tune';
import { validateScenario } from '../../engine/whatif/validate';
import { loadMeasurement } from '../../engine/node/measurementFile';

export interface TuneWorkerInput {
  scenario: unknown;
  /** The scenario's file, for a measured scenario's content file beside it. */
  scenarioPath?: string;
  cancel: SharedArrayBuffer;
}

export type TuneWorkerOutput =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done'; advice: TuneAdvice }
  | { kind: 'cancelled' }
  | { kind: 'error'; message: string };

const input = workerData as TuneWorkerInput;
const cancel = new Int32Array(input.cancel);
const post = (m: TuneWorkerOutput) => parentPort?.postMessage(m);
const cancelled = () => Atomics.load(cancel, 0) === 1;

try {
  const checked = validateScenario(input.scenario);
  if (!checked.ok) post({ kind: 'error', message: checked.errors.join('\n') });
  else {
    const measurement = loadMeasurement(checked.scenario, input.scenarioPath);
    const plan = planTune(checked.scenario, { fraction: 0.9, withinSeconds: checked.scenario.durationSeconds, maxCpuPercent: 100 }, measurement);
    const metrics: PointMetrics[] = [];
    for (const scenario of plan.scenarios) {
      if (cancelled()) break;
      metrics.push(pointMetrics(runWhatIf(scenario, simulate, { shouldCancel: cancelled }, measurement), 0.9 * plan.bestBytes));
      post({ kind: 'progress', done: metrics.length, total: plan.scenarios.length });
    }
    post(cancelled() ? { kind: 'cancelled' } : { kind: 'done', advice: concludeTune(plan, metrics) });
  }
} catch (error) {
  post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
}
