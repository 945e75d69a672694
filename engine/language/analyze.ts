import { analyzersFor } from './registry';
import { detectKind, type DocumentKind } from './documentKind';
import { findSuppressions, isSuppressed, overrideSeverity } from './suppression';
import { LineIndex } from '../text/lineIndex';
import type { AnalysisContext, CodeLensEntry, CompletionEntry, DocumentFeatures, Finding, HoverInfo, SymbolEntry } from './types';
import type { SourceDocument } from './analyzer';

/** The merged result of every analyzer for one document version. Pure data plus lazy queries. */
export interface DocumentAnalysis {
  kind: DocumentKind;
  index: LineIndex;
  findings: Finding[];
  hoverAt(offset: number): HoverInfo | undefined;
  completeAt(offset: number): CompletionEntry[];
  symbols(): SymbolEntry[];
  codeLenses(): CodeLensEntry[];
}

export interface AnalyzeOptions {
  fileName: string;
  languageId?: string;
  forcedKind?: DocumentKind;
  /** See SourceDocument.savedText. */
  savedText?: string;
}

/** Control characters (a CR above all) would garble a message or break its line: show them escaped. */
function printable(message: string): string {
  return message.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => (c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

function severityRank(severity: Finding['severity']): number {
  return { error: 0, warning: 1, information: 2, hint: 3 }[severity];
}

function guarded<T>(what: string, fallback: T, run: () => T, onError: (finding: Finding) => void): T {
  try {
    return run();
  } catch (error) {
    onError({
      ruleId: 'samepage/internal-error',
      severity: 'warning',
      message: `Samepage could not finish ${what}: ${error instanceof Error ? error.message : String(error)}`,
      range: { start: 0, end: 0 },
    });
    return fallback;
  }
}

export function analyzeDocument(text: string, options: AnalyzeOptions, ctx: AnalysisContext): DocumentAnalysis {
  const kind = detectKind(options.fileName, text, options.languageId, options.forcedKind);
  const index = new LineIndex(text);
  const doc: SourceDocument = { fileName: options.fileName, text, kind, index, ...(options.savedText !== undefined ? { savedText: options.savedText } : {}) };
  const internal: Finding[] = [];
  const parts: DocumentFeatures[] = analyzersFor(kind).map((analyzer) =>
    guarded('analysing this file', { findings: [] }, () => analyzer(doc, ctx), (f) => internal.push(f)),
  );
  const suppressions = findSuppressions(index);
  const findings: Finding[] = [];
  for (const finding of [...parts.flatMap((p) => p.findings), ...internal]) {
    const override = overrideSeverity(finding.ruleId, ctx.settings.rules);
    if (override === 'off') continue;
    if (isSuppressed(finding, index.positionAt(finding.range.start).line, suppressions, index)) continue;
    findings.push({ ...finding, message: printable(finding.message), ...(override ? { severity: override } : {}) });
  }
  findings.sort((a, b) => a.range.start - b.range.start || severityRank(a.severity) - severityRank(b.severity));
  if (findings.length > ctx.settings.maxFindings) {
    const dropped = findings.length - ctx.settings.maxFindings;
    findings.length = ctx.settings.maxFindings;
    findings.push({
      ruleId: 'samepage/too-many-findings',
      severity: 'information',
      message: `${dropped} more findings were not shown (limit ${ctx.settings.maxFindings}).`,
      range: { start: 0, end: 0 },
    });
  }
  const report = (f: Finding) => internal.push(f);
  return {
    kind,
    index,
    findings,
    hoverAt: (offset) => {
      for (const part of parts) {
        const hover = guarded('the hover', undefined, () => part.hoverAt?.(offset), report);
        if (hover) return hover;
      }
      return undefined;
    },
    completeAt: (offset) => parts.flatMap((p) => guarded('completion', [], () => p.completeAt?.(offset) ?? [], report)),
    symbols: () => parts.flatMap((p) => guarded('symbols', [], () => p.symbols?.() ?? [], report)),
    codeLenses: () => parts.flatMap((p) => guarded('code lenses', [], () => p.codeLenses?.() ?? [], report)),
  };
}
