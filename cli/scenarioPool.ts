/**
 * Runs many scenarios over worker threads (one per core by default), for `samepage sweep` and
 * `samepage tune`. Results come back in the order of the input, whatever the number of workers.
 * Cancelling stops the running simulations (a shared flag they poll) and returns what finished.
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
}

export interface PoolHandle {
  /** One entry per scenario: its metrics, its error, or null when cancelled before it finished. */
  done: Promise<PoolResult[]>;
  cancel(): void;
}

/** The worker script: dist/cli/scenarioWorker.js in the bundle; from source, cli/scenarioWorker.ts loaded through tsx. */
function startWorker(workerData: unknown): Worker {
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
  const cancelBuffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelBuffer);
  const count = Math.max(1, Math.min(options.workers ?? defaultWorkers(), scenarios.length));
  const workers: Worker[] = [];
  let next = 0;
  let finished = 0;
  let cancelled = false;
  let settle: (r: PoolResult[]) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  const done = new Promise<PoolResult[]>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const stopAll = () => Promise.all(workers.map((w) => w.terminate())).then(() => settle(results));
  const feed = (w: Worker) => {
    if (cancelled || next >= scenarios.length) return;
    const task: PoolTask = { index: next, scenario: scenarios[next], reachBytes: options.reachBytes };
    next += 1;
    w.postMessage(task);
  };
  if (scenarios.length === 0) settle(results);
  for (let i = 0; i < count && scenarios.length > 0; i++) {
    const w = startWorker({ cancel: cancelBuffer, scenarioPath: options.scenarioPath });
    workers.push(w);
    w.on('message', (a: PoolAnswer) => {
      if (!cancelled) results[a.index] = 'metrics' in a ? { metrics: a.metrics } : { error: a.error };
      finished += 1;
      if (!cancelled) options.onProgress?.(finished, scenarios.length);
      if (finished === scenarios.length || (cancelled && finished === next)) void stopAll();
      else feed(w);
    });
    w.on('error', (e) => {
      cancelled = true;
      void Promise.all(workers.map((x) => x.terminate())).then(() => fail(e));
    });
    feed(w);
  }
  return {
    done,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      Atomics.store(flag, 0, 1);
      // Runs in flight stop at their next poll and answer; nothing new is sent.
      if (finished === next) void stopAll();
    },
  };
}
