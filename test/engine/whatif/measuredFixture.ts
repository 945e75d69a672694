/** A small measurement and the scenario `samepage measure` would write for it, shared by the measured what-if tests. */
import { encodeMeasurement, MERGEABLE, RESIDENT, THP } from '../../../engine/measure/format';
import type { Scenario } from '../../../engine/whatif/scenario';

const pages = (id: number, n: number): number[] => Array(n).fill(id);
const R = RESIDENT | MERGEABLE;

/**
 * vm1 (madvise, 1024 pages at a 2 MiB boundary): 400 of content 2, 200 zero, 300 single, 124 not resident.
 * vm2 (QEMU mem-merge=off, 512 pages): 200 of content 2, 200 of content 3, 112 single.
 * db (a madvise process, 100 pages): content 2.
 */
export function smallMeasurement(options: { thp?: boolean; churn?: boolean } = {}): Uint8Array {
  const t = options.thp ? THP : 0;
  return encodeMeasurement({
    pageSize: 4096,
    sharedContentCount: 2,
    meta: { source: 'live', runId: 'fixture', time: '2026-12-05T05:00:00Z', assumed: [], ...(options.churn ? { churn: { windowSeconds: 10, passes: 6 } } : {}) },
    processes: [
      {
        pid: 101, comm: 'qemu-system-x86', argv: ['qemu-system-x86_64', '-name', 'vm1', '-enable-kvm'], name: 'vm1', kind: 'qemu', merge: 'madvise',
        regions: [{
          startPage: 0x100000,
          ids: [...pages(2, 400), ...pages(0, 200), ...pages(1, 300), ...pages(1, 124)],
          flags: [...pages(R | t, 900), ...pages(0, 124)],
          // 100 of the single pages rewritten with fresh content in every one of the 5 intervals
          churn: options.churn ? Array.from({ length: 100 }, (_, k) => ({ page: 600 + k, changes: 5, last: 'fresh' as const })) : [],
        }],
      },
      {
        pid: 102, comm: 'qemu-system-x86', argv: ['qemu-system-x86_64', '-name', 'vm2', '-machine', 'mem-merge=off'], name: 'vm2', kind: 'qemu', merge: 'none',
        regions: [{ startPage: 0x200000, ids: [...pages(2, 200), ...pages(3, 200), ...pages(1, 112)], flags: pages(RESIDENT, 512) }],
      },
      { pid: 103, comm: 'db', argv: ['db'], name: 'db', kind: 'process', merge: 'madvise', regions: [{ startPage: 0x7f0000, ids: pages(2, 100), flags: pages(R, 100) }] },
    ],
  });
}

export function measuredScenario(file: string): Scenario {
  return {
    name: 'fixture host, measured',
    measurement: { file, source: 'live', startsFrom: 'nothing' },
    host: { memTotalKb: 8 * 2 ** 20, pageSize: 4096, hz: 250, cpus: 2, numaNodes: 1, kernel: '6.18', swapKb: 0 },
    knobs: { run: 1 },
    ksmtuned: { enabled: false, variant: 'debian', values: {} },
    guests: [
      { name: 'vm1', count: 1, memoryMiB: 16, profile: 'measured', memMerge: true, thp: true, measured: { process: 0 } },
      { name: 'vm2', count: 1, memoryMiB: 16, profile: 'measured', memMerge: false, thp: true, measured: { process: 1 } },
    ],
    processes: [{ name: 'db', merge: 'madvise', measured: { process: 2 } }],
    durationSeconds: 30,
  };
}
