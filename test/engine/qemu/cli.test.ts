import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../../cli/runCaptured';

async function run(args: string[]): Promise<{ status: number; out: string }> {
  const { code, stdout } = await runCaptured(['lint', ...args]);
  return { status: code, out: stdout };
}

test('samepage lint reports QEMU findings in shell scripts and honours --qemu-version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-qemu-'));
  try {
    const file = join(dir, 'vm.sh');
    writeFileSync(file, '#!/bin/sh\nqemu-system-x86_64 -M pc-q35-8.0,mem-merge=off -m 1G\n');
    const current = await run([file]);
    assert.equal(current.status, 0, current.out);
    const old = await run(['--qemu-version', '7.2', '--format', 'json', file]);
    assert.equal(old.status, 1);
    const findings = JSON.parse(old.out) as Array<{ ruleId: string; range: { start: { line: number; character: number } } }>;
    assert.equal(findings[0].ruleId, 'qemu/unknown-machine-type');
    assert.deepEqual(findings[0].range.start, { line: 1, character: 22 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
