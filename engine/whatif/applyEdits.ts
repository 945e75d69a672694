/**
 * "Apply": the text edits that carry an edited scenario back into its source document. The panel
 * turns them into one WorkspaceEdit (undoable); nothing here touches a file.
 */
import type { Scenario } from './scenario';

export interface LineEdit {
  /** Replace [start, end) of the document text (UTF-16 offsets). */
  start: number;
  end: number;
  newText: string;
}

/** `text` with non-overlapping edits applied (as an editor applies one WorkspaceEdit). */
export function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** A scenario file: the whole document becomes the edited scenario, pretty-printed. */
export function scenarioFileEdit(text: string, scenario: Scenario): LineEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { start: 0, end: text.length, newText: JSON.stringify(scenario, null, 2).replace(/\n/g, eol) + eol };
}

/** The ksmtuned variables whose edited value differs from what the document says now. */
export function changedKsmtunedValues(current: Record<string, string>, edited: Record<string, string>): Array<[string, string]> {
  return Object.entries(edited).filter(([k, v]) => /^KSM_[A-Z_]+$/.test(k) && current[k] !== v && /^[-+]?\d+$/.test(v));
}

/**
 * ksmtuned.conf edits: the value of the last top-level assignment of each changed variable is
 * replaced (bash keeps the last one); a variable never assigned gets a new line at the end.
 * `assignments` are the value ranges the ksmtuned analysis reports.
 */
export function ksmtunedEdits(
  text: string,
  changes: Array<[string, string]>,
  assignments: Record<string, { start: number; end: number } | undefined>,
): LineEdit[] {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: LineEdit[] = [];
  const appended: string[] = [];
  for (const [name, value] of changes) {
    const range = assignments[name];
    if (range) edits.push({ start: range.start, end: range.end, newText: value });
    else appended.push(`${name}=${value}`);
  }
  if (appended.length) {
    const prefix = text.length === 0 || text.endsWith('\n') ? '' : eol;
    edits.push({ start: text.length, end: text.length, newText: prefix + appended.join(eol) + eol });
  }
  return edits;
}
