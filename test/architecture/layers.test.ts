import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
const NODE_BUILTINS = /^(node:|fs$|path$|os$|child_process$|crypto$|util$|stream$|worker_threads$|process$)/;

test('engine/ imports no vscode, no LSP types and no Node built-ins outside engine/node/', () => {
  const offences: string[] = [];
  for (const file of sources('engine')) {
    const inNodeAdapter = file.startsWith(join('engine', 'node') + '/');
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3];
      if (spec === 'vscode' || spec.startsWith('vscode-languageserver') || spec.startsWith('vscode-languageclient')) offences.push(`${file}: ${spec}`);
      if (!inNodeAdapter && NODE_BUILTINS.test(spec)) offences.push(`${file}: ${spec}`);
    }
  }
  assert.deepEqual(offences, []);
});

test('server/ and client/ do not import each other', () => {
  const offences: string[] = [];
  for (const [dir, forbidden] of [['server', '/client/'], ['client', '/server/']] as const) {
    for (const file of sources(dir)) {
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = match[1] ?? match[2] ?? match[3];
        if (spec.includes(forbidden) && !spec.includes('/protocol')) offences.push(`${file}: ${spec}`);
      }
    }
  }
  assert.deepEqual(offences, []);
});
