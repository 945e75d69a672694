/**
 * Proxmox VE VM configs against the formulas of qemu-server 9.2.6 (src/PVE/QemuServer.pm,
 * src/PVE/QemuServer/Memory.pm). Debian has no qm, so these are checked against the source, not a
 * running qemu-server: each case names the code path it follows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS } from '../../../engine/language/types';
import { parseVmConfig } from '../../../engine/proxmox/vmConfig';
import { proxmoxGuestMemory } from '../../../engine/proxmox/guestMemory';
import { detectKind } from '../../../engine/language/documentKind';

const FILE = '/etc/pve/qemu-server/101.conf';
const base = 'boot: order=scsi0\ncores: 2\nname: web1\nnet0: virtio=BC:24:11:00:00:01,bridge=vmbr0\nostype: l26\nscsi0: local-lvm:vm-101-disk-0,size=32G\nscsihw: virtio-scsi-single\nsmbios1: uuid=5f0c6b2e-8a63-4c4f-9a43-1c0a9c1d2e3f\nsockets: 1\nvmgenid: 0b5c1a2d-1111-2222-3333-444455556666\n';
const guest = (extra: string) => proxmoxGuestMemory(parseVmConfig(base + extra));
const findings = (extra: string) => analyzeDocument(base + extra, { fileName: FILE }, { settings: DEFAULT_SETTINGS, host: {} }).findings;

test('memory: MiB or current=MiB, default 512 (Memory.pm $memory_fmt); -m is that size', () => {
  assert.deepEqual([guest('').memoryMiB, guest('memory: 4096\n').memoryMiB, guest('memory: current=2048\n').memoryMiB], [512, 4096, 2048]);
  const refused = findings('memory: 8\n').find((f) => f.ruleId === 'proxmox/invalid-value')!;
  assert.match(refused.message, /minimum value of 16.*stays its default \(512\)/);
  assert.equal(guest('memory: 4096\nmemory: 4G\n').memoryMiB, 4096, 'a refused value leaves the earlier one');
  assert.equal(guest('memory: 1024\nmemory: 2048\n').memoryMiB, 2048, 'the last one wins');
  assert.ok(findings('memory: 1024\nmemory: 2048\n').some((f) => f.ruleId === 'proxmox/duplicate-key'));
});

test('allow-ksm: 0 is mem-merge=off (config_to_command, qemu-server 9.0.27+); check_type booleans', () => {
  for (const off of ['0', 'off', 'No', 'FALSE']) {
    const g = guest(`memory: 2048\nallow-ksm: ${off}\n`);
    assert.deepEqual([g.memMerge, g.mergeableMiB], [false, 0], off);
  }
  assert.equal(guest('allow-ksm: 1\n').memMerge, true);
  const bad = findings('allow-ksm: maybe\n');
  assert.ok(bad.some((f) => f.ruleId === 'proxmox/invalid-value' && /type check \('boolean'\) failed - got 'maybe'.*stays its default \(1\)/.test(f.message)));
  assert.equal(guest('allow-ksm: maybe\n').memMerge, true);
  const off = findings('memory: 2048\nallow-ksm: 0\n').find((f) => f.ruleId === 'proxmox/allow-ksm-off')!;
  assert.equal((base + 'memory: 2048\nallow-ksm: 0\n').slice(off.range.start, off.range.end), 'allow-ksm');
});

test('hugepages: needs numa (Memory.pm dies otherwise); with numa every backend is a shared hugetlbfs file, so nothing merges', () => {
  const noNuma = findings('memory: 4096\nhugepages: 2\n');
  assert.ok(noNuma.some((f) => f.ruleId === 'proxmox/does-not-start' && /numa needs to be enabled to use hugepages/.test(f.message)));
  const g = guest('memory: 4096\nnuma: 1\nhugepages: 1024\n');
  assert.deepEqual([g.memMerge, g.mergeableMiB, g.startError], [true, 0, undefined]);
  assert.ok(findings('memory: 4096\nnuma: 1\nhugepages: 1024\n').some((f) => f.ruleId === 'proxmox/never-merges'));
  assert.ok(findings('hugepages: 4\n').some((f) => f.ruleId === 'proxmox/invalid-value' && /enumeration 'any, 2, 1024'/.test(f.message)));
});

test('numa: memory-backend-ram per node can merge; custom nodes must add up to memory', () => {
  assert.equal(guest('memory: 4096\nnuma: 1\nsockets: 2\n').mergeableMiB, 4096);
  assert.equal(guest('memory: 4096\nnuma: 1\nnuma0: cpus=0,memory=2048\nnuma1: cpus=1,memory=2048\n').startError, undefined);
  assert.match(guest('memory: 4096\nnuma: 1\nnuma0: cpus=0,memory=1024\n').startError!.message, /must be equal to vm static memory/);
  assert.match(guest('memory: 4096\nnuma: 1\nnuma0: cpus=0\n').startError!.message, /missing NUMA node0 memory value/);
});

test('virtiofs puts guest RAM on a shared memfd: KSM never merges it', () => {
  const g = guest('memory: 2048\nvirtiofs0: share1\n');
  assert.deepEqual([g.mergeableMiB, g.neverMerges?.ruleId], [0, 'proxmox/never-merges']);
});

test('balloon: 0 removes the device (and free page reporting); above memory is flagged', () => {
  assert.equal(guest('balloon: 0\n').balloonDevice, false);
  assert.equal(guest('balloon: 1024\n').balloonDevice, true);
  assert.ok(findings('memory: 1024\nballoon: 2048\n').some((f) => f.ruleId === 'proxmox/balloon-above-memory'));
});

test('only the main section counts: snapshots and pending changes are other configs', () => {
  const g = guest('memory: 2048\n\n[snap1]\nmemory: 8192\nallow-ksm: 0\n');
  assert.deepEqual([g.memoryMiB, g.memMerge], [2048, true]);
  assert.ok(findings('not a line\n').some((f) => f.ruleId === 'proxmox/unparsable-line'));
});

test('detection: /etc/pve/qemu-server/VMID.conf by name, or by the keys qm writes', () => {
  assert.equal(detectKind('/etc/pve/qemu-server/101.conf', ''), 'proxmox-vm');
  assert.equal(detectKind('/etc/pve/nodes/pve1/qemu-server/9000.conf', ''), 'proxmox-vm');
  assert.equal(detectKind('vm.conf', base + 'memory: 2048\n'), 'proxmox-vm');
  assert.equal(detectKind('vm.conf', 'memory: 2048\n'), 'unknown');
});

test('hover names the option, its effect on KSM and the qemu-server version', () => {
  const text = base + 'memory: 2048\nallow-ksm: 0\n';
  const a = analyzeDocument(text, { fileName: FILE }, { settings: DEFAULT_SETTINGS, host: {} });
  assert.match(a.hoverAt(text.indexOf('allow-ksm') + 2)!.markdown, /mem-merge=off[\s\S]*Since qemu-server 9\.0\.27[\s\S]*qemu-server 9\.2\.6/);
  assert.match(a.hoverAt(text.indexOf('memory: 2048') + 1)!.markdown, /QEMU gets -m 2048; 0 MiB within KSM's reach/);
});
