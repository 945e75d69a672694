import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMeasurement, encodeMeasurement, KSM, MERGEABLE, RESIDENT, THP } from '../../../engine/measure/format';
import { simulate } from '../../../engine/sim/simulate';
import { measurementMismatches } from '../../../engine/whatif/measured';
import { scenarioToSimConfig } from '../../../engine/whatif/toSimConfig';
import type { Scenario } from '../../../engine/whatif/scenario';
import { measuredScenario, smallMeasurement } from './measuredFixture';

const R = RESIDENT | MERGEABLE;

/** Two processes of 200 pages of one content; a's first 100 pages changed 5 times in a 10 s window. */
function churned(churn: boolean) {
  return decodeMeasurement(
    encodeMeasurement({
      pageSize: 4096,
      sharedContentCount: 1,
      meta: { source: 'live', runId: 't', time: 't', assumed: [], churn: { windowSeconds: 10, passes: 6 } },
      processes: ['a', 'b'].map((name, i) => ({
        pid: 10 + i, comm: name, argv: [name], name, kind: 'process' as const, merge: 'madvise' as const,
        regions: [{ startPage: 0x1000 * (i + 1), ids: Array(200).fill(2), flags: Array(200).fill(R), churn: churn && i === 0 ? Array.from({ length: 100 }, (_, k) => ({ page: k, changes: 5, last: 'fresh' as const })) : [] }],
      })),
    }),
  );
}

function processesScenario(knobs: Scenario['knobs']): Scenario {
  const s = measuredScenario('x');
  s.guests = [];
  s.processes = [{ name: 'a', merge: 'madvise', measured: { process: 0 } }, { name: 'b', merge: 'madvise', measured: { process: 1 } }];
  s.knobs = knobs;
  s.durationSeconds = 60;
  return s;
}

test('measured churn: pages rewritten faster than ksmd comes back never merge; the others do', () => {
  // 10 pages every 100 ms: a pass over 400 pages takes about 4 s, the churned pages change every 2 s.
  const slow = { run: 1 as const, pages_to_scan: 10, sleep_millisecs: 100 };
  const calm = simulate(scenarioToSimConfig(processesScenario(slow), churned(false)));
  const busy = simulate(scenarioToSimConfig(processesScenario(slow), churned(true)));
  const final = (r: typeof calm) => r.samples[r.samples.length - 1].ksm;
  assert.equal(final(calm).pages_sharing, 400 - 2); // 400 pages, max_page_sharing 256: 2 KSM pages
  assert.equal(final(busy).pages_sharing, 300 - 2);
  assert.ok(final(busy).pages_volatile > 0);
  const config = scenarioToSimConfig(processesScenario(slow), churned(true));
  assert.deepEqual(config.processes[0].writes, [{ kind: 'rate', pagesPerSecond: 50, target: { set: 0 }, mode: 'new' }]);
  assert.deepEqual([...config.processes[0].pageSets![0]].slice(0, 3), [0, 1, 2]);
});

test('a measured region off a 2 MiB boundary keeps its huge blocks where the kernel has them', () => {
  const m = decodeMeasurement(
    encodeMeasurement({
      pageSize: 4096,
      sharedContentCount: 0,
      meta: { source: 'live', runId: 't', time: 't', assumed: [] },
      processes: [{ pid: 1, comm: 'q', argv: ['q'], name: 'q', kind: 'qemu', merge: 'madvise', regions: [{ startPage: 512 * 7 + 100, ids: Array(1024).fill(0), flags: [...Array(412).fill(R), ...Array(612).fill(R | THP)] }] }],
    }),
  );
  const s = measuredScenario('x');
  s.guests = [{ name: 'q', count: 1, memoryMiB: 16, profile: 'measured', memMerge: true, thp: true, measured: { process: 0 } }];
  s.processes = [];
  const regions = scenarioToSimConfig(s, m).processes[0].regions;
  assert.deepEqual(regions.map((r) => [r.pages, r.thp]), [[412, false], [612, true]]);
  const first = simulate({ ...scenarioToSimConfig(s, m), durationSeconds: 0.01, sampleIntervalSeconds: 0.01 });
  assert.equal(first.samples[0].mem.AnonHugePages, 2048); // one whole huge page; the 100-page tail is not one
  s.guests[0].thp = false;
  assert.deepEqual(scenarioToSimConfig(s, m).processes[0].regions.map((r) => r.thp), [false]);
});

test('the scenario and its measurement must fit: page size, process indexes, each process used once', () => {
  const m = decodeMeasurement(smallMeasurement());
  const s = measuredScenario('x');
  assert.deepEqual(measurementMismatches(s, m), []);
  s.host.pageSize = 16384;
  s.processes = [{ name: 'db', merge: 'madvise', measured: { process: 0 } }];
  assert.deepEqual(measurementMismatches(s, m), [
    'measurement.file: its page size is 4096 bytes, the host\'s 16384',
    'processes[0].measured.process: process 0 is already guests[0].measured',
  ]);
  assert.throws(() => scenarioToSimConfig(measuredScenario('x')), /no measurement was loaded/);
});

test('startsFrom current-merges: pages the host had merged are merged at t=0; nothing: every page starts unmerged', () => {
  const m = decodeMeasurement(
    encodeMeasurement({
      pageSize: 4096,
      sharedContentCount: 1,
      meta: { source: 'live', runId: 't', time: 't', assumed: [] },
      processes: ['a', 'b'].map((name, i) => ({
        pid: 10 + i, comm: name, argv: [name], name, kind: 'process' as const, merge: 'madvise' as const,
        // 100 merged pages of content 2 and 50 single pages the host had merged with something not read
        regions: [{ startPage: 0x1000 * (i + 1), ids: [...Array(100).fill(2), ...Array(50).fill(1)], flags: Array(150).fill(R | KSM) }],
      })),
    }),
  );
  const s = processesScenario({ run: 1 });
  const atStart = (startsFrom: 'nothing' | 'current-merges') => {
    s.measurement = { file: 'x', source: 'live', startsFrom };
    return simulate({ ...scenarioToSimConfig(s, m), durationSeconds: 0.01, sampleIntervalSeconds: 0.01 }).samples[0];
  };
  const merged = atStart('current-merges');
  assert.equal(merged.ksm.pages_shared, 1);
  assert.equal(merged.ksm.pages_sharing, 199);
  assert.equal(merged.procs.a.ksm_merging_pages, 100);
  assert.equal(merged.procs.b.ksm_rmap_items, 100);
  const fresh = atStart('nothing');
  assert.equal(fresh.ksm.pages_sharing, 0);
  assert.equal(fresh.procs.a.ksm_rmap_items, 0);
});
