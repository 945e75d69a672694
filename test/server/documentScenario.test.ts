import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspHarness } from './lspHarness';
import { DocumentScenarioRequest, type RequestResult } from '../../server/protocol';
import type { Scenario } from '../../engine/whatif/scenario';

type Result = RequestResult<typeof DocumentScenarioRequest>;

test('samepage/documentScenario reads QEMU guests and knob writes from an open shell script', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  const uri = 'file:///srv/start%20guests.sh';
  const script = [
    '#!/bin/bash',
    'echo 1000 > /sys/kernel/mm/ksm/pages_to_scan',
    'echo 1 > /sys/kernel/mm/ksm/run',
    'qemu-system-x86_64 -enable-kvm -m 4G -machine pc,mem-merge=off -name a &',
    'sudo /usr/libexec/qemu-kvm -m 2048 -name b &',
    'qemu-system-x86_64 -m "$RAM" -name c &',
    '',
  ].join('\n');
  await lsp.open(uri, script, 'shellscript');
  const result = await lsp.request<Result>(DocumentScenarioRequest.method, { uri, label: 'start guests.sh' });
  assert.ok(result?.ok);
  assert.equal(result.kind, 'shell');
  const scenario = result.raw as Scenario;
  assert.deepEqual(
    scenario.guests.map((g) => [g.memoryMiB, g.memMerge, g.binary]),
    [
      [4096, false, 'qemu-system-x86_64'],
      [2048, true, '/usr/libexec/qemu-kvm'],
    ],
  );
  assert.equal(scenario.knobs.pages_to_scan, 1000);
  assert.equal(scenario.knobs.run, 1);
  assert.ok(result.notes.some((n) => /line 6 \(qemu-system-x86_64\).*"\$RAM".*variable/.test(n)), result.notes.join('\n'));
  assert.ok(result.notes.some((n) => n.includes('start guests.sh')), 'notes name the document by the label');
  lsp.dispose();
});

test('samepage/documentScenario answers null for an unknown document and survives bad params', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  assert.equal(await lsp.request(DocumentScenarioRequest.method, { uri: 'file:///nope', label: 'nope' }), null);
  assert.equal(await lsp.request(DocumentScenarioRequest.method, { uri: 42 }), null);
  lsp.dispose();
});

test('samepage/documentScenario gives a ksmtuned.conf its effective values and the value ranges Apply edits', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  const uri = 'file:///etc/ksmtuned.conf';
  const text = '# tuned\nKSM_THRES_COEF=95\nKSM_NPAGES_MAX=\n';
  await lsp.open(uri, text);
  const result = await lsp.request<Result>(DocumentScenarioRequest.method, { uri, label: 'ksmtuned.conf' });
  assert.ok(result?.ok);
  assert.equal(result.kind, 'ksmtuned');
  assert.deepEqual(result.facts.ksmtunedValues, { KSM_THRES_COEF: '95' });
  assert.deepEqual((result.raw as Scenario).ksmtuned.values, { KSM_THRES_COEF: '95' });
  const coef = result.facts.ksmtunedAssignments!.KSM_THRES_COEF;
  assert.equal(text.slice(coef.start, coef.end), '95');
  const max = result.facts.ksmtunedAssignments!.KSM_NPAGES_MAX;
  assert.equal(max.start, max.end, 'an empty assignment still has a place to write into');
  lsp.dispose();
});
