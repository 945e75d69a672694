// Bundles the four targets with esbuild: client (node, `vscode` external), language server (node),
// webview (browser) and CLI (node). `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, mkdirSync, existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  target: 'es2022',
};

const targets = [
  { ...common, entryPoints: ['client/extension.ts'], outfile: 'dist/client/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] },
  { ...common, entryPoints: ['server/main.ts'], outfile: 'dist/server/main.js', platform: 'node', format: 'cjs' },
  { ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/cli/samepage.js', platform: 'node', format: 'cjs', banner: { js: '#!/usr/bin/env node' } },
];
if (existsSync('client/webview/main.ts')) {
  targets.push({ ...common, entryPoints: ['client/webview/main.ts'], outfile: 'dist/webview/main.js', platform: 'browser', format: 'iife' });
}
if (existsSync('client/whatif/worker.ts')) {
  // The what-if simulation runs in this worker thread, off the extension host's main thread.
  targets.push({ ...common, entryPoints: ['client/whatif/worker.ts'], outfile: 'dist/client/whatifWorker.js', platform: 'node', format: 'cjs' });
}

function copyAssets() {
  if (existsSync('dist/cli/samepage.js')) chmodSync('dist/cli/samepage.js', 0o755); // `npx samepage` runs the file directly
  mkdirSync('dist/webview', { recursive: true });
  cpSync('node_modules/uplot/dist/uPlot.min.css', 'dist/webview/uPlot.min.css');
  if (existsSync('client/webview/style.css')) cpSync('client/webview/style.css', 'dist/webview/style.css');
}

if (watch) {
  for (const options of targets) (await esbuild.context(options)).watch();
  copyAssets();
} else {
  await Promise.all(targets.map((options) => esbuild.build(options)));
  copyAssets();
}
