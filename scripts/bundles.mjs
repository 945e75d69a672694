// The esbuild targets of the build, shared by build.mjs (which writes them) and
// third-party-notices.mjs (which reads from their metafile what third-party code they hold).
import { existsSync } from 'node:fs';

/** Files copied into dist/ as they are; the vsix ships them beside the bundles. */
export const COPIED_ASSETS = [['node_modules/uplot/dist/uPlot.min.css', 'dist/webview/uPlot.min.css']];

/** Every bundle, with whether the .vsix ships it (all do: "Measure this host" runs the CLI). */
export function bundleTargets(common) {
  const targets = [
    { inVsix: true, options: { ...common, entryPoints: ['client/extension.ts'], outfile: 'dist/client/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] } },
    { inVsix: true, options: { ...common, entryPoints: ['server/main.ts'], outfile: 'dist/server/main.js', platform: 'node', format: 'cjs' } },
    { inVsix: true, options: { ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/cli/samepage.js', platform: 'node', format: 'cjs', banner: { js: '#!/usr/bin/env node' } } },
    // sweep and tune spread their runs over worker threads running this file (shipped with the CLI).
    { inVsix: true, options: { ...common, entryPoints: ['cli/scenarioWorker.ts'], outfile: 'dist/cli/scenarioWorker.js', platform: 'node', format: 'cjs' } },
  ];
  if (existsSync('client/webview/main.ts')) {
    targets.push({ inVsix: true, options: { ...common, entryPoints: ['client/webview/main.ts'], outfile: 'dist/webview/main.js', platform: 'browser', format: 'iife' } });
  }
  if (existsSync('client/whatif/worker.ts')) {
    // The what-if simulation runs in this worker thread, off the extension host's main thread.
    targets.push({ inVsix: true, options: { ...common, entryPoints: ['client/whatif/worker.ts'], outfile: 'dist/client/whatifWorker.js', platform: 'node', format: 'cjs' } });
    // "Suggest settings" searches in this worker thread.
    targets.push({ inVsix: true, options: { ...common, entryPoints: ['client/whatif/tuneWorker.ts'], outfile: 'dist/client/tuneWorker.js', platform: 'node', format: 'cjs' } });
  }
  return targets;
}
