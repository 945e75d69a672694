/** The what-if workers bundled as the extension ships them (dist/client/*Worker.js, dist/cli/scenarioWorker.js), for tests and the bench. */
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { seedScenario } from '../../engine/whatif/seed';
import type { Scenario } from '../../engine/whatif/scenario';

export async function bundleWorker(outDir = join('out', 'worker-test')): Promise<string> {
  const outfile = resolve(outDir, 'whatifWorker.js');
  await build({ entryPoints: ['client/whatif/worker.ts'], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'es2022', logLevel: 'warning' });
  return outfile;
}

/** "Suggest settings": the tune worker and the scenario pool's worker it starts, one per core. */
export async function bundleTuneWorkers(outDir = join('out', 'tune-worker-test')): Promise<{ tune: string; pool: string }> {
  const tune = resolve(outDir, 'tuneWorker.js');
  const pool = resolve(outDir, 'scenarioWorker.js');
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'es2022', logLevel: 'warning' } as const;
  await build({ ...common, entryPoints: ['client/whatif/tuneWorker.ts'], outfile: tune });
  await build({ ...common, entryPoints: ['cli/scenarioWorker.ts'], outfile: pool });
  return { tune, pool };
}

/**
 * A large host: 240 GiB of guests for an hour, ksmd at a huge batch size. Building its guests
 * takes seconds and one batch scans millions of pages, the two places where a flag alone is slow.
 */
export function largeScenario(): Scenario {
  const s = seedScenario();
  s.name = 'Large host';
  s.host = { ...s.host, memTotalKb: 256 * 2 ** 20 };
  s.guests = [{ name: 'big', count: 60, memoryMiB: 4096, profile: 'linux-server-idle', memMerge: true, thp: true }];
  s.knobs = { run: 1, pages_to_scan: 4_000_000, sleep_millisecs: 10 };
  s.durationSeconds = 3600;
  return s;
}
