import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guestName, guestRamVmas, ramBlockSizes } from '../../../engine/measure/guestRam';
import { parseSmaps } from '../../../engine/measure/smaps';

const MiB = 1048576;
const smaps = [
  '55d0c0000000-55d0c0100000 r-xp 00000000 08:01 1234 /usr/bin/qemu-system-x86_64',
  'VmFlags: rd ex mr mw me',
  '7f0000000000-7f0004000000 rw-p 00000000 00:00 0 ',
  'Rss: 1000 kB',
  'AnonHugePages: 2048 kB',
  'VmFlags: rd wr mr mw me dc ac hg',
  '7f0010000000-7f0014000000 rw-p 00000000 00:00 0 ',
  'VmFlags: rd wr mr mw me ac',
  '7f0020000000-7f0060000000 rwxp 00000000 00:00 0 ',
  'VmFlags: rd wr ex mr mw me ac',
  '7f0070000000-7f0070200000 rw-p 00000000 00:00 0 ',
  'VmFlags: rd wr mr mw me dc ac mg',
].join('\n');

test('smaps: ranges, paths, VmFlags, Rss and AnonHugePages', () => {
  const v = parseSmaps(smaps);
  assert.equal(v.length, 5);
  assert.deepEqual([v[0].path, v[1].path, v[1].rssKb, v[1].anonHugeKb, v[1].flags.includes('dc')], ['/usr/bin/qemu-system-x86_64', '', 1000, 2048, true]);
});

test('guest RAM: the private anonymous area of exactly -m, the DONTFORK one first; executable areas never', () => {
  const vmas = parseSmaps(smaps);
  assert.deepEqual(guestRamVmas(['qemu-system-x86_64', '-m', '64'], vmas).map((v) => v.start), [0x7f0000000000]);
  // 1 GiB matches only the executable TCG buffer: no RAM.
  assert.deepEqual(guestRamVmas(['qemu', '-m', '1G'], vmas), []);
  // Two 2 MiB backends... only one area of that size exists.
  assert.deepEqual(guestRamVmas(['qemu', '-object', 'memory-backend-ram,id=m0,size=2M', '-object', 'memory-backend-ram,id=m1,size=2M'], vmas).map((v) => v.start), [0x7f0070000000]);
  assert.deepEqual(ramBlockSizes(['qemu', '-object', 'memory-backend-ram,id=m0,size=4G', '-object', 'memory-backend-memfd,id=m1,size=4G', '-m', '8G']), [4096 * MiB]);
  assert.deepEqual(ramBlockSizes(['qemu']), [128 * MiB]);
});

test('guest names: -name guest=, the legacy -name form, libvirt scopes', () => {
  assert.equal(guestName(['qemu', '-name', 'guest=web01,debug-threads=on']), 'web01');
  assert.equal(guestName(['qemu', '-name', 'db,,main,process=x']), 'db,main');
  assert.equal(guestName(['qemu'], '0::/machine.slice/machine-qemu\\x2d3\\x2dwin\\x2d10.scope/libvirt/emulator'), 'win-10');
  assert.equal(guestName(['qemu']), undefined);
});
