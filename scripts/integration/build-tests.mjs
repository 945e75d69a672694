// Bundles the integration suite for the extension host: test/integration/index.ts (the mocha entry)
// and every test/integration/**/*.test.ts, each into out/integration/ (vscode and mocha stay
// external: the host provides `vscode`, mocha loads from node_modules). tests.json lists the test
// files of this build, so a test deleted from the sources never runs from a stale bundle.
import * as esbuild from 'esbuild';
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const source = 'test/integration';
const outdir = 'out/integration';
const tests = readdirSync(source, { recursive: true })
  .map((file) => join(source, file))
  .filter((file) => file.endsWith('.test.ts') && !file.split(/[\\/]/).includes('fixtures'))
  .sort();

await esbuild.build({
  entryPoints: [join(source, 'index.ts'), ...tests],
  outbase: source,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
mkdirSync(outdir, { recursive: true });
const bundles = tests.map((file) => relative(source, file).replace(/\.ts$/, '.js'));
writeFileSync(join(outdir, 'tests.json'), JSON.stringify(bundles, null, 2) + '\n');
console.log(`[build-tests] ${bundles.length} integration test file(s) bundled into ${outdir}`);
