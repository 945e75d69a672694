import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMeasurement, encodeMeasurement, KSM, MERGEABLE, RESIDENT, THP } from '../../../engine/measure/format';
import { measurementToScenario, MeasurementScenarioError } from '../../../engine/measure/toScenario';
import type { MeasuredHostFacts } from '../../../engine/measure/hostFacts';

const facts: MeasuredHostFacts = {
  scenario: { memTotalKb: 65_000_000, pageSize: 4096, hz: 250, cpus: 8, numaNodes: 1, kernel: '6.18', swapKb: 0, otherUsedKb: 1_000_000, cachedKb: 500_000 },
  hostname: 'kvm01',
  kernelRelease: '6.18.4',
  memFreeKb: 30_000_000,
  hzFrom: 'config',
  ksmAvailable: true,
  knobs: { run: 1, pages_to_scan: 100 },
  counters: { pages_shared: 1 },
  ksmtuned: { enabled: false, variant: 'debian', values: {} },
};

function measurement(host: unknown, ksmFlag: number) {
  const R = RESIDENT | MERGEABLE;
  return decodeMeasurement(
    encodeMeasurement({
      pageSize: 4096,
      sharedContentCount: 1,
      meta: { source: 'live', runId: 'r', time: '2026-12-05T05:10:00.123Z', host: host as Record<string, unknown>, assumed: [] },
      processes: [
        { pid: 10, comm: 'qemu-system-x86', argv: ['/usr/bin/qemu-system-x86_64', '-m', '2G', '-name', 'guest=vm1'], name: 'vm1', kind: 'qemu', merge: 'none', regions: [{ startPage: 100, ids: [2, 0, 1], flags: [RESIDENT | THP, RESIDENT | THP, RESIDENT] }] },
        { pid: 11, comm: 'redis-server', argv: ['redis-server'], name: 'redis-server', kind: 'process', merge: 'madvise', regions: [{ startPage: 5, ids: [2, 1], flags: [R | ksmFlag, R] }] },
      ],
    }),
  );
}

test('QEMU processes become measured guests, others measured processes, with the host as read', () => {
  const s = measurementToScenario(measurement(facts, 0), 'kvm01.samepage-content');
  assert.equal(s.name, 'host kvm01, measured 2026-12-05 05:10 UTC');
  assert.deepEqual(s.measurement, { file: 'kvm01.samepage-content', source: 'live', startsFrom: 'nothing', assumed: [] });
  assert.deepEqual(s.guests, [{ name: 'vm1', count: 1, memoryMiB: 2048, profile: 'measured', memMerge: false, thp: true, binary: '/usr/bin/qemu-system-x86_64', measured: { process: 0 } }]);
  assert.deepEqual(s.processes, [{ name: 'redis-server', merge: 'madvise', measured: { process: 1 } }]);
  assert.deepEqual(s.host, facts.scenario);
  assert.deepEqual(s.knobs, facts.knobs);
  assert.equal(s.durationSeconds, 1800);
  assert.match(s.description!, /2 process\(es\).*20\.0% zero pages, 40\.0% pages whose content is on another page too/);
});

test('KSM off and no ksmtuned: the scenario switches KSM on to answer what it would save, and says so', () => {
  const off = measurementToScenario(measurement({ ...facts, knobs: { run: 0, pages_to_scan: 100 } }, 0), 'x');
  assert.deepEqual(off.knobs, { run: 1, pages_to_scan: 100 });
  assert.match(off.description!, /KSM is off on this host \(run=0\).*switches it on \(knobs\.run=1\).*--set knobs\.run=0/);
  assert.doesNotMatch(measurementToScenario(measurement(facts, 0), 'x').description!, /KSM is off/);
});

test('pages KSM merged already: the scenario starts from the current merges', () => {
  assert.equal(measurementToScenario(measurement(facts, KSM), 'x').measurement.startsFrom, 'current-merges');
});

test('a file without usable host facts is refused by name', () => {
  assert.throws(() => measurementToScenario(measurement(undefined, 0), 'edited.samepage-content'), (e: unknown) => e instanceof MeasurementScenarioError && /edited\.samepage-content: the measurement holds no host facts/.test(e.message));
  assert.throws(() => measurementToScenario(measurement({ ...facts, scenario: { ...facts.scenario, hz: 'x' } }, 0), 'f'), /no hz/);
});
