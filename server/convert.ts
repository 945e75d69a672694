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
import type { LineIndex } from '../engine/text/lineIndex';
import { REVEAL_RANGE_COMMAND, SET_END_OF_LINE_COMMAND } from './protocol';
import type { CompletionEntry, Finding, Fix, SymbolEntry, TextRange } from '../engine/language/types';

/** Engine offsets → LSP positions, and engine findings → LSP diagnostics. Nothing else lives here. */
export function toRange(index: LineIndex, range: TextRange): Range {
  return { start: index.positionAt(range.start), end: index.positionAt(range.end) };
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

export function toDiagnostic(index: LineIndex, finding: Finding, findingIndex: number): Diagnostic {
  const tags: DiagnosticTag[] = [];
  if (finding.tags?.includes('unnecessary')) tags.push(DiagnosticTag.Unnecessary);
  if (finding.tags?.includes('deprecated')) tags.push(DiagnosticTag.Deprecated);
  return {
    range: toRange(index, finding.range),
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

export function toCodeAction(uri: string, index: LineIndex, fix: Fix, diagnostic: Diagnostic): CodeAction {
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred };
  if (fix.endOfLine) action.command = { title: fix.title, command: SET_END_OF_LINE_COMMAND, arguments: [uri, fix.endOfLine] };
  else action.edit = { changes: { [uri]: fix.edits.map((e) => ({ range: toRange(index, e.range), newText: e.newText })) } };
  return action;
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

export function toCompletionItem(uri: string, index: LineIndex, entry: CompletionEntry): CompletionItem {
  return {
    ...(entry.reveal ? { command: { title: 'Go to the assignment', command: REVEAL_RANGE_COMMAND, arguments: [uri, toRange(index, entry.reveal)] } } : {}),
    label: entry.label,
    kind: COMPLETION_KIND[entry.kind],
    detail: entry.detail,
    documentation: entry.documentation ? { kind: MarkupKind.Markdown, value: entry.documentation } : undefined,
    sortText: entry.sortText,
    textEdit: entry.range ? { range: toRange(index, entry.range), newText: entry.insertText ?? entry.label } : undefined,
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

export function toDocumentSymbol(index: LineIndex, entry: SymbolEntry): DocumentSymbol {
  return {
    name: entry.name || '(unnamed)',
    detail: entry.detail,
    kind: SYMBOL_KIND[entry.kind],
    range: toRange(index, entry.range),
    selectionRange: toRange(index, entry.selectionRange),
    children: entry.children?.map((c) => toDocumentSymbol(index, c)),
  };
}
