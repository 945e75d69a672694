/** libvirt domains and Proxmox VM configs as what-if guests, through the one document → scenario path. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { scenarioDocumentKind, scenarioFromDocument, scenarioFromGuestDocuments, type ScenarioDocument } from '../../../engine/whatif/documentScenario';
import { seedScenario } from '../../../engine/whatif/seed';
import { validateScenario } from '../../../engine/whatif/validate';
import { scenarioToSimConfig } from '../../../engine/whatif/toSimConfig';
import { runWhatIf } from '../../../engine/whatif/run';
import { simulate } from '../../../engine/sim/simulate';
import type { Scenario } from '../../../engine/whatif/scenario';

const doc = (fileName: string, text = readFileSync(fileName, 'utf8')): ScenarioDocument => ({ fileName, text, kind: scenarioDocumentKind(fileName, text), label: fileName });
const LIBVIRT = 'test/fixtures/libvirt';

test('a domain on a shared NUMA cell keeps its full size, its name, and says how much can merge', () => {
  const read = scenarioFromDocument(doc(`${LIBVIRT}/numa-one-cell-shared.xml`), seedScenario());
  assert.ok(read.ok);
  const s = read.raw as Scenario;
  assert.equal(s.guests.length, 1);
  const g = s.guests[0];
  assert.deepEqual([g.name, g.memoryMiB, g.memMerge, g.mergeableMiB, g.binary], ['numa-one-cell-shared', 4096, true, 3072, '/usr/bin/qemu-system-x86_64']);
  assert.ok(read.notes.some((n) => /3072 of its 4096 MiB can merge/.test(n)), read.notes.join('\n'));
  assert.ok(validateScenario(s).ok);
});

test('nosharepages, a shared memfd and huge pages are guests KSM never merges; a refused domain is left out with the reason', () => {
  const docs = ['nosharepages.xml', 'memfd-default-shared.xml', 'hugepages.xml', 'unit-2gb.xml', 'value-fraction.xml', 'numa-private-cell-in-shared.xml'].map((f) => doc(`${LIBVIRT}/${f}`));
  docs.push(doc('notes.txt', 'hello\n'));
  const read = scenarioFromGuestDocuments(docs, seedScenario(), LIBVIRT);
  assert.ok(read.ok);
  const s = read.raw as Scenario;
  assert.deepEqual(
    s.guests.map((g) => [g.name, g.memoryMiB, g.memMerge, g.mergeableMiB]),
    [
      ['nosharepages', 1024, false, undefined],
      ['memfd-default-shared', 1024, false, undefined],
      ['hugepages', 1024, false, undefined],
      ['unit-2gb', 1908, true, undefined],
      ['numa-private-cell-in-shared', 2048, true, 1024],
    ],
  );
  assert.ok(read.notes.some((n) => /value-fraction\.xml: libvirt refuses it/.test(n)), read.notes.join('\n'));
  assert.ok(read.notes.some((n) => /not guest definitions, left out: notes\.txt/.test(n)));
  assert.ok(validateScenario(s).ok);
  assert.equal(scenarioFromGuestDocuments([doc('notes.txt', 'hello\n')], seedScenario(), 'x').ok, false);
});

test('a Proxmox VM config becomes a guest named after the VM, as qemu-server starts it', () => {
  const text = 'memory: 4096\nname: db1\nostype: l26\nsockets: 1\nallow-ksm: 0\n';
  const read = scenarioFromDocument(doc('/etc/pve/qemu-server/120.conf', text), seedScenario());
  assert.ok(read.ok);
  const g = (read.raw as Scenario).guests[0];
  assert.deepEqual([g.name, g.memoryMiB, g.memMerge, g.binary], ['db1', 4096, false, '/usr/bin/kvm']);
});

test('mergeableMiB is validated against memoryMiB and reaches the simulator as a region ksmd never scans', () => {
  const s = seedScenario();
  s.guests = [{ ...s.guests[0], count: 1, memoryMiB: 1024, mergeableMiB: 2048 }];
  const bad = validateScenario(s);
  assert.ok(!bad.ok && bad.errors.some((e) => /guests\[0\]\.mergeableMiB/.test(e)), JSON.stringify(bad));
  s.guests[0].mergeableMiB = 256;
  const config = scenarioToSimConfig(s);
  const regions = config.processes[0].regions;
  assert.deepEqual(regions.map((r) => r.mergeable), [undefined, false]);
  assert.equal(regions[1].pages, (768 * 1048576) / 4096);
});

test('only the mergeable part merges: a guest with half of its RAM out of reach saves less', () => {
  const run = (mergeableMiB?: number) => {
    const s = seedScenario();
    s.durationSeconds = 120;
    s.knobs = { ...s.knobs, pages_to_scan: 5000, sleep_millisecs: 10, run: 1 };
    s.ksmtuned.enabled = false;
    s.guests = [{ name: 'a', count: 2, memoryMiB: 512, profile: 'linux-server-idle', memMerge: true, thp: false, ...(mergeableMiB !== undefined ? { mergeableMiB } : {}) }];
    const checked = validateScenario(s);
    assert.ok(checked.ok, JSON.stringify(checked));
    const samples = runWhatIf(checked.scenario, simulate).result.samples;
    return samples[samples.length - 1].ksm.pages_sharing;
  };
  const all = run();
  const half = run(256);
  const none = run(0);
  assert.ok(all > 0, `all: ${all}`);
  assert.ok(half > 0 && half < all * 0.75, `half ${half} vs all ${all}`);
  assert.equal(none, 0);
});
