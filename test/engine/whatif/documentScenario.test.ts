import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioDocumentKind, scenarioFromDocument, SCENARIO_READERS } from '../../../engine/whatif/documentScenario';
import { DOCUMENT_KINDS } from '../../../engine/language/documentKind';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS } from '../../../engine/language/types';
import { seedScenario } from '../../../engine/whatif/seed';
import type { Scenario } from '../../../engine/whatif/scenario';

function read(fileName: string, text: string) {
  const result = scenarioFromDocument({ fileName, text, kind: scenarioDocumentKind(fileName, text), label: fileName }, seedScenario());
  assert.ok(result.ok, result.ok ? '' : result.message);
  return { scenario: result.raw as Scenario, notes: result.notes, kind: result.kind };
}
const guests = (s: Scenario) => s.guests.map((g) => [g.memoryMiB, g.memMerge]);

test('every document kind has a reader', () => {
  for (const kind of [...DOCUMENT_KINDS, 'scenario' as const]) assert.equal(typeof SCENARIO_READERS[kind], 'function', kind);
});

test('every form of QEMU command line that lint checks becomes a guest with its size and mem-merge', () => {
  const script = [
    '#!/bin/bash',
    'sudo qemu-system-x86_64 -m 1G -machine pc,mem-merge=n',
    'exec /usr/bin/qemu-system-x86_64 -m 2G',
    'env QEMU_AUDIO_DRV=none nohup qemu-kvm -m 3G -M q35,mem-merge=no &',
    '/usr/libexec/qemu-kvm -m 4096 -machine pc,mem-merge=false',
    'kvm -m 512 -machine pc,mem-merge=off',
    '',
  ].join('\n');
  const { scenario } = read('start.sh', script);
  assert.deepEqual(guests(scenario), [[1024, false], [2048, true], [3072, false], [4096, false], [512, false]]);
  assert.deepEqual(scenario.guests.map((g) => g.binary), ['qemu-system-x86_64', '/usr/bin/qemu-system-x86_64', 'qemu-kvm', '/usr/libexec/qemu-kvm', 'kvm']);
  // the same lines give lint no error: what lint accepts, the what-if models
  const analysis = analyzeDocument(script, { fileName: 'start.sh' }, { settings: DEFAULT_SETTINGS, host: {} });
  assert.deepEqual(analysis.findings.filter((f) => f.severity === 'error'), []);
});

test('systemd ExecStart= lines (with continuations) and Markdown code blocks', () => {
  const unit = '[Service]\nExecStart=/usr/bin/qemu-system-x86_64 -m 2G \\\n  -machine pc,mem-merge=off\n';
  assert.deepEqual(guests(read('vm.service', unit).scenario), [[2048, false]]);
  const md = '# Notes\n\nStart it with:\n\n```sh\n$ sudo qemu-system-x86_64 -enable-kvm -m 6G\n```\n\n```\nqemu-kvm -m 1G -M pc,mem-merge=off\n```\n\nNot this: `qemu-system-x86_64 -m 9G`.\n';
  const { scenario, kind } = read('notes.md', md);
  assert.equal(kind, 'markdown');
  assert.deepEqual(guests(scenario), [[6144, true], [1024, false]]);
});

test('a guest whose size or flag comes from a variable is left out with a note that says so', () => {
  const { scenario, notes } = read('vms.sh', '#!/bin/bash\nqemu-system-x86_64 -m "$RAM"\nqemu-system-x86_64 -m 1G -machine "$MACHINE"\nqemu-system-x86_64 -m 2G $EXTRA\nqemu-system-x86_64 -m 3G\n');
  assert.deepEqual(guests(scenario), [[3072, true]]);
  assert.ok(notes.some((n) => /line 2 .*"\$RAM".*variable/.test(n)), notes.join('\n'));
  assert.ok(notes.some((n) => /line 3 .*-machine.*"\$MACHINE".*variable/.test(n)), notes.join('\n'));
  assert.ok(notes.some((n) => /line 4 .*\$EXTRA.*variable/.test(n)), notes.join('\n'));
});

test('a command line QEMU refuses is left out with its error; when none is read the base guests stay, said so', () => {
  const { scenario, notes } = read('bad.sh', '#!/bin/bash\nqemu-system-x86_64 -m 1G -machine pc,mem-merge=Off\n');
  assert.deepEqual(scenario.guests, seedScenario().guests);
  assert.ok(notes.some((n) => /line 2 .*mem-merge.*expects 'on' or 'off'/.test(n)), notes.join('\n'));
  assert.ok(notes.some((n) => /guests are the base scenario's/.test(n)));
});

test('scenario files are taken as written; unknown kinds and bad JSON are clear errors', () => {
  assert.equal(scenarioDocumentKind('x.samepage.json', '{}'), 'scenario');
  assert.equal(scenarioDocumentKind('scenario', ' {"guests": []}'), 'scenario');
  assert.deepEqual(read('s.json', '{"name": "x"}').scenario, { name: 'x' });
  const bad = scenarioFromDocument({ fileName: 's.json', text: '{', kind: 'scenario', label: 's.json' }, seedScenario());
  assert.ok(!bad.ok && /s\.json is not valid JSON/.test(bad.message));
  const unknown = scenarioFromDocument({ fileName: 'x.txt', text: 'hello', kind: scenarioDocumentKind('x.txt', 'hello'), label: 'x.txt' }, seedScenario());
  assert.ok(!unknown.ok && /x\.txt is not a scenario/.test(unknown.message));
});

test('a script that sets run or the scan rate itself runs without a controller; other knobs keep ksmtuned', () => {
  const byHand = read('ksm-on.sh', '#!/bin/sh\necho 2000 > /sys/kernel/mm/ksm/pages_to_scan\necho 1 > /sys/kernel/mm/ksm/run\n');
  assert.equal(byHand.scenario.controller, 'none');
  assert.equal(byHand.scenario.ksmtuned.enabled, false);
  assert.deepEqual([byHand.scenario.knobs.run, byHand.scenario.knobs.pages_to_scan], [1, 2000]);
  assert.match(byHand.notes.join('\n'), /ksm-on\.sh sets run, pages_to_scan itself, so no controller runs \(ksmtuned would overwrite them/);
  const zeroPages = read('zero.sh', '#!/bin/sh\necho 1 > /sys/kernel/mm/ksm/use_zero_pages\n');
  assert.equal(zeroPages.scenario.controller ?? 'ksmtuned', 'ksmtuned');
  assert.equal(zeroPages.scenario.ksmtuned.enabled, true);
});

test('a knob written with the kernel default value still replaces the base scenario value', () => {
  const base = seedScenario();
  const { scenario, notes } = read('default.sh', '#!/bin/sh\necho 100 > /sys/kernel/mm/ksm/pages_to_scan\necho 20 > /sys/kernel/mm/ksm/sleep_millisecs\n');
  assert.notEqual(base.knobs.pages_to_scan, 100, 'the seed must hold another value for this test to mean anything');
  assert.deepEqual([scenario.knobs.pages_to_scan, scenario.knobs.sleep_millisecs], [100, 20]);
  assert.match(notes.join('\n'), /KSM knobs from default\.sh: pages_to_scan=100, sleep_millisecs=20/);
});
