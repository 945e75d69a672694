/**
 * Worker thread that runs one simulation off the extension host's main thread. Input: a validated
 * scenario and a shared cancel flag; output: progress messages, then the run (or an error).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { simulate } from '../../engine/sim/simulate';
import { runWhatIf } from '../../engine/whatif/run';
import { toCsv } from '../../engine/whatif/export';
import { toWhatIfResult } from '../../engine/whatif/result';
import { VERSION } from '../../engine/version';
import { validateScenario } from '../../engine/whatif/validate';
import { loadMeasurement } from '../../engine/node/measurementFile';
import { toRunView } from './runView';

export interface WorkerInput {
  scenario: unknown;
  label: string;
  /** The scenario file, when there is one: a measured scenario's content file is read relative to it. */
  scenarioPath?: string;
  cancel: SharedArrayBuffer;
}

export type WorkerOutput =
  | { kind: 'progress'; fraction: number }
  | { kind: 'done'; view: ReturnType<typeof toRunView>; csv: string; json: string; cancelled: boolean }
  | { kind: 'error'; message: string };

const input = workerData as WorkerInput;
const cancel = new Int32Array(input.cancel);
const post = (m: WorkerOutput) => parentPort?.postMessage(m);

try {
  const checked = validateScenario(input.scenario);
  if (!checked.ok) post({ kind: 'error', message: checked.errors.join('\n') });
  else {
    const measurement = loadMeasurement(checked.scenario, input.scenarioPath);
    let lastPost = 0;
    const run = runWhatIf(checked.scenario, simulate, {
      onProgress: (fraction) => {
        const now = Date.now();
        if (now - lastPost > 100) {
          lastPost = now;
          post({ kind: 'progress', fraction });
        }
      },
      shouldCancel: () => Atomics.load(cancel, 0) !== 0,
    }, measurement);
    const pageSize = checked.scenario.host.pageSize;
    post({
      kind: 'done',
      view: toRunView(run, input.label),
      csv: toCsv(run.result, pageSize),
      json: JSON.stringify(toWhatIfResult(run, `samepage ${VERSION}`, checked.warnings), null, 1),
      cancelled: run.result.cancelled,
    });
  }
} catch (error) {
  post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
}
