import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspHarness } from './lspHarness';

test('a file: URI with a malformed % escape neither kills the server nor stops it serving other documents', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  const bad = 'file:///etc/ksmtuned%.conf';
  await lsp.open(bad, 'KSM_NPAGES_MAX=1\n');
  // The edit goes through the delayed diagnostics timer, where the decode used to throw.
  const afterEdit = await lsp.change(bad, 'KSM_NPAGES_MAX=x\n');
  assert.ok(Array.isArray(afterEdit));
  const hover = await lsp.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: bad }, position: { line: 0, character: 2 } });
  assert.match(hover?.contents.value ?? '', /KSM_NPAGES_MAX/);

  const good = 'file:///etc/ksmtuned.conf';
  const diagnostics = await lsp.open(good, 'KSM_NPAGES_MAX=1\u0000\n');
  assert.ok(diagnostics.length > 0, 'the other document still gets its diagnostics');
  const symbols = await lsp.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: good } });
  assert.ok(symbols.length > 0);
  lsp.dispose();
});

test('a didOpen whose text or URI is not a string does not poison the document for later well-formed messages', async () => {
  const lsp = new LspHarness();
  const errors: string[] = [];
  lsp.client.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    if (p.type === 1) errors.push(p.message);
  });
  await lsp.initialize();
  const uri = 'file:///etc/ksmtuned.conf';
  await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'ksmtuned', version: 0, text: null } });
  await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri: 42, languageId: 'ksmtuned', version: 1, text: 'x' } });
  const diagnostics = await lsp.change(uri, 'KSM_NPAGES_MAX=1\u0000\n');
  assert.ok(diagnostics.some((d) => d.code === 'samepage/binary-content'));
  const hover = await lsp.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
  assert.match(hover?.contents.value ?? '', /KSM_NPAGES_MAX/);
  assert.deepEqual(errors, []);
  lsp.dispose();
});
