import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { LspHarness } from './lspHarness';
import { SET_END_OF_LINE_COMMAND } from '../../server/protocol';

test('a CRLF conf gets one finding, and its fix is an end-of-line change (a command), not CR deletions', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  const uri = 'file:///etc/ksmtuned.conf';
  const diagnostics = await lsp.open(uri, 'KSM_NPAGES_MAX=100\r\nKSM_SLEEP_MSEC=10\r\nKSM_THRES_COEF=20\r\n');
  assert.deepEqual(diagnostics.map((d) => d.code), ['ksmtuned/crlf'], JSON.stringify(diagnostics.map((d) => d.message)));
  assert.ok(!String(diagnostics[0].message).includes('\r'), 'no raw CR in a message');
  const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
  const convert = actions.find((a) => a.title === 'Convert every line end to LF');
  assert.ok(convert, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(convert.edit, undefined);
  assert.deepEqual(convert.command, { title: 'Convert every line end to LF', command: SET_END_OF_LINE_COMMAND, arguments: [uri, 'LF'] });
  lsp.dispose();
});

test('a saved conf with some CRLF lines is reported although the editor shows it with LF', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-eol-'));
  const path = join(dir, 'ksmtuned.conf');
  writeFileSync(path, 'KSM_THRES_COEF=20\nKSM_NPAGES_MAX=100\r\nKSM_SLEEP_MSEC=10\n');
  const uri = pathToFileURL(path).href;
  const lsp = new LspHarness();
  await lsp.initialize();
  const shown = 'KSM_THRES_COEF=20\nKSM_NPAGES_MAX=100\nKSM_SLEEP_MSEC=10\n'; // as VS Code normalises it on load
  const diagnostics = await lsp.open(uri, shown);
  const crlf = diagnostics.find((d) => d.code === 'ksmtuned/crlf');
  assert.ok(crlf, JSON.stringify(diagnostics));
  assert.equal(crlf.range.start.line, 1);
  assert.match(String(crlf.message), /On disk, 1 line of this file end in CRLF \(the first is line 2\)/);
  // Once the editor's text differs from the file in more than line ends, the file no longer speaks for it.
  const edited = await lsp.change(uri, shown.replace('20', '30'));
  assert.ok(!edited.some((d) => d.code === 'ksmtuned/crlf'));
  lsp.dispose();
});

test('"Disable RULE for this line" on a continued command puts the comment before the command, and it silences the finding', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  const uri = 'file:///srv/vms/start.sh';
  const text = '#!/bin/sh\nqemu-system-x86_64 -m 1G \\\n  -M q35,mem-merge=ON \\\n  -display none\n';
  const diagnostics = await lsp.open(uri, text, 'shellscript');
  const bool = diagnostics.find((d) => d.code === 'qemu/invalid-bool');
  assert.ok(bool);
  assert.equal(bool.range.start.line, 2);
  const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: bool.range, context: { diagnostics: [bool] } });
  const disable = actions.find((a) => a.title === 'Disable qemu/invalid-bool for this line');
  const edit = disable?.edit?.changes?.[uri]?.[0];
  assert.ok(edit, JSON.stringify(actions.map((a) => a.title)));
  assert.deepEqual(edit.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } });
  const lines = text.split('\n');
  lines.splice(1, 0, edit.newText.replace(/\n$/, ''));
  const after = await lsp.change(uri, lines.join('\n'));
  assert.ok(!after.some((d) => d.code === 'qemu/invalid-bool'), JSON.stringify(after.map((d) => d.code)));
  lsp.dispose();
});
