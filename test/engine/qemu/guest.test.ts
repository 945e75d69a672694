import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readQemuGuestArgv } from '../../../engine/qemu/guest';
import { qemuBool } from '../../../engine/qemu/merging';

const MiB = 1048576n;
const read = (...argv: string[]) => {
  const r = readQemuGuestArgv(argv);
  return r.ok ? { mib: Number(r.guest.ramBytes / MiB), mergeable: r.guest.mergeable } : r.reason;
};

test("QEMU 7.2's boolean spellings, case-sensitive (checked with qemu-system-x86_64 -machine pc,mem-merge=…)", () => {
  for (const v of ['on', 'yes', 'true', 'y']) assert.equal(qemuBool(v), true, v);
  for (const v of ['off', 'no', 'false', 'n']) assert.equal(qemuBool(v), false, v);
  for (const v of ['Off', 'N', '0', '1', '']) assert.equal(qemuBool(v), undefined, v);
  for (const v of ['n', 'no', 'off', 'false']) assert.deepEqual(read('qemu-system-x86_64', '-m', '1G', '-machine', `pc,mem-merge=${v}`), { mib: 1024, mergeable: false }, v);
  assert.equal(read('qemu-system-x86_64', '-machine', 'pc,mem-merge=Off'), 'mem-merge=Off is not a QEMU boolean');
});

test('the RAM size QEMU uses: default 128 MiB, MiB without suffix, the last -m, memory.size, the backend size', () => {
  assert.deepEqual(read('qemu-system-x86_64'), { mib: 128, mergeable: true });
  assert.deepEqual(read('qemu-kvm', '-m', '1024', '-m', '512M'), { mib: 512, mergeable: true });
  assert.deepEqual(read('qemu-system-x86_64', '-machine', 'q35,memory.size=3G'), { mib: 3072, mergeable: true });
  assert.deepEqual(read('qemu-system-x86_64', '-object', 'memory-backend-ram,id=m0,size=2G', '-machine', 'pc,memory-backend=m0'), { mib: 2048, mergeable: true });
});

test('backends decide mergeability: merge=, shared, memfd, hugetlb, hugetlbfs mem-path', () => {
  const withBackend = (backend: string, machine = 'pc,memory-backend=m0') => read('qemu-system-x86_64', '-object', backend, '-machine', machine);
  assert.equal((withBackend('memory-backend-ram,id=m0,size=1G,merge=off', 'pc,memory-backend=m0,mem-merge=off') as { mergeable: boolean }).mergeable, false);
  assert.equal((withBackend('memory-backend-ram,id=m0,size=1G,merge=on', 'pc,memory-backend=m0,mem-merge=off') as { mergeable: boolean }).mergeable, true);
  assert.equal((withBackend('memory-backend-ram,id=m0,size=1G,share=on') as { mergeable: boolean }).mergeable, false);
  assert.equal((withBackend('memory-backend-memfd,id=m0,size=1G') as { mergeable: boolean }).mergeable, false);
  assert.equal((withBackend('memory-backend-file,id=m0,size=1G,mem-path=/dev/hugepages') as { mergeable: boolean }).mergeable, false);
  assert.equal((withBackend('memory-backend-file,id=m0,size=1G,mem-path=/var/lib/vm/ram') as { mergeable: boolean }).mergeable, true);
  assert.deepEqual(read('qemu-system-x86_64', '-m', '1G', '-mem-path', '/dev/hugepages/vm1'), { mib: 1024, mergeable: false });
});

test('a size QEMU cannot read gives the reason instead of a guess', () => {
  assert.equal(read('qemu-system-x86_64', '-m', 'lots'), 'the -m size is not one QEMU reads');
});
