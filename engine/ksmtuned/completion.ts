/** Completion in a ksmtuned conf: variable names at the start of a statement, typical values after `NAME=`. */
import { KSMTUNED_VARIABLES, ksmtunedVariable } from '../knowledge/ksmtunedVariables';
import type { CompletionEntry } from '../language/types';
import { effectiveAssignment, valueRange, type RuleInput } from './rules/context';

export function completeKsmtuned(input: RuleInput, offset: number): CompletionEntry[] {
  const { text } = input;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (/#/.test(before.replace(/'[^']*'|"[^"]*"/g, ''))) return []; // inside a comment
  const value = /(?:^|[\s;])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=([^\s;]*)$/.exec(before);
  if (value) {
    const info = ksmtunedVariable(value[1]);
    if (!info) return [];
    const range = { start: offset - value[2].length, end: offset };
    return info.typicalValues.map((v, i) => ({
      label: v,
      kind: 'value',
      detail: v === info.default ? `default (${info.unit})` : info.unit,
      documentation: info.legal,
      range,
      sortText: String(i).padStart(3, '0'),
    }));
  }
  const name = /(?:^|[\s;])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
  if (!name) return [];
  const typed = name[1] ?? '';
  const range = { start: offset - typed.length, end: offset };
  return KSMTUNED_VARIABLES.map((info, i): CompletionEntry => {
    const detail = `${info.summary}${info.default !== undefined ? ` (default ${info.default})` : ''}`;
    // A second assignment would be a duplicate; an assigned variable takes you to its assignment instead.
    const assignment = effectiveAssignment(input, info.name);
    if (assignment) {
      const line = input.index.positionAt(assignment.range.start).line + 1;
      return { label: info.name, kind: 'variable', detail: `set on line ${line}: go there`, documentation: info.description, insertText: '', range, reveal: valueRange(assignment), sortText: `1${String(i).padStart(3, '0')}` };
    }
    return { label: info.name, kind: 'variable', detail, documentation: info.description, insertText: `${info.name}=${info.default ?? (info.name === 'DEBUG' ? '1' : '')}`, range, sortText: `0${String(i).padStart(3, '0')}` };
  });
}
