import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import { toCodeAction, toCompletionItem, toDiagnostic, toDocumentSymbol, toRange } from './convert';
import { disableLineFix } from './disableFix';
import { registerCustomRequests } from './customRequests';
import { withAnalysis } from './documents';
import type { ServerState } from './server';

/** One handler per LSP feature; each looks up the cached analysis and converts its answer. */
export function registerProviders(state: ServerState): { schedule(doc: TextDocument): void } {
  const { connection, documents, cache } = state;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const published = new Map<string, Diagnostic[]>();

  const publish = (doc: TextDocument) => {
    const analysis = cache.get(doc);
    const diagnostics = analysis.findings.map((f, i) => toDiagnostic(analysis.index, f, i));
    published.set(doc.uri, diagnostics);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  };
  const schedule = (doc: TextDocument) => {
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (current) publish(current);
      }, state.debounceMs),
    );
  };

  documents.onDidOpen((e) => {
    cache.opened(e.document);
    publish(e.document);
  });
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    cache.forget(e.document.uri);
    published.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(({ textDocument, position }) =>
    withAnalysis(state, textDocument.uri, null, (_doc, analysis) => {
      const hover = analysis.hoverAt(analysis.index.offsetAt(position));
      return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: toRange(analysis.index, hover.range) } : null;
    }),
  );

  connection.onCompletion(({ textDocument, position }) =>
    withAnalysis(state, textDocument.uri, [], (doc, analysis) => analysis.completeAt(analysis.index.offsetAt(position)).map((e) => toCompletionItem(doc.uri, analysis.index, e))),
  );

  connection.onDocumentSymbol(({ textDocument }) => withAnalysis(state, textDocument.uri, [], (_doc, analysis) => analysis.symbols().map((s) => toDocumentSymbol(analysis.index, s))));

  connection.onCodeLens(({ textDocument }) =>
    withAnalysis(state, textDocument.uri, [], (_doc, analysis) =>
      analysis.codeLenses().map((lens) => ({
        range: toRange(analysis.index, lens.range),
        command: { title: lens.title, command: lens.command, arguments: lens.arguments },
      })),
    ),
  );

  connection.onCodeAction(({ textDocument, context }) =>
    withAnalysis(state, textDocument.uri, [], (doc, analysis) => {
      const actions: CodeAction[] = [];
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== 'samepage') continue;
        const findingIndex = (diagnostic.data as { findingIndex?: unknown } | undefined)?.findingIndex;
        const finding = typeof findingIndex === 'number' ? analysis.findings[findingIndex] : undefined;
        if (!finding || finding.ruleId !== diagnostic.code) continue;
        for (const fix of finding.fixes ?? []) actions.push(toCodeAction(doc.uri, analysis.index, fix, diagnostic));
        const disable = disableLineFix(analysis, finding);
        if (disable) actions.push(toCodeAction(doc.uri, analysis.index, disable, diagnostic));
      }
      return actions;
    }),
  );

  registerCustomRequests(state);
  return { schedule };
}
