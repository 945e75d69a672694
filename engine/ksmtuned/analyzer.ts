/**
 * The ksmtuned.conf analyzer: parses and "sources" the conf once per document version, runs the
 * rules, and answers hover, completion, symbols and the "Run what-if" code lens from that result.
 */
import type { SourceDocument } from '../language/analyzer';
import type { AnalysisContext, CodeLensEntry, DocumentFeatures, Finding, SymbolEntry } from '../language/types';
import { parseShell } from '../shell/parser';
import { LineIndex } from '../text/lineIndex';
import { effectiveKsmtunedValues } from './effectiveValues';
import { completeKsmtuned } from './completion';
import { hoverKsmtuned } from './hover';
import type { Rule, RuleInput } from './rules/context';
import { unknownVariable, duplicate, scriptVariable, shellVariable } from './rules/names';
import { changesKsmtuned, runsCommand, tooLarge } from './rules/sideEffects';
import { byteOrderMark, crlf, spacesAroundEquals, syntaxError } from './rules/syntax';
import { emptyValue, rangeChecks, valueChecks } from './rules/values';

export const KSMTUNED_RULES: readonly Rule[] = [syntaxError, spacesAroundEquals, crlf, byteOrderMark, valueChecks, emptyValue, rangeChecks, unknownVariable, shellVariable, duplicate, scriptVariable, runsCommand, changesKsmtuned];

/** A conf is a few kilobytes; beyond this only the head is analysed, so the editor stays responsive. */
export const MAX_ANALYSED_CHARS = 1_000_000;

/** The command the what-if helper registers; its argument is the document URI. */
export const RUN_WHAT_IF_COMMAND = 'samepage.runWhatIf';

export function documentUri(fileName: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(fileName)) return fileName;
  return 'file://' + fileName.split('/').map(encodeURIComponent).join('/');
}

export function analyzeKsmtuned(doc: SourceDocument, ctx: AnalysisContext): DocumentFeatures {
  const full = doc.text;
  let text = full;
  const findings: Finding[] = [];
  if (full.length > MAX_ANALYSED_CHARS) {
    const cut = full.lastIndexOf('\n', MAX_ANALYSED_CHARS);
    text = full.slice(0, cut > 0 ? cut + 1 : MAX_ANALYSED_CHARS);
    findings.push(tooLarge(text.length, full.length));
  }
  const input = ruleInput(text, doc.index, ctx, doc.savedText);
  findings.push(...runRules(input));
  return {
    findings,
    hoverAt: (offset) => hoverKsmtuned(input, offset),
    completeAt: (offset) => completeKsmtuned(input, offset),
    symbols: () => symbols(input),
    codeLenses: (): CodeLensEntry[] => [{ range: { start: 0, end: 0 }, title: 'Run what-if', command: RUN_WHAT_IF_COMMAND, arguments: [documentUri(doc.fileName)] }],
  };
}

function ruleInput(text: string, index: LineIndex, ctx: AnalysisContext, savedText?: string): RuleInput {
  const script = parseShell(text);
  return { text, index, conf: effectiveKsmtunedValues(text, {}, script), ctx, ...(savedText !== undefined ? { savedText } : {}) };
}

/**
 * The rules' findings. With CRLF line ends every value carries a CR, and each would be reported on
 * its own; the findings the CRs cause (those the same file with LF line ends does not have) are
 * left to the one ksmtuned/crlf finding.
 */
function runRules(input: RuleInput): Finding[] {
  const findings = KSMTUNED_RULES.flatMap((rule) => rule(input));
  if (!input.text.includes('\r\n')) return findings;
  const lf = input.text.replace(/\r\n/g, '\n');
  const lfIndex = new LineIndex(lf);
  const withoutCr = new Set(KSMTUNED_RULES.flatMap((rule) => rule(ruleInput(lf, lfIndex, input.ctx))).map((f) => `${f.ruleId}@${lfIndex.positionAt(f.range.start).line}`));
  return findings.filter((f) => f.ruleId === 'ksmtuned/crlf' || withoutCr.has(`${f.ruleId}@${input.index.positionAt(f.range.start).line}`));
}

function symbols(input: RuleInput): SymbolEntry[] {
  const out: SymbolEntry[] = [];
  for (const command of input.conf.script.commands) {
    if (command.context.inSubstitution || (command.words.length > 0 && command.declarations.length === 0)) continue;
    for (const a of [...command.assignments, ...command.declarations]) {
      out.push({ name: a.name, detail: a.value?.text ?? (a.array ? '(…)' : ''), kind: 'variable', range: a.range, selectionRange: a.nameRange });
    }
  }
  for (const f of input.conf.script.functions) out.push({ name: f.name, detail: 'function', kind: 'function', range: f.range, selectionRange: f.nameRange });
  return out.sort((a, b) => a.range.start - b.range.start);
}
