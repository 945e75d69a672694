// Packages the extension with @vscode/vsce (or lists what it would package, with --list).
// vsce globs the whole folder before applying .vscodeignore, which takes many seconds once
// .vscode-test holds the integration harness; so it runs in a staged copy of the checkout without
// the machine-local folders (dependencies, harness, build scratch, git). .vscodeignore still
// decides what goes in. Usage: node scripts/package-vsix.mjs [--list] [--out FILE]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const { values } = parseArgs({ options: { list: { type: 'boolean' }, out: { type: 'string', default: 'samepage.vsix' } } });
const machineLocal = new Set(['node_modules', '.vscode-test', '.git', 'out', 'test-artifacts']);

const stage = mkdtempSync(join(tmpdir(), 'samepage-vsix-'));
try {
  cpSync(root, stage, {
    recursive: true,
    filter: (path) => {
      const top = relative(root, path).split(/[\\/]/)[0];
      return !machineLocal.has(top) && !basename(path).endsWith('.vsix');
    },
  });
  const vsce = join(root, 'node_modules/.bin/vsce');
  const args = values.list ? ['ls', '--no-dependencies'] : ['package', '--no-dependencies', '--out', resolve(values.out)];
  const result = spawnSync(vsce, args, { cwd: stage, stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
