import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspHarness } from './lspHarness';

test('the server initialises over JSON-RPC and advertises its features', async () => {
  const lsp = new LspHarness();
  const result = (await lsp.initialize()) as { capabilities: Record<string, unknown> };
  for (const feature of ['hoverProvider', 'completionProvider', 'codeActionProvider', 'documentSymbolProvider', 'codeLensProvider']) {
    assert.ok(result.capabilities[feature], feature);
  }
  lsp.dispose();
});

test('a binary ksmtuned.conf gets a diagnostic and a disable-comment quick fix', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  const uri = 'file:///etc/ksmtuned.conf';
  const diagnostics = await lsp.open(uri, 'KSM_NPAGES_MAX=1\u0000\n');
  const binary = diagnostics.find((d) => d.code === 'samepage/binary-content');
  assert.ok(binary, JSON.stringify(diagnostics));
  assert.deepEqual(binary.range, { start: { line: 0, character: 16 }, end: { line: 0, character: 17 } });
  const cleared = await lsp.change(uri, 'KSM_NPAGES_MAX=1\n');
  assert.equal(cleared.filter((d) => d.code === 'samepage/binary-content').length, 0);
  lsp.dispose();
});

test('positions follow LSP lines: a lone \\r ends a line for the client, so diagnostics below it land on the right line', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  const diagnostics = await lsp.open('file:///etc/ksmtuned.conf', 'DEBUG=\rKSM_NPAGES_MAX=1\u0000\n');
  const binary = diagnostics.find((d) => d.code === 'samepage/binary-content');
  assert.deepEqual(binary?.range, { start: { line: 1, character: 16 }, end: { line: 1, character: 17 } });
  const hover = await lsp.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: 'file:///etc/ksmtuned.conf' }, position: { line: 1, character: 3 } });
  assert.match(hover?.contents.value ?? '', /KSM_NPAGES_MAX/);
  lsp.dispose();
});
