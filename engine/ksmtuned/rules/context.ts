import type { AnalysisContext, Finding, Fix, Severity, TextRange } from '../../language/types';
import type { LineIndex } from '../../text/lineIndex';
import type { Assignment } from '../../shell/types';
import type { KsmtunedConf } from '../effectiveValues';

/** What every ksmtuned rule gets: the text, its parsed and sourced form, and the host. */
export interface RuleInput {
  text: string;
  index: LineIndex;
  conf: KsmtunedConf;
  ctx: AnalysisContext;
  /** The saved file when the editor normalised its line ends (SourceDocument.savedText). */
  savedText?: string;
}

export type Rule = (input: RuleInput) => Finding[];

export function finding(rule: string, severity: Severity, range: TextRange, message: string, fixes?: Fix[], tags?: Finding['tags']): Finding {
  return { ruleId: `ksmtuned/${rule}`, severity, range, message, ...(fixes?.length ? { fixes } : {}), ...(tags ? { tags } : {}) };
}

export function replaceFix(title: string, range: TextRange, newText: string, preferred = true): Fix {
  return { title, edits: [{ range, newText }], preferred };
}

/** The assignment that gives a variable its effective value (the last one bash ran), if any. */
export function effectiveAssignment(input: RuleInput, name: string): Assignment | undefined {
  const list = input.conf.sourced.assignments.get(name);
  return list?.[list.length - 1];
}

/** Where to point for a variable's value: the value word, or the name when the value is empty. */
export function valueRange(a: Assignment): TextRange {
  if (a.value && a.value.range.end > a.value.range.start) return a.value.range;
  return a.nameRange;
}

/** The whole line holding `offset`, including its line break, for "delete this line" fixes. */
export function lineWithBreak(input: RuleInput, offset: number): TextRange {
  const line = input.index.positionAt(offset).line;
  const start = input.index.lineStart(line);
  const next = line + 1 < input.index.lineCount ? input.index.lineStart(line + 1) : input.text.length;
  return { start, end: next };
}

/** Whether an assignment is the only thing on its line (so deleting the line is a clean fix). */
export function aloneOnLine(input: RuleInput, range: TextRange): boolean {
  const line = input.index.positionAt(range.start).line;
  const content = input.index.lineText(line).replace(/\r$/, '');
  const start = input.index.lineStart(line);
  const before = content.slice(0, range.start - start);
  const after = content.slice(range.end - start);
  return /^\s*(export\s+)?$/.test(before) && /^\s*(#.*)?$/.test(after);
}
