/**
 * The panel's settings search as the extension ships it (bundled tune worker + the scenario pool's
 * workers): the same advice as the engine's search run point by point, progress for every run,
 * and a cancel that stops it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { simulate } from '../../engine/sim/simulate';
import { runWhatIf } from '../../engine/whatif/run';
import { pointMetrics } from '../../engine/whatif/sweep';
import { concludeTune, planTune } from '../../engine/whatif/tune';
import { seedScenario } from '../../engine/whatif/seed';
import type { Scenario } from '../../engine/whatif/scenario';
import type { TuneWorkerInput, TuneWorkerOutput } from '../../client/whatif/tuneWorker';
import { bundleTuneWorkers, largeScenario } from './workerBundle';

/** Two 512 MiB guests for two minutes, knobs set by hand: 21 short runs. */
function smallScenario(): Scenario {
  const s = seedScenario();
  s.controller = 'none';
  s.guests = [{ ...s.guests[0], count: 2, memoryMiB: 512 }];
  s.durationSeconds = 120;
  return s;
}

function startSearch(files: { tune: string; pool: string }, scenario: unknown, onProgress: (done: number, cancel: () => void) => void, cancelFirst = false): Promise<TuneWorkerOutput> {
  const cancel = new SharedArrayBuffer(4);
  const stop = () => Atomics.store(new Int32Array(cancel), 0, 1);
  if (cancelFirst) stop();
  const input: TuneWorkerInput = { scenario, cancel, poolWorkerFile: files.pool };
  const worker = new Worker(files.tune, { workerData: input });
  return new Promise<TuneWorkerOutput>((resolve, reject) => {
    worker.on('message', (m: TuneWorkerOutput) => {
      if (m.kind === 'progress') onProgress(m.done, stop);
      else resolve(m);
    });
    worker.on('error', reject);
  }).finally(() => void worker.terminate());
}

test('the panel search over the pool gives the engine search\'s advice, with progress for every run', { timeout: 240_000 }, async () => {
  const files = await bundleTuneWorkers();
  const scenario = smallScenario();
  const progress: number[] = [];
  const answer = await startSearch(files, scenario, (done) => progress.push(done));
  assert.equal(answer.kind, 'done', JSON.stringify(answer).slice(0, 300));
  const plan = planTune(scenario, { fraction: 0.9, withinSeconds: 120, maxCpuPercent: 100 });
  const expected = concludeTune(plan, plan.scenarios.map((s) => pointMetrics(runWhatIf(s, simulate), 0.9 * plan.bestBytes)));
  assert.deepEqual((answer as Extract<TuneWorkerOutput, { kind: 'done' }>).advice, expected);
  assert.deepEqual(progress, plan.scenarios.map((_, i) => i + 1));
});

test('a search cancelled after its first run, or before it starts, stops and says so', { timeout: 120_000 }, async () => {
  const files = await bundleTuneWorkers();
  const progress: number[] = [];
  const midway = await startSearch(files, smallScenario(), (done, cancel) => {
    progress.push(done);
    cancel();
  });
  assert.equal(midway.kind, 'cancelled', JSON.stringify(midway).slice(0, 300));
  assert.ok(progress.length < 21, `${progress.length} runs reported after the cancel`);
  const big = largeScenario();
  big.controller = 'none';
  const asked = Date.now();
  const before = await startSearch(files, big, () => assert.fail('no run finishes'), true);
  assert.equal(before.kind, 'cancelled');
  assert.ok(Date.now() - asked < 60_000, `answered ${Date.now() - asked} ms after the start`);
});
