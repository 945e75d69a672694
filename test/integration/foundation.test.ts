// The whole chain inside a real extension host: activation, the language server over IPC, its
// diagnostics through vscode.languages, and the contributed commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  EXTENSION_ID,
  activateSamepage,
  closeAllEditors,
  fixtureUri,
  forceFail,
  insertText,
  openFixture,
  ruleIdOf,
  waitForDiagnostics,
  waitForRule,
} from './helpers';

suite('foundation', () => {
  teardown(closeAllEditors);

  test('the extension activates and its language client runs', async () => {
    const api = await activateSamepage();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    assert.ok(api.client.isRunning(), 'language client is running');
  });

  test('every contributed command is registered', async () => {
    await activateSamepage();
    const contributed: { command: string }[] = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(contributed.length > 0);
    assert.deepEqual(contributed.map((c) => c.command).filter((id) => !registered.has(id)), [], 'contributed but not registered');
  });

  test('ksmtuned.conf opens as ksmtuned and a NUL byte gets the binary-content diagnostic', async () => {
    await activateSamepage();
    const editor = await openFixture('ksmtuned.conf');
    const { document } = editor;
    assert.equal(document.languageId, 'ksmtuned');

    // The file on disk must stay text (VS Code refuses to open binary files), so type the NUL in.
    await insertText(document, new vscode.Position(3, 0), '\u0000');
    const diagnostic = await waitForRule(document.uri, 'samepage/binary-content');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.source, 'samepage');
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character], [3, 0]);

    // Removing it clears the diagnostic again: the server follows edits.
    const edit = new vscode.WorkspaceEdit();
    edit.delete(document.uri, new vscode.Range(3, 0, 3, 1));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => ruleIdOf(d) === 'samepage/binary-content'), 'binary-content to clear');
  });

  test('samepage.showFindings returns the findings of a file', async () => {
    await activateSamepage();
    const { document } = await openFixture('ksmtuned.conf');
    await insertText(document, new vscode.Position(0, 0), 'X\u0000\n');
    await waitForRule(document.uri, 'samepage/binary-content');

    const findings = await vscode.commands.executeCommand<{ code: string; message: string; line: number }[]>(
      'samepage.showFindings',
      document.uri,
    );
    const binary = findings.filter((f) => f.code === 'samepage/binary-content');
    // SAMEPAGE_IT_FORCE_FAIL=1 expects a second one that does not exist: proof that a failure fails the run.
    assert.equal(binary.length, forceFail ? 2 : 1, JSON.stringify(findings));
    assert.equal(binary[0].line, 0);
  });

  test('samepage.treatAsKsmtuned switches a plain-text file to ksmtuned and the server analyses it', async () => {
    await activateSamepage();
    const { document } = await openFixture('tuning-notes.txt');
    assert.equal(document.languageId, 'plaintext');

    // The command awaits vscode.languages.setTextDocumentLanguage, so the switch is done when it returns.
    await vscode.commands.executeCommand('samepage.treatAsKsmtuned');
    const reopened = vscode.window.activeTextEditor?.document;
    assert.equal(reopened?.uri.toString(), document.uri.toString());
    assert.equal(reopened.languageId, 'ksmtuned');

    await insertText(reopened, new vscode.Position(1, 0), '\u0000');
    await waitForRule(fixtureUri('tuning-notes.txt'), 'samepage/binary-content');
  });
});
