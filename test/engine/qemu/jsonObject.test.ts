import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCommandLine } from '../../../engine/qemu/check';
import { plainArg } from '../../../engine/qemu/args';

/** QEMU's message (what it prints after "qemu-system-x86_64: ") of the first error, or 'ok'. */
function qemuSays(...words: string[]): string {
  let offset = 0;
  const args = words.map((w) => {
    const arg = plainArg(w, offset);
    offset += w.length + 1;
    return arg;
  });
  const error = checkCommandLine('qemu-system-x86_64', args, '7.2').findings.find((f) => f.severity === 'error');
  return error ? /^QEMU stops with "qemu-system-x86_64: (.*?)"\. /.exec(error.message)![1] : 'ok';
}

const B = '"qom-type":"memory-backend-ram","id":"m0","size":67108864';

test('the JSON form of -object is checked with the messages of qemu-system-x86_64 7.2.22', () => {
  // Each expected message was printed by Debian's qemu-system-x86_64 7.2.22 for the same argument.
  assert.equal(qemuSays('-object', `{${B}}`), 'ok');
  assert.equal(qemuSays('-object', `{${B},"merge":false}`), 'ok');
  assert.equal(qemuSays('-object', '{"qom-type":"memory-backend-ram","id":"m0","size":"1G"}'), `-object {"qom-type":"memory-backend-ram","id":"m0","size":"1G"}: Parameter 'size' expects uint64`);
  assert.match(qemuSays('-object', `{${B},"merge":"off"}`), /: Invalid parameter type for 'merge', expected: boolean$/);
  assert.match(qemuSays('-object', `{${B},"bogus":1}`), /: Parameter 'bogus' is unexpected$/);
  assert.match(qemuSays('-object', '{"qom-type":"memory-backend-ram","id":"m0"}'), /: Parameter 'size' is missing$/);
  assert.match(qemuSays('-object', '{"qom-type":"memory-backend-ram","size":67108864}'), /: Parameter 'id' is missing$/);
  assert.match(qemuSays('-object', '{"id":"x"}'), /: Parameter 'qom-type' is missing$/);
  assert.match(qemuSays('-object', '{"qom-type":"nope","id":"x"}'), /: Parameter 'qom-type' does not accept value 'nope'$/);
  assert.match(qemuSays('-object', `{${B},"policy":"nope"}`), /: Parameter 'policy' does not accept value 'nope'$/);
  assert.match(qemuSays('-object', `{${B},"host-nodes":"0","policy":"bind"}`), /: Invalid parameter type for 'host-nodes', expected: array$/);
  assert.match(qemuSays('-object', `{${B}`), /: JSON parse error$/);
  assert.equal(qemuSays('-object', '{"qom-type":"memory-backend-ram","id":"m0","size":0}'), "property 'size' of memory-backend-ram doesn't take value '0'");
});

test('sgx-epc.N.node without memdev is the error QEMU gives', () => {
  assert.equal(qemuSays('-M', 'q35,sgx-epc.0.node=0'), "Parameter 'sgx-epc.0.memdev' is missing");
});

test('-mem-path on hugetlbfs gets the "never merges" information, like a hugetlbfs backend', () => {
  const info = (...words: string[]) => checkCommandLine('qemu-system-x86_64', words.map((w, i) => plainArg(w, i * 100)), '7.2').findings.filter((f) => f.ruleId === 'qemu/backend-never-merges').map((f) => f.message);
  assert.match(info('-m', '1G', '-mem-path', '/dev/hugepages')[0], /KSM never merges huge pages: \/dev\/hugepages is a hugetlbfs mount/);
  assert.deepEqual(info('-m', '1G', '-mem-path', '/var/lib/vm'), []);
  assert.deepEqual(info('-m', '1G', '-mem-path', '/dev/hugepages', '-machine', 'pc,mem-merge=off'), [], 'nothing to warn about when KSM is not asked to merge');
  assert.match(info('-object', 'memory-backend-file,id=m,size=1G,mem-path=/dev/hugepages', '-machine', 'pc,memory-backend=m')[0], /KSM never merges huge pages \(mem-path=\/dev\/hugepages is a hugetlbfs mount\), so this memory-backend-file's RAM/);
});
