/** Carries the panel's edited scenario back into its source document as one undoable WorkspaceEdit (never saved). */
import * as vscode from 'vscode';
import type { Scenario } from '../../engine/whatif/scenario';
import { changedKsmtunedValues, ksmtunedEdits, scenarioFileEdit, type LineEdit } from './applyEdit';
import type { ApplyTarget } from './applyTarget';
import type { PanelHooks } from './panel';

const NO_TARGET = 'This scenario has no file to apply to (it came from the host or the built-in default). Export it as JSON instead.';

export async function applyScenarioToDocument(target: ApplyTarget | undefined, scenario: Scenario, hooks: Pick<PanelHooks, 'readDocument'>): Promise<{ ok: boolean; message: string }> {
  if (!target) return { ok: false, message: NO_TARGET };
  const uri = vscode.Uri.parse(target.uri, true);
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch {
    return { ok: false, message: `${target.label} cannot be opened any more.` };
  }
  const text = document.getText();
  let edits: LineEdit[];
  if (target.kind === 'scenario') edits = [scenarioFileEdit(text, scenario)];
  else {
    const read = await hooks.readDocument(document);
    const facts = read?.ok ? read.facts : {};
    const changes = changedKsmtunedValues(facts.ksmtunedValues ?? {}, scenario.ksmtuned.values);
    if (changes.length === 0) return { ok: true, message: `${target.label} already has these values.` };
    edits = ksmtunedEdits(text, changes, facts.ksmtunedAssignments ?? {});
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  const ok = await vscode.workspace.applyEdit(edit);
  return ok
    ? { ok: true, message: `Applied to ${target.label} (not saved; Undo reverts it).` }
    : { ok: false, message: `VS Code refused the edit to ${target.label}.` };
}
