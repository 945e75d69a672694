import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../cli/run';

async function lint(args: string[]): Promise<{ status: number; out: string }> {
  let out = '';
  const status = await runCli(['lint', ...args], { stdout: (s: string) => (out += s), stderr: () => undefined } as never);
  return { status, out };
}

test('samepage lint reports sysfs findings for every file kind and honours --kernel-version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-lint-'));
  mkdirSync(join(dir, 'tmpfiles.d'));
  writeFileSync(join(dir, 'ksm.sh'), '#!/bin/sh\necho 1 > /sys/kernel/mm/ksm/smart_scan\necho 0x10 > /sys/kernel/mm/ksm/pages_to_scan\n');
  writeFileSync(join(dir, 'sysfs.conf'), 'kernel/mm/ksm/run = 3\n');
  writeFileSync(join(dir, 'tmpfiles.d', 'ksm.conf'), 'w /sys/kernel/mm/ksm/max_page_sharing - - - - 1\n');
  writeFileSync(join(dir, 'ksm.service'), "[Service]\nExecStart=/bin/sh -c 'echo 0 > /sys/kernel/mm/ksm/pages_shared'\n");
  const files = ['ksm.sh', 'sysfs.conf', 'tmpfiles.d/ksm.conf', 'ksm.service'].map((f) => join(dir, f));
  const current = await lint(['--format', 'json', '--kernel-version', '6.18', ...files]);
  assert.equal(current.status, 1);
  const ids = (JSON.parse(current.out) as Array<{ ruleId: string }>).map((f) => f.ruleId);
  assert.deepEqual(ids, ['sysfs/einval', 'sysfs/einval', 'sysfs/einval', 'sysfs/read-only']);
  const old = await lint(['--format', 'json', '--kernel-version', '6.6', files[0]]);
  assert.deepEqual((JSON.parse(old.out) as Array<{ ruleId: string }>).map((f) => f.ruleId), ['sysfs/knob-not-in-kernel', 'sysfs/einval']);
  const off = await lint(['--rule', 'sysfs/einval=off', '--kernel-version', '6.18', files[1]]);
  assert.equal(off.status, 0);
});
