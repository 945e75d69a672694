import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspHarness } from './lspHarness';
import { SCENARIO_FACTS_REQUEST, type ScenarioFactsResult } from '../../server/protocol';

test('samepage/scenarioFacts reads QEMU guests and knob writes from an open shell script', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  const uri = 'file:///srv/start-guests.sh';
  const script = [
    '#!/bin/bash',
    'echo 1000 > /sys/kernel/mm/ksm/pages_to_scan',
    'echo 1 > /sys/kernel/mm/ksm/run',
    'qemu-system-x86_64 -enable-kvm -m 4G -machine pc,mem-merge=off -name a &',
    'qemu-system-x86_64 -enable-kvm -m 2048 -name b &',
    '',
  ].join('\n');
  await lsp.open(uri, script, 'shellscript');
  const result = await lsp.request<ScenarioFactsResult>(SCENARIO_FACTS_REQUEST, { uri });
  assert.equal(result.kind, 'shell');
  assert.deepEqual(
    result.facts.guests?.map((g) => [g.memoryMiB, g.memMerge]),
    [[4096, false], [2048, true]],
  );
  assert.equal(result.facts.knobs?.pages_to_scan, 1000);
  assert.equal(result.facts.knobs?.run, 1);
  lsp.dispose();
});

test('samepage/scenarioFacts answers null for an unknown document and survives bad params', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  assert.equal(await lsp.request(SCENARIO_FACTS_REQUEST, { uri: 'file:///nope' }), null);
  assert.equal(await lsp.request(SCENARIO_FACTS_REQUEST, { uri: 42 }), null);
  lsp.dispose();
});

test('samepage/scenarioFacts gives a ksmtuned.conf its effective values and the value ranges Apply edits', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  const uri = 'file:///etc/ksmtuned.conf';
  const text = '# tuned\nKSM_THRES_COEF=95\nKSM_NPAGES_MAX=\n';
  await lsp.open(uri, text);
  const result = await lsp.request<ScenarioFactsResult>(SCENARIO_FACTS_REQUEST, { uri });
  assert.equal(result.kind, 'ksmtuned');
  assert.deepEqual(result.facts.ksmtunedValues, { KSM_THRES_COEF: '95' });
  const coef = result.facts.ksmtunedAssignments!.KSM_THRES_COEF;
  assert.equal(text.slice(coef.start, coef.end), '95');
  const max = result.facts.ksmtunedAssignments!.KSM_NPAGES_MAX;
  assert.equal(max.start, max.end, 'an empty assignment still has a place to write into');
  lsp.dispose();
});
