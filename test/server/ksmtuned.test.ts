import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, CodeLens, CompletionItem, CompletionList, DocumentSymbol, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspHarness } from './lspHarness';

const URI = 'file:///etc/ksmtuned.conf';
const TEXT = 'KSM_NPAGES_MAX = 100\nDEBUG=0\nKSM_THRES_COEF=20\nKSM_NPAGES_MAXX=3\n';

async function open(text = TEXT, host = { meminfo: { MemTotal: 24684092 } }) {
  const lsp = new LspHarness(host);
  await lsp.initialize();
  const diagnostics = await lsp.open(URI, text);
  return { lsp, diagnostics };
}

test('ksmtuned diagnostics over JSON-RPC: rule ids, severities, ranges and rule links', async () => {
  const { lsp, diagnostics } = await open();
  const byCode = new Map(diagnostics.map((d) => [d.code, d]));
  const spaces = byCode.get('ksmtuned/spaces-around-equals')!;
  assert.equal(spaces.severity, 1);
  assert.deepEqual(spaces.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 20 } });
  assert.match(spaces.codeDescription?.href ?? '', /ksmtuned-spaces-around-equals/);
  assert.equal(byCode.get('ksmtuned/debug-zero')?.severity, 2);
  assert.equal(byCode.get('ksmtuned/unknown-variable')?.severity, 3);
  lsp.dispose();
});

test('quick fixes arrive as code actions with workspace edits', async () => {
  const { lsp, diagnostics } = await open();
  const spaces = diagnostics.find((d) => d.code === 'ksmtuned/spaces-around-equals')!;
  const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: URI }, range: spaces.range, context: { diagnostics: [spaces] } });
  const fix = actions.find((a) => a.title === 'Write KSM_NPAGES_MAX=100');
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.deepEqual(fix.edit?.changes?.[URI], [{ range: spaces.range, newText: 'KSM_NPAGES_MAX=100' }]);
  assert.ok(actions.some((a) => /disable|silence/i.test(a.title)), 'the generic disable-comment action is offered too');
  lsp.dispose();
});

test('hover shows meaning, default, effective value, knob and the value on this host', async () => {
  const { lsp } = await open();
  const hover = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 2, character: 5 } });
  const md = (hover.contents as MarkupContent).value;
  assert.match(md, /\*\*KSM_THRES_COEF\*\*/);
  assert.match(md, /Default \| `20`/);
  assert.match(md, /Effective value \| `20` \(line 3\)/);
  assert.match(md, /thres = 20% of MemTotal = 4\.7 GiB here/);
  const max = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 3 } });
  assert.match((max.contents as MarkupContent).value, /`1250` \(the default\)/, 'KEY = value leaves the default in effect');
  assert.match((max.contents as MarkupContent).value, /pages_to_scan/);
  lsp.dispose();
});

test('completion offers variable names, then typical values after NAME=', async () => {
  const { lsp } = await open('KSM_NP\nKSM_NPAGES_MAX=\n');
  const names = await lsp.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 0, character: 6 } });
  const labels = (Array.isArray(names) ? names : names.items).map((i) => i.label);
  assert.ok(labels.includes('KSM_NPAGES_MAX') && labels.includes('KSM_MONITOR_INTERVAL'));
  const values = await lsp.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 1, character: 15 } });
  const valueLabels = (Array.isArray(values) ? values : values.items).map((i) => i.label);
  assert.ok(valueLabels.includes('1250'), JSON.stringify(valueLabels));
  lsp.dispose();
});

test('document symbols and the Run what-if code lens', async () => {
  const { lsp } = await open('KSM_NPAGES_MIN=64\nexport DEBUG=1\nf() { :; }\n');
  const symbols = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
  assert.deepEqual(symbols.map((s) => s.name), ['KSM_NPAGES_MIN', 'DEBUG', 'f']);
  const lenses = await lsp.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: URI } });
  const whatIf = lenses.find((l) => l.command?.command === 'samepage.runWhatIf');
  assert.ok(whatIf);
  assert.equal(whatIf.command?.title, 'Run what-if');
  assert.deepEqual(whatIf.command?.arguments, [URI]);
  assert.deepEqual(whatIf.range.start, { line: 0, character: 0 });
  lsp.dispose();
});

test('the server survives hostile confs and keeps answering', async () => {
  const { lsp } = await open('');
  for (const text of ['"\n$(\n`', '\u0000\ufeff\r\n${${${', 'KSM_X=(' + '('.repeat(5000), 'if '.repeat(3000)]) {
    const diagnostics = await lsp.change(URI, text);
    assert.ok(Array.isArray(diagnostics));
  }
  const hover = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 1 } });
  assert.ok(hover === null || typeof hover === 'object');
  lsp.dispose();
});

test('completion of an already assigned variable takes you to its assignment instead of adding a duplicate line', async () => {
  const { lsp } = await open('KSM_THRES_COEF=20\nKSM_\n');
  const result = await lsp.request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 1, character: 4 } });
  const items = Array.isArray(result) ? result : result.items;
  const coef = items.find((i) => i.label === 'KSM_THRES_COEF')!;
  assert.equal((coef.textEdit as { newText: string }).newText, '', 'nothing is inserted');
  assert.equal(coef.detail, 'set on line 1: go there');
  assert.deepEqual(coef.command?.arguments, [URI, { start: { line: 0, character: 15 }, end: { line: 0, character: 17 } }]);
  assert.equal(coef.command?.command, 'samepage.revealRange');
  const max = items.find((i) => i.label === 'KSM_NPAGES_MAX')!;
  assert.equal((max.textEdit as { newText: string }).newText, 'KSM_NPAGES_MAX=1250', 'an unset variable is still inserted with its default');
  assert.equal(max.command, undefined);
  lsp.dispose();
});
