// Quick fixes that only the real editor can prove: converting a CRLF document's line ends (VS Code
// keeps one line-end style per document, so the fix changes that setting), a file whose CRLF lines
// VS Code normalised on load, and a disable comment for a line inside a `\`-continued command.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateSamepage, closeAllEditors, fixtureUri, ruleIdOf, waitForDiagnostics, waitForRule } from './helpers';

/** Writes a file into the scratch workspace (the test's own input, byte for byte) and opens it. */
async function openWritten(relativePath: string, bytes: string): Promise<vscode.TextDocument> {
  const uri = fixtureUri(relativePath);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(bytes, 'utf8'));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

async function actionsFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
}

suite('quick fixes in the editor', () => {
  teardown(closeAllEditors);

  test('"Convert every line end to LF" converts a CRLF ksmtuned.conf, and the one CRLF finding goes away', async () => {
    await activateSamepage();
    const document = await openWritten('crlf/ksmtuned.conf', 'KSM_NPAGES_MAX=100\r\nKSM_SLEEP_MSEC=10\r\nKSM_THRES_COEF=20\r\n');
    assert.equal(document.eol, vscode.EndOfLine.CRLF);
    const crlf = await waitForRule(document.uri, 'ksmtuned/crlf');
    const all = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'samepage');
    assert.deepEqual(all.map(ruleIdOf), ['ksmtuned/crlf'], 'one finding for the cause, not one per line');
    assert.ok(!crlf.message.includes('\r'));

    const convert = (await actionsFor(document, crlf)).find((a) => a.title === 'Convert every line end to LF');
    assert.ok(convert?.command, 'the fix is offered as a command');
    await vscode.commands.executeCommand(convert.command.command, ...(convert.command.arguments ?? []));
    assert.equal(document.eol, vscode.EndOfLine.LF);
    assert.ok(!document.getText().includes('\r'));
    assert.ok(document.isDirty, 'changed in the editor, not saved');
    await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => ruleIdOf(d) === 'ksmtuned/crlf'), 'ksmtuned/crlf to clear');
  });

  test('a saved ksmtuned.conf with only some CRLF lines is still reported', async () => {
    await activateSamepage();
    const document = await openWritten('mixed/ksmtuned.conf', 'KSM_THRES_COEF=20\nKSM_NPAGES_MAX=100\r\nKSM_SLEEP_MSEC=10\nKSM_NPAGES_MIN=64\n');
    assert.ok(!document.getText().includes('\r'), 'VS Code shows the file with one kind of line end');
    const crlf = await waitForRule(document.uri, 'ksmtuned/crlf');
    assert.equal(crlf.range.start.line, 1);
    assert.match(crlf.message, /On disk, 1 line of this file end in CRLF/);
  });

  test('"Disable RULE for this line" inside a continued QEMU command puts the comment before the command', async () => {
    await activateSamepage();
    const script = '#!/bin/bash\nqemu-system-x86_64 -enable-kvm -m 1G \\\n  -machine pc,mem-merge=ON \\\n  -display none\n';
    const document = await openWritten('vms/start.sh', script);
    const bool = await waitForRule(document.uri, 'qemu/invalid-bool');
    assert.equal(bool.range.start.line, 2);
    const disable = (await actionsFor(document, bool)).find((a) => a.title === 'Disable qemu/invalid-bool for this line');
    assert.ok(disable?.edit, 'the disable fix is offered');
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.equal(document.getText(), script.replace('qemu-system', '# samepage-disable-next-line qemu/invalid-bool\nqemu-system'), 'the command stays whole');
    await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => ruleIdOf(d) === 'qemu/invalid-bool'), 'qemu/invalid-bool to be silenced');
  });
});
