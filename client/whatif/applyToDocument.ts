/** Carries the panel's edited scenario back into its source document as one undoable WorkspaceEdit (never saved). */
import * as vscode from 'vscode';
import type { Scenario } from '../../engine/whatif/scenario';
import { changedKsmtunedValues, ksmtunedEdits, scenarioFileEdit, type LineEdit } from '../../engine/whatif/applyEdits';
import { scriptApply } from '../../engine/whatif/scriptApply';
import type { ApplyTarget } from './applyTarget';
import type { PanelHooks } from './panel';

const NO_TARGET = 'This scenario has no file to apply to (it came from the host or the built-in default). Export it as JSON instead.';

type Outcome = { ok: boolean; message: string };

/** The edits for the target's kind, or the outcome to report when there is nothing to write. */
async function editsFor(target: ApplyTarget, document: vscode.TextDocument, scenario: Scenario, hooks: Pick<PanelHooks, 'readDocument'>): Promise<{ edits: LineEdit[]; said: string[] } | Outcome> {
  const text = document.getText();
  if (target.kind === 'scenario') return { edits: [scenarioFileEdit(text, scenario)], said: [] };
  const read = await hooks.readDocument(document);
  if (target.kind === 'shell') {
    if (!read?.ok) return { ok: false, message: `${target.label} cannot be read as a script any more.` };
    const script = scriptApply(target.label, text, scenario, read.raw as Scenario);
    if (!script.ok) return { ok: false, message: script.message };
    if (script.edits.length === 0) {
      return script.notes.length ? { ok: false, message: `Nothing written to ${target.label}: ${script.notes.join('; ')}.` } : { ok: true, message: `${target.label} already writes these knobs.` };
    }
    return { edits: script.edits, said: [`wrote ${script.written.join(' ')}`, ...script.notes] };
  }
  const facts = read?.ok ? read.facts : {};
  const changes = changedKsmtunedValues(facts.ksmtunedValues ?? {}, scenario.ksmtuned.values);
  if (changes.length === 0) return { ok: true, message: `${target.label} already has these values.` };
  return { edits: ksmtunedEdits(text, changes, facts.ksmtunedAssignments ?? {}), said: [] };
}

export async function applyScenarioToDocument(target: ApplyTarget | undefined, scenario: Scenario, hooks: Pick<PanelHooks, 'readDocument'>): Promise<Outcome> {
  if (!target) return { ok: false, message: NO_TARGET };
  const uri = vscode.Uri.parse(target.uri, true);
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch {
    return { ok: false, message: `${target.label} cannot be opened any more.` };
  }
  const planned = await editsFor(target, document, scenario, hooks);
  if (!('edits' in planned)) return planned;
  const edit = new vscode.WorkspaceEdit();
  for (const e of planned.edits) edit.replace(uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  const ok = await vscode.workspace.applyEdit(edit);
  const said = planned.said.length ? ` ${planned.said.join('; ')}.` : '';
  return ok
    ? { ok: true, message: `Applied to ${target.label} (not saved; Undo reverts it).${said}` }
    : { ok: false, message: `VS Code refused the edit to ${target.label}.` };
}
