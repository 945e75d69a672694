// "Suggest settings" inside a real extension host: the page's button starts the search in its worker
// (progress reaches the page), the frontier comes back, a picked point is applied into the document
// as one edit that a single Undo takes back. The code action offers the same search without starting it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateSamepage, closeAllEditors, fixtureUri, waitForEvent } from './helpers';
import { field, webviewClick, webviewFill, webviewWait } from './driver';
import type { SuggestionView, ToWebview } from '../../client/webview/protocol';
import { knobByName } from '../../engine/knowledge/knobs';
import { knobsWrittenBy } from '../../engine/whatif/documentFacts';
import { LineIndex } from '../../engine/text/lineIndex';

const SEARCH_TIMEOUT_MS = 170_000;
const ACTION_TITLE = 'Suggest settings with the simulator (Samepage)';

async function openWritten(relativePath: string, text: string): Promise<vscode.TextDocument> {
  const uri = fixtureUri(relativePath);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  const { document } = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  return document;
}

/** Clicks "Suggest settings" on the page and resolves with the advice, after at least one progress message. */
async function suggestFromPage(onPost: vscode.Event<ToWebview>): Promise<SuggestionView> {
  const progress = waitForEvent(onPost, (m) => m.type === 'suggestProgress', 'the search progress', SEARCH_TIMEOUT_MS);
  const suggestion = waitForEvent(onPost, (m) => m.type === 'suggestion', 'the suggestion', SEARCH_TIMEOUT_MS);
  await webviewClick('.suggestions button:text-is("Suggest settings")');
  await progress;
  const message = await suggestion;
  assert.equal(message.type, 'suggestion');
  return (message as Extract<ToWebview, { type: 'suggestion' }>).advice;
}

/** Clicks the page's Apply under the suggestions and resolves with what the extension said. */
async function applyFromPage(onPost: vscode.Event<ToWebview>): Promise<{ ok: boolean; message: string }> {
  const notice = waitForEvent(onPost, (m) => m.type === 'notice', 'the Apply notice');
  await webviewClick('.suggestions button:text-is("Apply")');
  return (await notice) as { ok: boolean; message: string };
}

async function undoOnce(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document); // undo acts on the focused editor, not the panel
  await vscode.commands.executeCommand('undo');
}

suite('Suggest settings', () => {
  teardown(closeAllEditors);

  test('on ksmtuned.conf: search from the page, pick a point, Apply writes it as one undoable edit', async function () {
    this.timeout(SEARCH_TIMEOUT_MS + 60_000);
    const api = await activateSamepage();
    const before = 'KSM_THRES_COEF=20\nKSM_NPAGES_MAX=1250\n';
    const document = await openWritten('suggest/ksmtuned.conf', before);
    await vscode.commands.executeCommand('samepage.runWhatIf', document.uri);
    await webviewWait('body[data-result="ready"]');
    // A small host, so that the search (one run per point) is quick: four 1 GiB guests on 16 GiB for 5 minutes.
    await webviewFill(field('MemTotal (GiB)'), '16');
    await webviewFill(field('Count'), '4');
    await webviewFill(field('RAM (MiB)'), '1024');
    await webviewFill(field('Duration (s)'), '300');

    const advice = await suggestFromPage(api.onDidPostToWhatIf);
    assert.ok(advice.frontier.length >= 1, 'a frontier');
    // The point that saves most: on this host KSM_THRES_COEF=20 keeps KSM off, so it changes the conf.
    const last = advice.frontier.length - 1;
    const picked = advice.frontier[last];
    assert.ok(picked.savedGiB > 0, 'the best point saves memory');
    await webviewClick(`#pick-${last}`);
    const applied = await applyFromPage(api.onDidPostToWhatIf);
    assert.ok(applied.ok, applied.message);
    assert.match(applied.message, /Applied to suggest\/ksmtuned\.conf \(not saved; Undo reverts it\)/);

    const text = document.getText();
    assert.notEqual(text, before);
    for (const [name, value] of Object.entries(picked.settings)) assert.match(text, new RegExp(`^${name}=${value}$`, 'm'), `${name}=${value} in the conf`);
    assert.ok(document.isDirty, 'edited, not saved');
    await undoOnce(document);
    assert.equal(document.getText(), before, 'one Undo restores the whole file');
  });

  test('on a shell script: the code action is offered without searching; Apply changes its KSM writes as one undoable edit', async function () {
    this.timeout(SEARCH_TIMEOUT_MS + 60_000);
    const api = await activateSamepage();
    const posted: string[] = [];
    const listening = api.onDidPostToWhatIf((m) => posted.push(m.type));
    try {
      const plain = await openWritten('suggest/hello.sh', '#!/bin/bash\necho hello\n');
      const plainActions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', plain.uri, new vscode.Range(1, 0, 1, 0));
      assert.ok(!plainActions.some((a) => a.title === ACTION_TITLE), 'not offered on a script without KSM writes or QEMU');

      const before = '#!/bin/bash\necho 1 > /sys/kernel/mm/ksm/run\necho 100 > /sys/kernel/mm/ksm/pages_to_scan\nqemu-system-x86_64 -m 1024 -machine pc,mem-merge=on -display none &\nqemu-system-x86_64 -m 1024 -machine pc,mem-merge=on -display none &\n';
      const document = await openWritten('suggest/start-guests.sh', before);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(3, 0, 3, 0));
      const action = actions.find((a) => a.title === ACTION_TITLE);
      assert.ok(action?.command, 'the Suggest settings action is offered');
      assert.equal(action.command.command, 'samepage.suggestSettings');
      assert.equal(String(action.command.arguments?.[0]), document.uri.toString());
      assert.ok(!posted.includes('suggestProgress'), 'asking for code actions starts no search');

      await vscode.commands.executeCommand('samepage.runWhatIf', document.uri);
      await webviewWait('body[data-result="ready"]');
      // Knobs as the script sets them, no ksmtuned: the search varies pages_to_scan and sleep_millisecs.
      await webviewClick('.field.check:has(> label:text-is("ksmtuned enabled")) > input');
      await webviewFill(field('Duration (s)'), '300');
      const advice = await suggestFromPage(api.onDidPostToWhatIf);
      // The cheapest point: it scans less often than the script's pages_to_scan=100 at the default 20 ms.
      const picked = advice.frontier[0];
      assert.deepEqual(Object.keys(picked.settings).sort(), ['pages_to_scan', 'run', 'sleep_millisecs']);
      await webviewClick('#pick-0');
      const applied = await applyFromPage(api.onDidPostToWhatIf);
      assert.ok(applied.ok, applied.message);

      const text = document.getText();
      const written = knobsWrittenBy({ fileName: 'start-guests.sh', text, kind: 'shell', index: new LineIndex(text) }) as Record<string, unknown>;
      for (const [name, value] of Object.entries(picked.settings)) assert.equal(String(written[name] ?? knobByName(name)?.default), value, `the script leaves ${name}=${value}`);
      assert.notEqual(text, before);
      assert.match(applied.message, /Applied to suggest\/start-guests\.sh \(not saved; Undo reverts it\)\. wrote /);
      assert.match(text, /^qemu-system-x86_64 -m 1024/m, 'the guests are untouched');
      await undoOnce(document);
      assert.equal(document.getText(), before, 'one Undo restores the whole script');
    } finally {
      listening.dispose();
    }
  });
});
