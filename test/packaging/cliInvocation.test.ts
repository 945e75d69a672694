// The npm name `samepage` belongs to an unrelated package: every documented way to run the CLI must
// reach this checkout's bundle from any directory, with nothing fetched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const readme = readFileSync('README.md', 'utf8');
const checkout = resolve('.');

test('the npm package is not named samepage; the command still is', () => {
  assert.notEqual(manifest.name, 'samepage');
  assert.deepEqual(Object.keys(manifest.bin), ['samepage']);
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
  assert.equal(lock.name, manifest.name);
  assert.equal(lock.packages[''].name, manifest.name);
});

test('the docs never run the CLI through npx, which outside the checkout would fetch the other package', () => {
  const docs = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(md|sh)$/.test(f)).map((f) => join(dir, f));
  for (const file of ['README.md', ...docs('docs'), ...docs('scripts'), ...docs('examples')]) {
    assert.doesNotMatch(readFileSync(file, 'utf8'), /\bnpx\s+(?:--\S+\s+)*samepage\b|npm exec\s+(?:--\s+)?samepage\b/, file);
  }
  const section = readme.slice(readme.indexOf('## The command line'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)![1];
  for (const line of block.split('\n').filter((l) => l.trim() && !l.startsWith('#'))) {
    assert.match(line, /^(?:samepage |node dist\/cli\/samepage\.js |sudo ln -s "\$PWD\/dist\/cli\/samepage\.js" )/, line);
  }
});

test('the documented forms run this checkout\'s CLI from another directory', () => {
  assert.ok(existsSync('dist/cli/samepage.js'), 'build first: npm run build');
  const elsewhere = mkdtempSync(join(tmpdir(), 'samepage-cwd-'));
  const bin = join(elsewhere, 'bin');
  mkdirSync(bin);
  // The install line of the README, with its bin directory swapped for a temporary one.
  const install = /^sudo (ln -s "\$PWD\/dist\/cli\/samepage\.js") (\S+)\/samepage\b/m.exec(readme);
  assert.ok(install, 'README shows how to put samepage on the PATH');
  const linked = spawnSync('bash', ['-c', `${install[1]} ${bin}/samepage`], { cwd: checkout, encoding: 'utf8' });
  assert.equal(linked.status, 0, linked.stderr);
  const expected = `samepage ${manifest.version}: predict and check Kernel Samepage Merging`;
  for (const command of ['samepage --help', `node ${join(checkout, 'dist/cli/samepage.js')} --help`]) {
    const run = spawnSync('bash', ['-c', command], {
      cwd: elsewhere,
      encoding: 'utf8',
      // Only the temporary bin and node's own directory on the PATH; no registry reachable.
      env: { PATH: `${bin}:${resolve(process.execPath, '..')}:/usr/bin:/bin`, npm_config_offline: 'true', HOME: elsewhere },
    });
    assert.equal(run.status, 0, `${command}: ${run.stderr}`);
    assert.ok(run.stdout.startsWith(expected), `${command}: ${run.stdout.slice(0, 80)}`);
  }
});
