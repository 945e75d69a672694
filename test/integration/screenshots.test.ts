// `npm run screenshots`: the README's pictures of the real workbench, taken by the harness
// (SAMEPAGE_IT_SCREENSHOTS=1), so they are regenerated rather than drawn: diagnostics with the
// quick-fix menu, a knob hover, and the what-if panel (A and B) in a dark and a light theme.
// Written to media/ of the checkout. The suite exists only in that mode: a test that did not run
// would count as failed in the ordinary run.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateSamepage, closeAllEditors, EXTENSION_ID, fixtureUri, waitForDiagnostics, waitForEvent, webviewTabs } from './helpers';
import { screenshot, webviewClick, webviewScroll, webviewWait, workbenchWait } from './driver';

const CONF = `# ksmtuned.conf of a KVM host
KSM_MONITOR_INTERVAL=60
KSM_SLEEP_MSEC=10
KSM_NPAGES_BOOST = 300
KSM_NPAGES_MAX=1250
KSM_THRES_COEF=95
KSM_THRES_CONST=2048
DEBUG=0
`;

const SCRIPT = `#!/bin/sh
# Let ksmd scan faster while the guests boot
echo 1 > /sys/kernel/mm/ksm/run
echo 1200 > /sys/kernel/mm/ksm/pages_to_scan
echo 20 > /sys/kernel/mm/ksm/sleep_millisecs
`;

function media(name: string): string {
  const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  return path.join(root, 'media', name);
}

async function write(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = fixtureUri(name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

async function theme(name: string): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', name, vscode.ConfigurationTarget.Global);
}

if (process.env.SAMEPAGE_IT_SCREENSHOTS === '1') {
  suite('screenshots', () => {
    suiteSetup(async () => {
      await activateSamepage();
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    });
    teardown(closeAllEditors);
    suiteTeardown(() => theme('Default Dark Modern'));

    test('diagnostics with a quick fix', async () => {
      await theme('Default Dark Modern');
      const editor = await write('ksmtuned.conf', CONF);
      const diagnostics = await waitForDiagnostics(editor.document.uri, (ds) => ds.length >= 2, 'the findings of the screenshot conf');
      const spaced = diagnostics.find((d) => d.range.start.line === 3);
      assert.ok(spaced, `a finding on "KSM_NPAGES_BOOST = 300"; got ${diagnostics.map((d) => d.message).join(' | ')}`);
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await vscode.window.showTextDocument(editor.document);
      editor.selection = new vscode.Selection(spaced.range.start, spaced.range.start);
      await vscode.commands.executeCommand('editor.action.quickFix');
      await workbenchWait('.action-widget');
      await screenshot(media('screenshot-diagnostics.png'));
      await vscode.commands.executeCommand('workbench.action.closePanel');
    });

    test('a knob hover', async () => {
      const editor = await write('tune-ksm.sh', SCRIPT);
      await waitForEvent(vscode.languages.onDidChangeDiagnostics, () => true, 'the script analysed').catch(() => undefined);
      const line = 3;
      const column = editor.document.lineAt(line).text.indexOf('pages_to_scan') + 3;
      editor.selection = new vscode.Selection(line, column, line, column);
      await vscode.commands.executeCommand('editor.action.showHover');
      await workbenchWait('.monaco-hover .hover-contents, .monaco-hover .markdown-hover');
      await screenshot(media('screenshot-hover.png'));
    });

    // Dark: the words and the first chart; light: further down, the scan rate and free memory
    // against each run's ksmtuned threshold.
    for (const [file, name, scrollTo] of [
      ['screenshot-whatif-dark.png', 'Default Dark Modern', undefined],
      ['screenshot-whatif-light.png', 'Default Light Modern', '#chart-scan'],
    ] as const) {
      test(`the what-if panel, ${name}`, async function () {
        this.timeout(180_000);
        const api = await activateSamepage();
        await theme(name);
        const editor = await write('ksmtuned.conf', CONF);
        await vscode.commands.executeCommand('samepage.runWhatIf', editor.document.uri);
        await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
        assert.equal(webviewTabs('samepage.whatIf').length, 1);
        await webviewWait('body[data-result="ready"]');
        const compared = waitForEvent(api.onDidPostToWhatIf, (m) => m.type === 'result' && m.slot === 'b', 'run B', 120_000);
        await webviewClick('.toolbar button:text-is("Compare with distribution defaults")');
        await compared;
        await webviewWait('.run-b .headline');
        if (scrollTo) await webviewScroll(scrollTo);
        await screenshot(media(file));
      });
    }
  });
}
