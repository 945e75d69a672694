/**
 * The what-if worker as the panel drives it: progress from the first moment, and a cancel that
 * ends the thread at once, whether it is building the guests or inside a huge ksmd batch. The
 * bounds here are loose (a loaded CI machine); `npm run bench -- whatifCancel` reports the times.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startRun } from '../../client/whatif/engineRunner';
import type { WorkerProgress } from '../../client/whatif/worker';
import { bundleWorker, largeScenario } from './workerBundle';

const LOOSE_MS = 1000;

function firstProgress(phase: WorkerProgress['phase']) {
  let seen: (p: WorkerProgress) => void = () => undefined;
  const progress = new Promise<WorkerProgress>((resolve) => (seen = resolve));
  return { progress, onProgress: (p: WorkerProgress) => p.phase === phase && seen(p) };
}

test('a cancel while the guests are being built ends the worker at once', { timeout: 60_000 }, async () => {
  const file = await bundleWorker();
  const started = Date.now();
  const first = firstProgress('preparing');
  const handle = startRun(file, largeScenario(), 'large', undefined, first.onProgress);
  await first.progress;
  assert.ok(Date.now() - started < LOOSE_MS, `first progress after ${Date.now() - started} ms`);
  const asked = Date.now();
  handle.cancel();
  assert.deepEqual(await handle.done, { kind: 'cancelled' });
  const took = Date.now() - asked;
  assert.ok(took < LOOSE_MS, `the worker ended ${took} ms after the cancel`);
});

test('a cancel inside a long simulation ends the worker at once', { timeout: 120_000 }, async () => {
  const file = await bundleWorker();
  const first = firstProgress('simulating');
  const handle = startRun(file, largeScenario(), 'large', undefined, first.onProgress);
  await first.progress;
  const asked = Date.now();
  handle.cancel();
  handle.cancel(); // idempotent
  assert.deepEqual(await handle.done, { kind: 'cancelled' });
  assert.ok(Date.now() - asked < LOOSE_MS, `the worker ended ${Date.now() - asked} ms after the cancel`);
});

test('a scenario the validator refuses rejects with its message', { timeout: 30_000 }, async () => {
  const file = await bundleWorker();
  const handle = startRun(file, { host: {} }, 'bad', undefined, () => undefined);
  await assert.rejects(handle.done, /host/);
});
