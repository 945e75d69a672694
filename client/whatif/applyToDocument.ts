/** Carries the panel's edited scenario back into its source document as one undoable WorkspaceEdit (never saved). */
import * as vscode from 'vscode';
import type { Scenario } from '../../engine/whatif/scenario';
import type { SourceInfo } from '../webview/protocol';
import { changedKsmtunedValues, ksmtunedEdits, scenarioFileEdit, type LineEdit } from './applyEdit';
import type { PanelHooks } from './panel';

export async function applyScenarioToDocument(source: SourceInfo, scenario: Scenario, hooks: Pick<PanelHooks, 'readDocument'>): Promise<{ ok: boolean; message: string }> {
  if (!source.canApply || !source.uri) return { ok: false, message: 'This scenario has no file to apply to (it came from the host or the built-in default). Export it as JSON instead.' };
  const uri = vscode.Uri.parse(source.uri, true);
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch {
    return { ok: false, message: `${source.label} cannot be opened any more.` };
  }
  const text = document.getText();
  let edits: LineEdit[];
  if (source.kind === 'scenario') edits = [scenarioFileEdit(text, scenario)];
  else if (source.kind === 'ksmtuned') {
    const read = await hooks.readDocument(document);
    const facts = read?.ok ? read.facts : {};
    const changes = changedKsmtunedValues(facts.ksmtunedValues ?? {}, scenario.ksmtuned.values);
    if (changes.length === 0) return { ok: true, message: 'ksmtuned.conf already has these values.' };
    edits = ksmtunedEdits(text, changes, facts.ksmtunedAssignments ?? {});
  } else return { ok: false, message: `Apply does not write into ${source.kind} files yet; copy the values from the panel.` };
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  const ok = await vscode.workspace.applyEdit(edit);
  return ok
    ? { ok: true, message: `Applied to ${source.label} (not saved; Undo reverts it).` }
    : { ok: false, message: `VS Code refused the edit to ${source.label}.` };
}
