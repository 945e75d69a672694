/**
 * Runs many scenarios over worker threads (one per core by default), for `samepage sweep`,
 * `samepage tune` and the panel's "Suggest settings". Results come back in the order of the input,
 * whatever the number of workers. Cancelling stops the running simulations (a shared flag they
 * poll) and returns what finished.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PointMetrics } from '../engine/whatif/sweep';
import type { PoolAnswer, PoolTask } from './scenarioWorker';

export type PoolResult = { metrics: PointMetrics } | { error: string } | null;

export interface PoolOptions {
  workers?: number;
  /** Report when each run first saved this many bytes (PointMetrics.reachSeconds). */
  reachBytes?: number;
  /** The scenarios' file, for a measured scenario's content file beside it (each worker reads it once). */
  scenarioPath?: string;
  /** Called after each finished scenario with the count done. */
  onProgress?(done: number, total: number): void;
  /** The worker script, for a caller bundled elsewhere (the extension passes its dist/cli/scenarioWorker.js). */
  workerFile?: string;
  /** A cancel flag shared with the caller (an Int32 at 0): set to 1, it stops the pool as cancel() does. */
  cancel?: SharedArrayBuffer;
}

export interface PoolHandle {
  /** One entry per scenario: its metrics, its error, or null when cancelled before it finished. */
  done: Promise<PoolResult[]>;
  cancel(): void;
}

/** The worker script: dist/cli/scenarioWorker.js in the bundle; from source, cli/scenarioWorker.ts loaded through tsx. */
function startWorker(workerData: unknown, workerFile: string | undefined): Worker {
  if (workerFile) return new Worker(workerFile, { workerData });
  const bundled = join(__dirname, 'scenarioWorker.js');
  if (existsSync(bundled)) return new Worker(bundled, { workerData });
  const source = join(__dirname, 'scenarioWorker.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true, workerData });
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export function runScenarioPool(scenarios: readonly unknown[], options: PoolOptions = {}): PoolHandle {
  const results: PoolResult[] = scenarios.map(() => null);
  const cancelBuffer = options.cancel ?? new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelBuffer);
  const count = Math.max(1, Math.min(options.workers ?? defaultWorkers(), scenarios.length));
  const workers: Worker[] = [];
  let next = 0;
  let finished = 0;
  let cancelledHere = false;
  const cancelled = () => cancelledHere || Atomics.load(flag, 0) === 1;
  let settle: (r: PoolResult[]) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  const done = new Promise<PoolResult[]>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const stopAll = () => Promise.all(workers.map((w) => w.terminate())).then(() => settle(results));
  const feed = (w: Worker) => {
    if (cancelled() || next >= scenarios.length) return;
    const task: PoolTask = { index: next, scenario: scenarios[next], reachBytes: options.reachBytes };
    next += 1;
    w.postMessage(task);
  };
  if (scenarios.length === 0) settle(results);
  for (let i = 0; i < count && scenarios.length > 0; i++) {
    const w = startWorker({ cancel: cancelBuffer, scenarioPath: options.scenarioPath }, options.workerFile);
    workers.push(w);
    w.on('message', (a: PoolAnswer) => {
      // An answer after the cancel is a run cut short: dropped, as it was never finished.
      if (!cancelled()) results[a.index] = 'metrics' in a ? { metrics: a.metrics } : { error: a.error };
      finished += 1;
      if (!cancelled()) options.onProgress?.(finished, scenarios.length);
      if (finished === scenarios.length || (cancelled() && finished === next)) void stopAll();
      else feed(w);
    });
    w.on('error', (e) => {
      cancelledHere = true;
      void Promise.all(workers.map((x) => x.terminate())).then(() => fail(e));
    });
    feed(w);
  }
  // Cancelled through the shared flag before anything was sent: nothing will answer.
  if (scenarios.length > 0 && cancelled() && next === 0) void stopAll();
  return {
    done,
    cancel() {
      if (cancelledHere) return;
      cancelledHere = true;
      Atomics.store(flag, 0, 1);
      // Runs in flight stop at their next poll and answer; nothing new is sent.
      if (finished === next) void stopAll();
    },
  };
}
