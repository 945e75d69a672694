/** libvirt domain XML and Proxmox VM configs through the language server, over JSON-RPC. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspHarness } from './lspHarness';

const hoverText = (hover: Hover | null) => (hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '');

test('an XML document whose root is <domain> gets libvirt diagnostics and hover; other XML gets nothing', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  const uri = 'file:///etc/libvirt/qemu/web1.xml';
  const text = readFileSync('test/fixtures/libvirt/numa-one-cell-shared.xml', 'utf8');
  const diagnostics = await lsp.open(uri, text, 'xml');
  const cell = diagnostics.find((d) => d.code === 'libvirt/never-merges');
  assert.ok(cell, JSON.stringify(diagnostics));
  const cellLine = text.split('\n').findIndex((l) => l.includes("cell id='1'"));
  assert.equal(cell.range.start.line, cellLine);
  assert.match(String(cell.message), /NUMA cell 1/);
  assert.ok(String(cell.codeDescription?.href).endsWith('docs/rules/libvirt.md#libvirt-never-merges'));
  const memoryLine = text.split('\n').findIndex((l) => l.includes('<memory'));
  const hover = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: memoryLine, character: 4 } });
  assert.match(hoverText(hover), /QEMU gets -m 4096/);
  const other = await lsp.open('file:///srv/app/pom.xml', '<project><memory>1</memory></project>\n', 'xml');
  assert.deepEqual(other, []);
  lsp.dispose();
});

test('a Proxmox VM config gets proxmox diagnostics, a disable comment silences one', async () => {
  const lsp = new LspHarness();
  await lsp.initialize();
  const uri = 'file:///etc/pve/qemu-server/101.conf';
  const text = 'memory: 4096\nhugepages: 2\nsockets: 1\n';
  const diagnostics = await lsp.open(uri, text, 'proxmox-vm');
  const start = diagnostics.find((d) => d.code === 'proxmox/does-not-start');
  assert.ok(start, JSON.stringify(diagnostics));
  assert.deepEqual(start.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
  assert.ok(String(start.codeDescription?.href).endsWith('docs/rules/proxmox.md#proxmox-does-not-start'));
  const silenced = await lsp.change(uri, 'memory: 4096\n# samepage-disable-next-line proxmox/does-not-start\nhugepages: 2\n');
  assert.equal(silenced.filter((d) => d.code === 'proxmox/does-not-start').length, 0);
  lsp.dispose();
});
