import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, CompletionItem, Hover } from 'vscode-languageserver-protocol';
import { LspHarness } from './lspHarness';

const uri = 'file:///srv/vms/start.sh';
const text = '#!/bin/sh\nqemu-system-x86_64 -M q35,mem-merge=ON \\\n  -m 1G\n';

test('QEMU findings in a shell script arrive as diagnostics over JSON-RPC, with a quick fix', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  const diagnostics = await lsp.open(uri, text, 'shellscript');
  const bool = diagnostics.find((d) => d.code === 'qemu/invalid-bool');
  assert.ok(bool, JSON.stringify(diagnostics));
  assert.deepEqual(bool.range, { start: { line: 1, character: 36 }, end: { line: 1, character: 38 } });
  assert.match(String(bool.message), /Parameter 'mem-merge' expects 'on' or 'off'/);
  assert.ok(String(bool.codeDescription?.href).endsWith('docs/rules/qemu.md#qemu-invalid-bool'));
  const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: bool.range, context: { diagnostics: [bool] } });
  const fix = actions.find((a) => a.title.includes('mem-merge=on'));
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(fix.edit?.changes?.[uri]?.[0].newText, 'on');
  const fixed = await lsp.change(uri, text.replace('=ON', '=on'));
  assert.equal(fixed.filter((d) => String(d.code).startsWith('qemu/')).length, 0);
  lsp.dispose();
});

test('hover on mem-merge and completion of machine properties over JSON-RPC', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  await lsp.open(uri, text, 'shellscript');
  const hover = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 28 } });
  const value = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  assert.match(value, /mem-merge/);
  assert.match(value, /KSM/);
  assert.match(value, /command:samepage\.runWhatIf/);
  await lsp.change(uri, '#!/bin/sh\nqemu-system-x86_64 -M q35,dump\n');
  const items = await lsp.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 30 } });
  const dump = items.find((i) => i.label === 'dump-guest-core');
  assert.ok(dump, items.map((i) => i.label).join());
  assert.deepEqual((dump.textEdit as { range: unknown }).range, { start: { line: 1, character: 26 }, end: { line: 1, character: 30 } });
  lsp.dispose();
});

test('samepage.qemu.version selects the machine types', async () => {
  const lsp = new LspHarness();
  lsp.settings = { qemu: { version: '7.2' } };
  await lsp.initialize();
  const diagnostics = await lsp.open(uri, '#!/bin/sh\nqemu-system-x86_64 -M pc-q35-9.0\n', 'shellscript');
  const unknown = diagnostics.find((d) => d.code === 'qemu/unknown-machine-type');
  assert.ok(unknown, JSON.stringify(diagnostics));
  lsp.dispose();
});
