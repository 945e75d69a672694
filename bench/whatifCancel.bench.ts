import { startRun } from '../client/whatif/engineRunner';
import type { WorkerProgress } from '../client/whatif/worker';
import { bundleWorker, largeScenario } from '../test/client/workerBundle';
import type { BenchFigure } from './run';

/**
 * The panel's worker on a large host (240 GiB of guests, an hour, 4M-page batches): how soon the
 * first progress arrives, and how long a cancel takes to end the thread while the guests are being
 * built and in the middle of the simulation (issue 15: at most 1 s and 200 ms).
 */
async function measure(file: string, phase: WorkerProgress['phase']): Promise<{ firstMs: number; cancelMs: number }> {
  const started = Date.now();
  let firstMs = -1;
  let reached: () => void = () => undefined;
  const inPhase = new Promise<void>((resolve) => (reached = resolve));
  const handle = startRun(file, largeScenario(), 'bench', undefined, (p) => {
    if (firstMs < 0) firstMs = Date.now() - started;
    if (p.phase === phase) reached();
  });
  await inPhase;
  const asked = Date.now();
  handle.cancel();
  await handle.done;
  return { firstMs, cancelMs: Date.now() - asked };
}

export async function run(): Promise<BenchFigure[]> {
  const file = await bundleWorker();
  const preparing = await measure(file, 'preparing');
  const simulating = await measure(file, 'simulating');
  return [
    { name: 'first progress message after start', value: preparing.firstMs, unit: 'ms' },
    { name: 'cancel while building the guests', value: preparing.cancelMs, unit: 'ms', note: 'until the worker thread has exited' },
    { name: 'cancel inside the simulation', value: simulating.cancelMs, unit: 'ms', note: 'until the worker thread has exited' },
  ];
}
