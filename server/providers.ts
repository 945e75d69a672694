import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  MarkupKind,
  type CodeAction,
  type CodeActionParams,
  type CodeLensParams,
  type CompletionParams,
  type Diagnostic,
  type DocumentSymbolParams,
  type HoverParams,
  type TextDocumentChangeEvent,
} from 'vscode-languageserver/node';
import { toCodeAction, toCompletionItem, toDiagnostic, toDocumentSymbol, toRange } from './convert';
import { disableLineFix } from './disableFix';
import { registerCustomRequests } from './customRequests';
import type { ServerState } from './server';

/** One handler per LSP feature; each looks up the cached analysis and converts its answer. */
export function registerProviders(state: ServerState): { schedule(doc: TextDocument): void } {
  const { connection, documents, cache, boundary } = state;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const published = new Map<string, Diagnostic[]>();

  const publish = (doc: TextDocument) => {
    const analysis = cache.get(doc);
    const diagnostics = analysis.findings.map((f, i) => toDiagnostic(doc, f, i));
    published.set(doc.uri, diagnostics);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  };
  const schedule = (doc: TextDocument) => {
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(
        boundary.callback('publish diagnostics', () => {
          timers.delete(doc.uri);
          const current = documents.get(doc.uri);
          if (current) publish(current);
        }),
        state.debounceMs,
      ),
    );
  };

  documents.onDidOpen(boundary.callback('open', (e: TextDocumentChangeEvent<TextDocument>) => publish(e.document)));
  documents.onDidChangeContent(boundary.callback('change', (e: TextDocumentChangeEvent<TextDocument>) => schedule(e.document)));
  documents.onDidClose(boundary.callback('close', (e: TextDocumentChangeEvent<TextDocument>) => {
    clearTimeout(timers.get(e.document.uri));
    cache.forget(e.document.uri);
    published.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  }));

  connection.onHover(
    boundary.request('hover', ({ textDocument, position }: HoverParams) => {
      const doc = documents.get(textDocument.uri);
      if (!doc) return null;
      const analysis = cache.get(doc);
      const hover = analysis.hoverAt(doc.offsetAt(position));
      return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: toRange(doc, hover.range) } : null;
    }),
  );

  connection.onCompletion(
    boundary.request('completion', ({ textDocument, position }: CompletionParams) => {
      const doc = documents.get(textDocument.uri);
      if (!doc) return [];
      const analysis = cache.get(doc);
      return analysis.completeAt(doc.offsetAt(position)).map((e) => toCompletionItem(doc, e));
    }),
  );

  connection.onDocumentSymbol(
    boundary.request('document symbols', ({ textDocument }: DocumentSymbolParams) => {
      const doc = documents.get(textDocument.uri);
      if (!doc) return [];
      const analysis = cache.get(doc);
      return analysis.symbols().map((s) => toDocumentSymbol(doc, s));
    }),
  );

  connection.onCodeLens(
    boundary.request('code lenses', ({ textDocument }: CodeLensParams) => {
      const doc = documents.get(textDocument.uri);
      if (!doc) return [];
      const analysis = cache.get(doc);
      return analysis.codeLenses().map((lens) => ({
        range: toRange(doc, lens.range),
        command: { title: lens.title, command: lens.command, arguments: lens.arguments },
      }));
    }),
  );

  connection.onCodeAction(
    boundary.request('code actions', ({ textDocument, context }: CodeActionParams) => {
      const doc = documents.get(textDocument.uri);
      if (!doc) return [];
      const analysis = cache.get(doc);
      const actions: CodeAction[] = [];
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== 'samepage') continue;
        const findingIndex = (diagnostic.data as { findingIndex?: unknown } | undefined)?.findingIndex;
        const finding = typeof findingIndex === 'number' ? analysis.findings[findingIndex] : undefined;
        if (!finding || finding.ruleId !== diagnostic.code) continue;
        for (const fix of finding.fixes ?? []) actions.push(toCodeAction(doc.uri, doc, fix, diagnostic));
        const disable = disableLineFix(analysis, finding);
        if (disable) actions.push(toCodeAction(doc.uri, doc, disable, diagnostic));
      }
      return actions;
    }),
  );

  registerCustomRequests(state);
  return { schedule };
}
