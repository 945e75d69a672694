import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { release } from 'node:os';
import { countHz, readMeasuredHostFacts } from '../../../engine/node/measureHost';
import { readMeminfo } from '../../../engine/node/hostFacts';

function configHz(): number {
  let text = '';
  try {
    text = readFileSync(`/boot/config-${release()}`, 'utf8');
  } catch {
    text = gunzipSync(readFileSync('/proc/config.gz')).toString('utf8');
  }
  return Number(/^CONFIG_HZ=(\d+)$/m.exec(text)![1]);
}

test('HZ counted from jiffies in /proc/timer_list over a second matches the kernel config', async () => {
  assert.equal(await countHz(), configHz(), 'jiffies counted in /proc/timer_list (readable by root only) over a second');
});

test('host facts: this machine as /proc and /sys say, ready for a scenario', async () => {
  const f = await readMeasuredHostFacts(4096, 0);
  const meminfo = readMeminfo()!;
  assert.equal(f.scenario.memTotalKb, meminfo.MemTotal);
  assert.equal(f.scenario.hz, configHz());
  assert.equal(f.hzFrom, 'config');
  assert.equal(f.kernelRelease, release());
  assert.match(f.scenario.kernel, /^\d+\.\d+$/);
  assert.equal(f.thpEnabled, /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))![1]);
  assert.equal(f.ksmAvailable, true, 'this kernel has no /sys/kernel/mm/ksm: this test needs a kernel with KSM');
  assert.equal(f.knobs.pages_to_scan, Number(readFileSync('/sys/kernel/mm/ksm/pages_to_scan', 'utf8')));
  assert.equal(typeof f.counters.pages_sharing, 'number');
});
