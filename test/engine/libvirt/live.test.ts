/**
 * "Import this host" reads libvirt's live state files. This starts a real (TCG, 48 MiB) domain with
 * the real libvirt 9.0.0 (scripts/with-libvirtd.sh), copies its /run/libvirt/qemu/NAME.xml and
 * checks that we read the running guest from it: its name, its QEMU pid, the RAM of its NUMA cells
 * and the part on a shared cell that KSM cannot merge.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libvirtLiveGuests } from '../../../engine/node/hostImport';

const SCRIPT = `set -eu
virsh -q -c qemu:///system create "$1" >/dev/null
trap 'virsh -q -c qemu:///system destroy "$2" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 50); do [ -s "/run/libvirt/qemu/$2.xml" ] && break; sleep 0.1; done
printf '== pid %s\\n' "$(pgrep -f "guest=$2,")"
cat "/run/libvirt/qemu/$2.xml"`;

test("a running libvirt domain's live XML gives its name, QEMU pid and mergeable part", { timeout: 900_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-live-'));
  try {
    const name = `samepage-live-${process.pid}`;
    const domainFile = join(dir, 'domain.xml');
    writeFileSync(
      domainFile,
      `<domain type='qemu'>\n  <name>${name}</name>\n  <memory unit='MiB'>48</memory>\n  <vcpu>2</vcpu>\n  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n` +
        `  <cpu><numa><cell id='0' cpus='0' memory='32' unit='MiB'/><cell id='1' cpus='1' memory='16' unit='MiB' memAccess='shared'/></numa></cpu>\n</domain>\n`,
    );
    const run = spawnSync('bash', ['scripts/with-libvirtd.sh', 'bash', '-c', SCRIPT, '_', domainFile, name], { encoding: 'utf8', timeout: 900_000 });
    assert.equal(run.status, 0, run.stderr);
    const pid = Number(/^== pid (\d+)$/m.exec(run.stdout)?.[1]);
    assert.ok(pid > 0, run.stdout.slice(0, 500));
    const live = join(dir, 'run');
    mkdirSync(live);
    writeFileSync(join(live, `${name}.xml`), run.stdout.slice(run.stdout.indexOf('\n') + 1));
    const read = libvirtLiveGuests(live);
    assert.deepEqual(read.notes, []);
    assert.deepEqual(read.guests, [{ pid, guest: { name, memoryMiB: 48, memMerge: true, mergeableMiB: 32, binary: '/usr/bin/qemu-system-x86_64', count: 1 } }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
