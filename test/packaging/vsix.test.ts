// The .vsix holds exactly what the installed extension needs, and everything the manifest points at.
// Packs the current dist/ (scripts/test.sh builds it first) into a temporary file: about 5 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipEntries } from './zipEntries';

const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/,
  /^extension\/changelog\.md$/,
  /^extension\/LICENSE\.txt$/,
  /^extension\/THIRD-PARTY-NOTICES\.txt$/,
  /^extension\/media\/icon\.png$/,
  /^extension\/dist\/client\/[\w.-]+\.js$/,
  /^extension\/dist\/server\/[\w.-]+\.js$/,
  /^extension\/dist\/cli\/samepage\.js$/,
  /^extension\/dist\/webview\/[\w.-]+\.(js|css)$/,
  /^extension\/syntaxes\/[\w.-]+\.json$/,
  /^extension\/schemas\/[\w.-]+\.json$/,
];

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

function packVsix(): string[] {
  assert.ok(existsSync(manifest.main), `${manifest.main} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'samepage-vsix-test-'));
  try {
    const out = join(dir, 'samepage.vsix');
    const result = spawnSync(process.execPath, ['scripts/package-vsix.mjs', '--out', out], { encoding: 'utf8' });
    assert.equal(result.status, 0, `vsce package failed:\n${result.stdout}\n${result.stderr}`);
    assert.doesNotMatch(result.stdout + result.stderr, /WARNING/, 'vsce has no complaints');
    return zipEntries(out).filter((name) => !name.endsWith('/'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the vsix contains only allow-listed files and everything the manifest refers to', () => {
  const entries = packVsix();
  assert.deepEqual(entries.filter((name) => !ALLOWED.some((pattern) => pattern.test(name))), [], 'files outside the allow-list');

  const contributes = manifest.contributes ?? {};
  const referenced: string[] = [
    manifest.main,
    manifest.icon,
    'THIRD-PARTY-NOTICES.txt',
    'dist/server/main.js',
    // run by "Samepage: Measure this host" (and offered with sudo where the editor is not root)
    'dist/cli/samepage.js',
    ...(contributes.grammars ?? []).map((g: { path: string }) => g.path),
    ...(contributes.languages ?? []).flatMap((l: { configuration?: string }) => (l.configuration ? [l.configuration] : [])),
  ];
  if (existsSync('client/webview/main.ts')) referenced.push('dist/webview/main.js');
  assert.ok(entries.includes('extension/changelog.md'), 'the Marketplace shows CHANGELOG.md');
  const missing = referenced.map((p) => `extension/${p.replace(/^\.\//, '')}`).filter((p) => !entries.includes(p));
  assert.deepEqual(missing, [], 'referenced by package.json or loaded at run time, but not packaged');
});
