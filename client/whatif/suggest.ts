/**
 * The panel's "Suggest settings": runs the tune search in a worker (dist/client/tuneWorker.js, which
 * spreads the runs over the cores) with progress in a cancellable notification.
 */
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import type { TuneAdvice } from '../../engine/whatif/tune';
import type { TuneWorkerInput, TuneWorkerOutput } from './tuneWorker';

/** Runs the search; resolves with the advice, or undefined when cancelled. */
export async function suggestSettings(workers: { tune: string; pool: string }, scenario: unknown, scenarioPath: string | undefined, onProgress: (done: number, total: number) => void): Promise<TuneAdvice | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Samepage: searching settings', cancellable: true }, (progress, token) => {
    const cancel = new SharedArrayBuffer(4);
    const input: TuneWorkerInput = { scenario, scenarioPath, cancel, poolWorkerFile: workers.pool };
    const worker = new Worker(workers.tune, { workerData: input });
    token.onCancellationRequested(() => Atomics.store(new Int32Array(cancel), 0, 1));
    let reported = 0;
    return new Promise<TuneAdvice | undefined>((resolve, reject) => {
      worker.on('message', (m: TuneWorkerOutput) => {
        if (m.kind === 'progress') {
          const pct = (m.done / m.total) * 100;
          progress.report({ increment: pct - reported, message: `${m.done} of ${m.total} runs` });
          reported = pct;
          onProgress(m.done, m.total);
        } else if (m.kind === 'done') resolve(m.advice);
        else if (m.kind === 'cancelled') resolve(undefined);
        else reject(new Error(m.message));
      });
      worker.on('error', reject);
      worker.on('exit', () => resolve(undefined));
    }).finally(() => void worker.terminate());
  });
}
