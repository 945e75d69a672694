// A ksmtuned rule end to end: the server's diagnostic, its quick fix through VS Code's code-action
// machinery, and the diagnostic going away once the fix is applied.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateSamepage, closeAllEditors, insertText, openFixture, ruleIdOf, waitForDiagnostics, waitForRule } from './helpers';

suite('ksmtuned.conf', () => {
  teardown(closeAllEditors);

  test('a misspelt variable gets ksmtuned/unknown-variable and a quick fix renames it', async () => {
    await activateSamepage();
    const { document } = await openFixture('ksmtuned.conf');
    await insertText(document, new vscode.Position(0, 0), 'KSM_NPAGES_MAXX=10\n');

    const diagnostic = await waitForRule(document.uri, 'ksmtuned/unknown-variable');
    assert.equal(diagnostic.range.start.line, 0);
    assert.match(diagnostic.message, /KSM_NPAGES_MAX\b/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
    const rename = actions.find((a) => a.title === 'Change to KSM_NPAGES_MAX');
    assert.ok(rename?.edit, `quick fix offered; got ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    assert.equal(document.lineAt(0).text, 'KSM_NPAGES_MAX=10');

    await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => ruleIdOf(d) === 'ksmtuned/unknown-variable'), 'unknown-variable to clear');
  });
});
