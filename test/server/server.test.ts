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
