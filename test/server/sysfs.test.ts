import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, CompletionItem, Hover } from 'vscode-languageserver-protocol';
import { LspHarness } from './lspHarness';

const HOST = { pageSize: 4096, kernelRelease: '6.18.44', ksm: { run: '1', pages_shared: '60', pages_sharing: '14940', pages_unshared: '0', ksm_zero_pages: '0' } };

test('sysfs diagnostics over JSON-RPC carry the rule id, a docs link, and quick fixes as code actions', async () => {
  const lsp = new LspHarness(HOST);
  await lsp.initialize();
  const uri = 'file:///etc/ksm-setup.sh';
  const text = '#!/bin/sh\necho 0x10 > /sys/kernel/mm/ksm/pages_to_scan\necho 0 > /sys/kernel/mm/ksm/merge_across_nodes\n';
  const diagnostics = await lsp.open(uri, text, 'shellscript');
  const einval = diagnostics.find((d) => d.code === 'sysfs/einval');
  assert.ok(einval, JSON.stringify(diagnostics));
  assert.deepEqual(einval.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 9 } });
  assert.match(einval.codeDescription!.href, /docs\/rules\/sysfs\.md#sysfs-einval$/);
  const ebusy = diagnostics.find((d) => d.code === 'sysfs/ebusy');
  assert.ok(ebusy);
  const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: einval.range, context: { diagnostics: [einval] } });
  const fix = actions.find((a) => a.title === 'Write 16');
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(fix.edit!.changes![uri][0].newText, '16');
  const unmerge = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: ebusy.range, context: { diagnostics: [ebusy] } });
  assert.equal(unmerge[0].edit!.changes![uri][0].newText, 'echo 2 > /sys/kernel/mm/ksm/run\n');
  lsp.dispose();
});

test('hover shows the knob facts and this host\'s live value with MiB saved', async () => {
  const lsp = new LspHarness(HOST);
  await lsp.initialize();
  const uri = 'file:///etc/sysfs.d/ksm.conf';
  await lsp.open(uri, 'kernel/mm/ksm/run = 1\n# pages_sharing is what we watch\n', 'plaintext');
  const hover = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 5 } });
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /pages_sharing/);
  assert.match(value, /58\.4 MiB saved/);
  assert.deepEqual(hover.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 15 } });
  const none = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 19 } });
  assert.equal(none, null);
  lsp.dispose();
});

test('completion offers knob names and values; the kernel.version setting hides newer knobs', async () => {
  const lsp = new LspHarness({});
  lsp.settings = { kernel: { version: '6.6' } };
  await lsp.initialize();
  const uri = 'file:///etc/tmpfiles.d/ksm.conf';
  await lsp.open(uri, 'w /sys/kernel/mm/ksm/\nw /sys/kernel/mm/ksm/run - - - - \nw /sys/kernel/mm/ksm/smart_scan - - - - 1\n', 'plaintext');
  const names = await lsp.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 21 } });
  assert.ok(names.some((c) => c.label === 'pages_to_scan'));
  assert.ok(!names.some((c) => c.label === 'smart_scan'), 'smart_scan is 6.7+');
  const values = await lsp.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 33 } });
  assert.deepEqual(values.map((c) => c.label), ['0', '1', '2']);
  const diagnostics = await lsp.change(uri, 'w /sys/kernel/mm/ksm/smart_scan - - - - 1\n');
  assert.deepEqual(diagnostics.map((d) => d.code), ['sysfs/knob-not-in-kernel']);
  lsp.dispose();
});

test('random and binary documents over JSON-RPC: diagnostics stay inside the document, hover and completion answer', async () => {
  const fc = (await import('fast-check')).default;
  const lsp = new LspHarness(HOST);
  await lsp.initialize();
  const names = ['file:///x/a.sh', 'file:///etc/sysfs.conf', 'file:///etc/tmpfiles.d/k.conf', 'file:///etc/systemd/system/k.service', 'file:///x/README.md'];
  const texts = fc.sample(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.array(fc.constantFrom('echo ', '0x10', ' > ', '/sys/kernel/mm/ksm/', 'run', 'pages_sharing', ' = ', '\n', "'", '"', '\u0000', 'w ', ' - - - - ', '\r\n', '😀'), { maxLength: 40 }).map((p) => p.join('')),
    ),
    { numRuns: 25, seed: 42 },
  );
  let k = 0;
  for (const text of texts) {
    const uri = names[k++ % names.length];
    const diagnostics = k <= names.length ? await lsp.open(uri, text, 'plaintext') : await lsp.change(uri, text);
    const lines = text.split('\n');
    for (const d of diagnostics) {
      for (const p of [d.range.start, d.range.end]) {
        assert.ok(p.line >= 0 && p.line < lines.length, `${d.code} line ${p.line} of ${lines.length}`);
        assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `${d.code} character ${p.character}`);
      }
    }
    const position = { line: Math.max(0, lines.length - 1), character: 0 };
    await lsp.request('textDocument/hover', { textDocument: { uri }, position });
    await lsp.request('textDocument/completion', { textDocument: { uri }, position });
  }
  lsp.dispose();
});
