// "Samepage: Measure this host" inside a real extension host, run as root (CI is root): the command
// runs the bundled CLI with progress, writes the two files and opens the what-if on the result.
// A workload process with mergeable memory (the ground-truth harness's workload.c) makes sure this
// host has something to measure.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateSamepage, closeAllEditors, EXTENSION_ID, fixtureUri } from './helpers';

suite('measure this host', () => {
  let dir = '';
  let workload: ChildProcess | undefined;

  teardown(async () => {
    workload?.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
    await closeAllEditors();
  });

  test('as root: measures, writes 0600 files and opens the what-if on them', async function () {
    this.timeout(180_000);
    assert.equal(process.getuid?.(), 0, 'this test needs the extension host to run as root (CI does)');
    await activateSamepage();
    const repo = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const groundtruth = join(repo, '..', 'shared', 'groundtruth');
    dir = mkdtempSync(join(tmpdir(), 'samepage-it-measure-'));
    const make = spawnSync('make', ['-s', '-C', dir, '-f', join(groundtruth, 'Makefile'), `VPATH=${groundtruth}`, 'workload'], { encoding: 'utf8' });
    assert.equal(make.status, 0, `building workload.c failed: ${make.stderr}`);
    workload = spawn(join(dir, 'workload'), ['--pages', '4000', '--distinct', '40', '--zero-frac', '0.2', '--duration', '170'], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise<void>((resolve) => workload!.stdout!.on('data', (d: Buffer) => d.toString().includes('READY') && resolve()));

    const out = fixtureUri('measured.samepage.json').fsPath;
    const run = (await vscode.commands.executeCommand('samepage.measureHost', out)) as { sentences: string[]; scenario: { measurement?: { file: string } } } | undefined;
    assert.ok(run && Array.isArray(run.sentences), 'the command resolves with the what-if run');
    assert.match(run.sentences[0], /^KSM saves/);
    for (const f of [out, out.replace(/\.samepage\.json$/, '.samepage-content')]) {
      assert.ok(existsSync(f), `${f} written`);
      assert.equal(statSync(f).mode & 0o777, 0o600, `${f} is 0600`);
    }
  });
});
