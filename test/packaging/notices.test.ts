// THIRD-PARTY-NOTICES.txt lists the third-party code the .vsix ships, derived from the bundles'
// esbuild metafile; CI regenerates it and fails when the committed file differs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

test('THIRD-PARTY-NOTICES.txt is what the bundles hold now', () => {
  const run = spawnSync(process.execPath, ['scripts/third-party-notices.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});

test('the notices name uPlot and the language client and server, each with its licence text', () => {
  const text = readFileSync('THIRD-PARTY-NOTICES.txt', 'utf8');
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version: string }> };
  for (const name of ['uplot', 'vscode-languageclient', 'vscode-languageserver', 'vscode-jsonrpc', 'vscode-languageserver-protocol', 'vscode-languageserver-types', 'vscode-languageserver-textdocument']) {
    const version = lock.packages[`node_modules/${name}`].version;
    assert.match(text, new RegExp(`^${name} ${version.replace(/\./g, '\\.')} \\(MIT\\)$`, 'm'), name);
  }
  assert.match(text, /Copyright \(c\) 2022 Leon Sorokin/);
  assert.match(text, /Permission is hereby granted, free of charge/);
  assert.doesNotMatch(text, /^(esbuild|typescript|fast-check|mocha) /m, 'build and test tools are not shipped');
});
