import type { Finding, RuleSeverityOverride, Severity } from './types';
import type { LineIndex } from '../text/lineIndex';

/**
 * Inline silencing: `samepage-disable-line [rule,...]` on a line silences that line,
 * `samepage-disable-next-line [rule,...]` the line after. Without rule ids it silences every rule.
 * The marker is found by text so it works in any comment syntax (#, //, <!-- -->).
 */
const MARKER = /samepage-disable-(next-)?line\b([ \t]+[A-Za-z0-9_\-/,. \t]*)?/g;

export interface Suppressions {
  /** line → rule ids silenced there; an empty set means every rule. */
  byLine: Map<number, Set<string>>;
}

export function findSuppressions(index: LineIndex): Suppressions {
  const byLine = new Map<number, Set<string>>();
  const text = index.text;
  if (!text.includes('samepage-disable')) return { byLine };
  for (const match of text.matchAll(MARKER)) {
    const line = index.positionAt(match.index ?? 0).line + (match[1] ? 1 : 0);
    const ids = (match[2] ?? '').split(/[\s,]+/).filter((s) => s.length > 0 && s !== '-->');
    const existing = byLine.get(line);
    if (ids.length === 0 || (existing && existing.size === 0)) byLine.set(line, new Set());
    else byLine.set(line, new Set([...(existing ?? []), ...ids]));
  }
  return { byLine };
}

function ruleMatches(ruleId: string, key: string): boolean {
  return key === ruleId || (key.endsWith('/') && ruleId.startsWith(key)) || key === ruleId.split('/')[0];
}

/**
 * The first line of the command that `line` belongs to when earlier lines end in a `\`
 * continuation: a comment can only go before the whole command (inside it, it would end the command).
 */
export function commandStartLine(index: LineIndex, line: number): number {
  let start = line;
  while (start > 0 && /(^|[^\\])(\\\\)*\\\r?$/.test(index.lineText(start - 1))) start--;
  return start;
}

/** Whether a comment silences the finding: on its line, or on the first line of its continued command. */
export function isSuppressed(finding: Finding, line: number, suppressions: Suppressions, index: LineIndex): boolean {
  const start = commandStartLine(index, line);
  return [line, start].some((l) => {
    const ids = suppressions.byLine.get(l);
    if (!ids) return false;
    if (ids.size === 0) return true;
    for (const id of ids) if (ruleMatches(finding.ruleId, id)) return true;
    return false;
  });
}

/** Applies the user's per-rule severity setting; the most specific key wins. Returns undefined for `off`. */
export function overrideSeverity(ruleId: string, rules: Record<string, RuleSeverityOverride>): Severity | 'off' | undefined {
  if (ruleId in rules) return rules[ruleId];
  let best: string | undefined;
  for (const key of Object.keys(rules)) {
    if (ruleMatches(ruleId, key) && (!best || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : rules[best];
}
