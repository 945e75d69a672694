/** Runs the simulation in a worker thread (dist/client/whatifWorker.js), cancellable. */
import { Worker } from 'node:worker_threads';
import type { WorkerInput, WorkerOutput } from './worker';

export interface RunHandle {
  done: Promise<Extract<WorkerOutput, { kind: 'done' }>>;
  cancel(): void;
}

export function startRun(workerFile: string, scenario: unknown, label: string, scenarioPath: string | undefined, onProgress: (fraction: number) => void): RunHandle {
  const cancelBuffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelBuffer);
  const input: WorkerInput = { scenario, label, scenarioPath, cancel: cancelBuffer };
  const worker = new Worker(workerFile, { workerData: input });
  const done = new Promise<Extract<WorkerOutput, { kind: 'done' }>>((resolve, reject) => {
    worker.on('message', (m: WorkerOutput) => {
      if (m.kind === 'progress') onProgress(m.fraction);
      else if (m.kind === 'done') resolve(m);
      else reject(new Error(m.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the simulation worker stopped (exit ${code})`)));
  }).finally(() => void worker.terminate());
  return {
    done,
    cancel() {
      Atomics.store(flag, 0, 1);
    },
  };
}
