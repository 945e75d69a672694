/**
 * Worker thread that runs one simulation off the extension host's main thread. Input: a scenario
 * and a shared cancel flag; output: progress from the first moment (preparing, then the simulated
 * fraction), then the run (or an error). The thread ends after its last message.
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

/** `preparing`: building the guests' memory (no fraction to show yet); `simulating`: the simulated share of the duration. */
export interface WorkerProgress {
  kind: 'progress';
  phase: 'preparing' | 'simulating';
  fraction: number;
}

export type WorkerOutput =
  | WorkerProgress
  | { kind: 'done'; view: ReturnType<typeof toRunView>; csv: string; json: string }
  | { kind: 'error'; message: string };

/** Progress is posted at most this often (the panel redraws a bar, nothing more). */
const PROGRESS_INTERVAL_MS = 100;

const input = workerData as WorkerInput;
const cancel = new Int32Array(input.cancel);
const post = (m: WorkerOutput) => parentPort?.postMessage(m);

try {
  post({ kind: 'progress', phase: 'preparing', fraction: 0 });
  const checked = validateScenario(input.scenario);
  if (!checked.ok) post({ kind: 'error', message: checked.errors.join('\n') });
  else {
    const measurement = loadMeasurement(checked.scenario, input.scenarioPath);
    let lastPost = 0;
    const run = runWhatIf(checked.scenario, simulate, {
      onProgress: (fraction) => {
        const now = Date.now();
        if (now - lastPost >= PROGRESS_INTERVAL_MS || lastPost === 0) {
          lastPost = now;
          post({ kind: 'progress', phase: 'simulating', fraction });
        }
      },
      shouldCancel: () => Atomics.load(cancel, 0) !== 0,
    }, measurement);
    // A run stopped by the flag is never shown: the panel keeps the previous result instead.
    if (!run.result.cancelled) {
      const pageSize = checked.scenario.host.pageSize;
      post({
        kind: 'done',
        view: toRunView(run, input.label),
        csv: toCsv(run.result, pageSize),
        json: JSON.stringify(toWhatIfResult(run, `samepage ${VERSION}`, checked.warnings), null, 1),
      });
    }
  }
} catch (error) {
  post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
}
