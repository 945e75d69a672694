/**
 * The linter's accept/reject verdict against the real qemu-system-x86_64 on every case of
 * test/fixtures/qemu/machine-corpus.txt. Needs Debian's qemu-system-x86: run `bash scripts/setup-qemu.sh`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { HARNESS_ARGS, QEMU_BINARY, lintVerdict, loadCorpus, runAll, runQemu } from './corpus';

function installedVersion(): string | undefined {
  const probe = spawnSync(QEMU_BINARY, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error || probe.status !== 0) return undefined;
  return /version (\d+\.\d+)/.exec(probe.stdout)?.[1];
}

test('the corpus covers at least 200 cases', () => {
  assert.ok(loadCorpus().length >= 200, `${loadCorpus().length} cases`);
});

test('every corpus verdict agrees with qemu-system-x86_64', { timeout: 300_000 }, async () => {
  const version = installedVersion();
  assert.ok(version, `${QEMU_BINARY} is not installed or does not run: run \`bash scripts/setup-qemu.sh\` (installs Debian's qemu-system-x86) first.`);
  const corpus = loadCorpus();
  const started = Date.now();
  const runs = await runAll(corpus, 4, (words) => runQemu(words));
  const disagreements: string[] = [];
  corpus.forEach((words, i) => {
    const qemu = runs[i];
    const lint = lintVerdict(words, version);
    const qemuAccepted = qemu.status === 0;
    if (qemuAccepted !== lint.accepted) {
      disagreements.push(
        `${QEMU_BINARY} ${[...HARNESS_ARGS, ...words].join(' ')}\n    QEMU: exit ${qemu.status} ${qemu.stderr.trim().split('\n')[0] ?? ''}\n    Samepage: ${lint.accepted ? 'accepts' : 'rejects'} ${lint.messages.join(' | ')}`,
      );
    }
  });
  const agreement = ((corpus.length - disagreements.length) / corpus.length) * 100;
  console.log(`qemu agreement: ${corpus.length - disagreements.length}/${corpus.length} (${agreement.toFixed(1)}%) against QEMU ${version} in ${Date.now() - started} ms`);
  assert.deepEqual(disagreements, [], `verdicts that differ from QEMU ${version}:\n${disagreements.join('\n')}`);
});
