// "Samepage: Show this host's KSM state" in a real workbench: a read-only view of this host's
// /sys/kernel/mm/ksm that closes without a "save changes?" question.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activateSamepage, closeAllEditors } from './helpers';

suite('host KSM state', () => {
  teardown(closeAllEditors);

  test('the view is read-only Markdown of this host, never an unsaved document', async function () {
    assert.ok(fs.existsSync('/sys/kernel/mm/ksm/run'), 'this test needs a host with KSM');
    await activateSamepage();
    const summary = await vscode.commands.executeCommand('samepage.showHostKsm');
    assert.ok(summary, 'the command read the host');
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document, 'the view is open');
    assert.equal(document.uri.scheme, 'samepage-host');
    assert.equal(document.isUntitled, false, 'not an untitled document (closing one asks to save it)');
    assert.equal(document.languageId, 'markdown');
    assert.match(document.getText(), /^# KSM on this host/);
    assert.match(document.getText(), /run/);
    assert.equal(document.isDirty, false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, 0, 'closed without a question');
  });
});
