// Bundles the four targets with esbuild: client (node, `vscode` external), language server (node),
// webview (browser) and CLI (node). `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, mkdirSync, existsSync, readFileSync } from 'node:fs';
import { bundleTargets, COPIED_ASSETS } from './bundles.mjs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  target: 'es2022',
  define: { __SAMEPAGE_VERSION__: JSON.stringify(version) },
};

const targets = bundleTargets(common).map((t) => t.options);

function copyAssets() {
  if (existsSync('dist/cli/samepage.js')) chmodSync('dist/cli/samepage.js', 0o755); // the `samepage` bin (and a link to it on the PATH) runs the file directly
  mkdirSync('dist/webview', { recursive: true });
  for (const [from, to] of COPIED_ASSETS) cpSync(from, to);
  if (existsSync('client/webview/style.css')) cpSync('client/webview/style.css', 'dist/webview/style.css');
}

if (watch) {
  for (const options of targets) (await esbuild.context(options)).watch();
  copyAssets();
} else {
  await Promise.all(targets.map((options) => esbuild.build(options)));
  copyAssets();
}
