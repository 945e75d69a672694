/**
 * LSP fuzzing: generated and mutated JSON-RPC messages through the real language server (the
 * in-memory harness). A message may be refused with an error reply; the server must neither log an
 * exception nor stop answering, and every diagnostic it publishes must lie inside its document.
 */
import fc from 'fast-check';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspHarness } from '../server/lspHarness';

interface Message {
  method: string;
  params: unknown;
  notification: boolean;
  /** Malformed on purpose: the server may log it as an error. */
  hostile?: boolean;
}

const URIS = ['file:///etc/ksmtuned.conf', 'file:///x/start.sh', 'file:///etc/ksmtuned%.conf', 'file:///etc/%E0%A4%A.conf', 'file:///x/README.md', 'untitled:Untitled-1', 'file:///etc/sysfs.conf', '', 'file://', '%'];
const TEXTS = ['KSM_NPAGES_MAX=1\u0000\n', 'qemu-system-x86_64 -machine q35,mem-merge=of\n', 'echo 1 > /sys/kernel/mm/ksm/run\n', "KSM_THRES_COEF='x` ![p](https://example.invalid/t.png) `y'\n", '"$(', '', '\ud800\r\n'];
const REQUESTS = ['textDocument/hover', 'textDocument/completion', 'textDocument/documentSymbol', 'textDocument/codeLens', 'textDocument/codeAction', 'samepage/scenarioFacts', 'no/suchMethod'];
const NOTIFICATIONS = ['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose', 'workspace/didChangeConfiguration', '$/cancelRequest', 'no/suchNotification'];

const odd = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer({ min: -5, max: 1e9 }), fc.double(), fc.string({ maxLength: 6 }), fc.constant({}), fc.constant([]));
const position = fc.record({ line: fc.nat(6), character: fc.nat(40) });
const range = fc.record({ start: position, end: position });
const uri = fc.constantFrom(...URIS);
const text = fc.oneof(fc.constantFrom(...TEXTS), fc.string({ unit: 'binary', maxLength: 120 }));
const doc = fc.record({ uri });
const diagnostic = fc.record({ range, source: fc.constantFrom('samepage', 'other'), code: fc.constantFrom('samepage/binary-content', 'x'), data: fc.oneof(fc.record({ findingIndex: fc.oneof(fc.nat(5), odd) }), odd) });

/** Messages as a client may send them: right shapes, any content (odd URIs, texts, positions past the end). */
const wellFormed: fc.Arbitrary<Message> = fc.oneof(
  ...['textDocument/hover', 'textDocument/completion'].map((method) => fc.record({ method: fc.constant(method), params: fc.record({ textDocument: doc, position }), notification: fc.constant(false) })),
  ...['textDocument/documentSymbol', 'textDocument/codeLens'].map((method) => fc.record({ method: fc.constant(method), params: fc.record({ textDocument: doc }), notification: fc.constant(false) })),
  fc.record({ method: fc.constant('textDocument/codeAction'), params: fc.record({ textDocument: doc, range, context: fc.record({ diagnostics: fc.array(diagnostic, { maxLength: 3 }) }) }), notification: fc.constant(false) }),
  fc.record({ method: fc.constant('samepage/scenarioFacts'), params: fc.oneof(fc.record({ uri }), odd), notification: fc.constant(false) }),
  fc.record({ method: fc.constant('textDocument/didOpen'), params: fc.record({ textDocument: fc.record({ uri, languageId: fc.constantFrom('ksmtuned', 'shellscript', 'markdown', 'plaintext'), version: fc.nat(1000), text }) }), notification: fc.constant(true) }),
  fc.record({ method: fc.constant('textDocument/didChange'), params: fc.record({ textDocument: fc.record({ uri, version: fc.nat(1000) }), contentChanges: fc.array(fc.oneof(fc.record({ text }), fc.record({ range, text })), { minLength: 1, maxLength: 3 }) }), notification: fc.constant(true) }),
  fc.record({ method: fc.constant('textDocument/didClose'), params: fc.record({ textDocument: doc }), notification: fc.constant(true) }),
  fc.record({ method: fc.constant('workspace/didChangeConfiguration'), params: fc.record({ settings: fc.anything({ maxDepth: 2 }) }), notification: fc.constant(true) }),
);

/** Anything at all: wrong shapes, unknown methods. The server may refuse (and log) these, never stop. */
const hostile: fc.Arbitrary<Message> = fc.record({
  method: fc.constantFrom(...REQUESTS, ...NOTIFICATIONS),
  params: fc.oneof(fc.anything({ maxDepth: 3 }), fc.record({ textDocument: fc.oneof(odd, fc.record({ uri: fc.oneof(uri, odd), text: fc.oneof(text, odd), version: odd })), position: fc.oneof(odd, fc.record({ line: odd, character: odd })) }, { requiredKeys: [] })),
  notification: fc.boolean(),
});

/** Well-formed messages must never make the server log an exception; hostile ones may be refused. */
export const lspMessage: fc.Arbitrary<Message> = fc.oneof({ weight: 4, arbitrary: wellFormed }, { weight: 1, arbitrary: hostile.map((m) => ({ ...m, hostile: true })) });

/** Sends `messages` to a fresh server; resolves with the failures (empty when it held up) and how many hostile messages it refused with a logged error. */
export async function fuzzLsp(messages: Message[], onMessage?: (index: number) => void): Promise<{ failures: string[]; refused: number }> {
  const failures: string[] = [];
  const lsp = new LspHarness({ meminfo: { MemTotal: 16_000_000 } });
  const texts = new Map<string, { text: string; version: unknown }>();
  let refusing = false; // a hostile message is being handled: its errors are the server refusing it
  let refused = 0;
  lsp.client.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    if (p.type !== 1) return;
    if (refusing) refused++;
    else failures.push(`server logged an error: ${p.message.split('\n')[0]}`);
  });
  lsp.client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const current = texts.get(p.uri);
    if (current === undefined || current.version !== p.version) return;
    // LSP lines, each with its line break (a finding may point at a \r, as the CRLF one does)
    const lines = current.text.match(/[^\r\n]*(?:\r\n|\r|\n|$)/g)!.slice(0, -1);
    if (lines.length === 0 || /[\r\n]$/.test(current.text)) lines.push('');
    for (const d of p.diagnostics) {
      for (const at of [d.range.start, d.range.end]) {
        if (!(at.line >= 0 && at.line < lines.length && at.character >= 0 && at.character <= lines[at.line].length)) failures.push(`diagnostic ${d.code} at ${JSON.stringify(at)} outside ${p.uri}`);
      }
    }
  });
  await lsp.initialize();
  const alive = async (when: string) => {
    const open = 'file:///fuzz/alive.conf';
    texts.set(open, { text: 'KSM_NPAGES_MAX=1\n', version: 1 });
    await lsp.client.sendNotification('textDocument/didOpen', { textDocument: { uri: open, languageId: 'ksmtuned', version: 1, text: 'KSM_NPAGES_MAX=1\n' } });
    const answer = await Promise.race([
      lsp.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: open }, position: { line: 0, character: 3 } }).catch((e: Error) => e),
      new Promise((resolve) => setTimeout(() => resolve('timeout'), 2000)),
    ]);
    if (answer === 'timeout' || answer instanceof Error || !(answer as { contents?: unknown } | null)?.contents) failures.push(`server stopped answering ${when}: ${String(answer)}`);
  };
  for (let i = 0; i < messages.length; i++) {
    onMessage?.(i);
    const m = messages[i];
    const doc = (m.params as { textDocument?: { uri?: unknown; text?: unknown; version?: unknown } } | undefined)?.textDocument;
    // The texts the server holds for certain, to check its diagnostics against: an open with a well-formed document.
    if (typeof doc?.uri === 'string') {
      if (m.method === 'textDocument/didOpen' && typeof doc.text === 'string' && typeof doc.version === 'number') texts.set(doc.uri, { text: doc.text, version: doc.version });
      else if (m.notification) texts.delete(doc.uri);
    }
    refusing = !!m.hostile;
    if (m.notification) await lsp.client.sendNotification(m.method, m.params);
    else await lsp.request(m.method, m.params).catch(() => undefined); // an error reply is an answer
    // A round trip: whatever the server logs about this message has arrived before the next one goes.
    if (m.hostile) await lsp.request('samepage/scenarioFacts', { uri: 'file:///none' });
    if (i % 50 === 49) await alive(`after message ${i}`);
  }
  await alive('at the end');
  await new Promise((resolve) => setTimeout(resolve, 20)); // let the last diagnostics arrive
  lsp.dispose();
  return { failures, refused };
}
