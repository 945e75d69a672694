/**
 * The linter's accept/reject verdict against the real qemu-system-x86_64 on every case of
 * test/fixtures/qemu/machine-corpus.txt. Needs Debian's qemu-system-x86: run `bash scripts/setup-system.sh`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { findMachineType, machineTypesFor } from '../../../engine/knowledge/qemuMachines';
import { propertiesOfFamily } from '../../../engine/knowledge/qemuProperties';
import { parseQemuVersion, versionAtLeast } from '../../../engine/knowledge/qemuVersions';
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
  assert.ok(version, `${QEMU_BINARY} is not installed or does not run: run \`bash scripts/setup-system.sh\` (installs Debian's qemu-system-x86) first.`);
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

test('the 7.2 knowledge table lists exactly the machine types and properties of the binary', { timeout: 60_000 }, () => {
  const version = installedVersion();
  assert.ok(version, `${QEMU_BINARY} is not installed: run \`bash scripts/setup-system.sh\` first.`);
  const v = parseQemuVersion(version);
  const listed = spawnSync(QEMU_BINARY, ['-machine', 'help'], { encoding: 'utf8', timeout: 10_000 }).stdout;
  const binaryTypes = listed.split('\n').slice(1).map((l) => l.split(/\s+/)[0]).filter(Boolean).sort();
  assert.deepEqual(machineTypesFor(v).map((t) => t.name).sort(), binaryTypes);
  for (const name of ['q35', 'pc', 'microvm', 'isapc', 'none', 'x-remote']) {
    const help = spawnSync(QEMU_BINARY, ['-machine', `${name},help`], { encoding: 'utf8', timeout: 10_000 }).stdout;
    const binaryProps = help.split('\n').slice(1).map((l) => l.trim().split('=')[0]).filter(Boolean).sort();
    const ours = propertiesOfFamily(findMachineType(name, v)!.family)
      .filter((p) => !p.instanceOnly && (!p.since || versionAtLeast(v, p.since)))
      .map((p) => p.name)
      .sort();
    assert.deepEqual(ours, binaryProps, name);
  }
});
