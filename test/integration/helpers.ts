// Shared helpers for integration tests. They wait on events, never on fixed sleeps.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SamepageApi } from '../../client/extension';

export const EXTENSION_ID = 'samepage.samepage-ksm';
const DEFAULT_TIMEOUT_MS = 30_000;

/** Activates the extension (a no-op when already active) and waits until its language client runs. */
export async function activateSamepage(): Promise<SamepageApi> {
  const extension = vscode.extensions.getExtension<SamepageApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded in the extension host`);
  const api = await extension.activate();
  await api.ready;
  return api;
}

/** A file of the scratch copy of test/integration/fixtures/workspace that the host opened. */
export function fixtureUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

/** Opens a fixture in an editor and returns the editor. */
export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(relativePath));
  return vscode.window.showTextDocument(document);
}

/** Resolves with the next value of `event` accepted by `accept` (checked first against `current`, if given). */
export function waitForEvent<T>(
  event: vscode.Event<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const subscription = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** The rule id of a diagnostic (the server sends it as `code`, with a link to the rule's docs). */
export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

/** Samepage's diagnostics for `uri` once `accept` holds for them (immediately, if it already does). */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what = 'diagnostics',
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  const current = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'samepage');
  // Subscribe before checking, so an update between the check and the subscription is not lost.
  const changed = waitForEvent(
    vscode.languages.onDidChangeDiagnostics,
    (e) => e.uris.some((u) => u.toString() === uri.toString()) && accept(current()),
    `${what} on ${uri.fsPath}`,
    timeoutMs,
  );
  if (accept(current())) {
    changed.catch(() => undefined);
    return current();
  }
  await changed;
  return current();
}

/** Waits until `uri` has a Samepage diagnostic with rule id `ruleId`, and returns it. */
export async function waitForRule(uri: vscode.Uri, ruleId: string, timeoutMs?: number): Promise<vscode.Diagnostic> {
  const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => ruleIdOf(d) === ruleId), `rule ${ruleId}`, timeoutMs);
  return diagnostics.find((d) => ruleIdOf(d) === ruleId)!;
}

/** Applies an edit to an open document (not saved); resolves once VS Code accepted it. */
export async function insertText(document: vscode.TextDocument, position: vscode.Position, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, position, text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
}

export async function replaceAllText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
}

/** Reverts and closes every editor, so each test starts from the files on disk. */
export async function closeAllEditors(): Promise<void> {
  // Closing a dirty editor would open a save dialog and wait for an answer: revert those first.
  // Only the tests' own documents: VS Code's user settings.json is dirty for a moment while a test's
  // configuration update is written, and VS Code saves it itself (showing it raced with that write).
  const ours = (d: vscode.TextDocument) => d.uri.scheme === 'untitled' || vscode.workspace.getWorkspaceFolder(d.uri) !== undefined;
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && ours(d))) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** True when SAMEPAGE_IT_FORCE_FAIL=1: one assertion is broken on purpose to prove failures fail the run. */
export const forceFail = process.env.SAMEPAGE_IT_FORCE_FAIL === '1';

/**
 * The open webview tabs of one view type, e.g. webviewTabs('samepage.whatIf'). Tests cannot reach a
 * webview's DOM; have the command resolve with what it posted to the page and assert on that.
 */
export function webviewTabs(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && (tab.input.viewType === viewType || tab.input.viewType.endsWith(`-${viewType}`)));
}
