/**
 * Runs the simulation in a worker thread (dist/client/whatifWorker.js). Cancelling terminates the
 * thread: V8 stops it wherever it is (building guests, inside one huge ksmd batch), so a cancel
 * takes milliseconds however large the scenario. The shared flag also stops the simulator at its
 * next iteration, for the moment between the request and the termination.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerInput, WorkerOutput, WorkerProgress } from './worker';

export type RunOutcome = Extract<WorkerOutput, { kind: 'done' }> | { kind: 'cancelled' };

export interface RunHandle {
  /** Settles once the worker thread has exited; rejects when the simulation failed. */
  done: Promise<RunOutcome>;
  /** Stops the run; `done` then resolves with `{ kind: 'cancelled' }`. Idempotent. */
  cancel(): void;
}

export function startRun(workerFile: string, scenario: unknown, label: string, scenarioPath: string | undefined, onProgress: (progress: WorkerProgress) => void): RunHandle {
  const cancelBuffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelBuffer);
  const input: WorkerInput = { scenario, label, scenarioPath, cancel: cancelBuffer };
  const worker = new Worker(workerFile, { workerData: input });
  let cancelled = false;
  let outcome: RunOutcome | Error | undefined;
  const done = new Promise<RunOutcome>((resolve, reject) => {
    worker.on('message', (m: WorkerOutput) => {
      if (cancelled || outcome) return;
      if (m.kind === 'progress') onProgress(m);
      else if (m.kind === 'done') outcome = m;
      else outcome = new Error(m.message);
    });
    worker.on('error', (error) => (outcome ??= error));
    worker.on('exit', (code) => {
      if (cancelled) resolve({ kind: 'cancelled' });
      else if (outcome instanceof Error) reject(outcome);
      else if (outcome) resolve(outcome);
      else reject(new Error(`the simulation worker stopped (exit ${code})`));
    });
  });
  return {
    done,
    cancel() {
      if (cancelled || outcome) return;
      cancelled = true;
      Atomics.store(flag, 0, 1);
      void worker.terminate();
    },
  };
}
