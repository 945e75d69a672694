import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type Range,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionEntry, Finding, Fix, SymbolEntry, TextRange } from '../engine/language/types';

/**
 * Offsets into the text → LSP positions: the client's document (TextDocument), whose lines end at
 * \r\n, \r or \n as LSP says, not the engine's LineIndex (bash's lines end only at \n), or a lone \r
 * would shift every position below it.
 */
export type Positions = Pick<TextDocument, 'positionAt'>;

/** Engine offsets → LSP positions, and engine findings → LSP diagnostics. Nothing else lives here. */
export function toRange(doc: Positions, range: TextRange): Range {
  return { start: doc.positionAt(range.start), end: doc.positionAt(range.end) };
}

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Each capability documents its rules in docs/rules/<capability>.md, one heading per rule id. */
export const RULES_DOC_BASE = 'https://github.com/samepage-ksm/samepage/blob/main/docs/rules';

export function ruleDocUrl(ruleId: string): string {
  const capability = ruleId.split('/')[0];
  return `${RULES_DOC_BASE}/${capability}.md#${ruleId.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
}

export function toDiagnostic(doc: Positions, finding: Finding, findingIndex: number): Diagnostic {
  const tags: DiagnosticTag[] = [];
  if (finding.tags?.includes('unnecessary')) tags.push(DiagnosticTag.Unnecessary);
  if (finding.tags?.includes('deprecated')) tags.push(DiagnosticTag.Deprecated);
  return {
    range: toRange(doc, finding.range),
    severity: SEVERITY[finding.severity],
    source: 'samepage',
    code: finding.ruleId,
    codeDescription: { href: ruleDocUrl(finding.ruleId) },
    message: finding.message,
    tags: tags.length ? tags : undefined,
    // Lets codeAction find the engine finding again without re-deriving it from the message.
    data: { findingIndex },
  };
}

export function toCodeAction(uri: string, doc: Positions, fix: Fix, diagnostic: Diagnostic): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred,
    edit: { changes: { [uri]: fix.edits.map((e) => ({ range: toRange(doc, e.range), newText: e.newText })) } },
  };
}

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  variable: CompletionItemKind.Variable,
  value: CompletionItemKind.Value,
  property: CompletionItemKind.Property,
  enum: CompletionItemKind.EnumMember,
  file: CompletionItemKind.File,
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
};

export function toCompletionItem(doc: Positions, entry: CompletionEntry): CompletionItem {
  return {
    label: entry.label,
    kind: COMPLETION_KIND[entry.kind],
    detail: entry.detail,
    documentation: entry.documentation ? { kind: MarkupKind.Markdown, value: entry.documentation } : undefined,
    sortText: entry.sortText,
    textEdit: entry.range ? { range: toRange(doc, entry.range), newText: entry.insertText ?? entry.label } : undefined,
    insertText: entry.range ? undefined : entry.insertText,
  };
}

const SYMBOL_KIND: Record<SymbolEntry['kind'], SymbolKind> = {
  variable: SymbolKind.Variable,
  function: SymbolKind.Function,
  key: SymbolKind.Key,
  command: SymbolKind.Event,
  object: SymbolKind.Object,
};

export function toDocumentSymbol(doc: Positions, entry: SymbolEntry): DocumentSymbol {
  return {
    name: entry.name || '(unnamed)',
    detail: entry.detail,
    kind: SYMBOL_KIND[entry.kind],
    range: toRange(doc, entry.range),
    selectionRange: toRange(doc, entry.selectionRange),
    children: entry.children?.map((c) => toDocumentSymbol(doc, c)),
  };
}
