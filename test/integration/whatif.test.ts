// "Samepage: Run what-if" inside a real extension host: the command opens the one webview panel,
// the page loads and says ready, the simulation runs in the worker thread, and the command
// resolves with the run the panel received.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateSamepage, closeAllEditors, fixtureUri, openFixture } from './helpers';
import { applyScenarioToDocument } from '../../client/whatif/applyToDocument';
import { readDocumentScenario } from '../../client/whatif/scenarioSource';
import { DocumentScenarioRequest, type RequestResult } from '../../server/protocol';

interface RunViewLike {
  label: string;
  scenario: { ksmtuned: { values: Record<string, string> } };
  sentences: string[];
  savedGiB: number;
  series: { t: number[]; pages_sharing: number[] };
}

/** Two 512 MiB Windows guests, KSM on at a fixed rate: a run of a second or two. */
const SMALL_SCENARIO = {
  name: 'Integration: two small Windows guests',
  host: { memTotalKb: 16777216, pageSize: 4096, hz: 1000, cpus: 8, numaNodes: 1, kernel: '3.10', swapKb: 0, otherUsedKb: 1048576, cachedKb: 524288 },
  guests: [{ name: 'win', count: 2, memoryMiB: 512, profile: 'windows10-idle', memMerge: true, thp: true }],
  knobs: { run: 1, pages_to_scan: 1000, sleep_millisecs: 20 },
  ksmtuned: { enabled: false, variant: 'fedora', values: {} },
  durationSeconds: 90,
};

function whatIfTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('samepage.whatIf'));
}

suite('what-if', () => {
  teardown(closeAllEditors);

  test('Run what-if on a scenario file opens the panel and posts a finished run', async function () {
    this.timeout(120_000);
    await activateSamepage();
    const uri = fixtureUri('small.samepage.json');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(SMALL_SCENARIO, null, 2)));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));

    const run = (await vscode.commands.executeCommand('samepage.runWhatIf', uri)) as RunViewLike;
    assert.equal(whatIfTabs().length, 1, 'one what-if panel');
    assert.ok(run && Array.isArray(run.sentences), 'the command resolves with the run');
    assert.match(run.sentences[0], /^KSM saves [\d.]+ GiB after 90 s/);
    assert.ok(run.savedGiB > 0, 'the two guests merge');
    assert.equal(run.series.t.at(-1), 90);

    // Running again reuses the same panel.
    const again = (await vscode.commands.executeCommand('samepage.runWhatIf', uri)) as RunViewLike;
    assert.equal(again.savedGiB, run.savedGiB, 'deterministic');
    assert.equal(whatIfTabs().length, 1, 'still one panel');
  });

  test('Run what-if on ksmtuned.conf uses its values; Apply edits it undoably without saving', async function () {
    this.timeout(120_000);
    const api = await activateSamepage();
    const editor = await openFixture('ksmtuned.conf');
    const { document } = editor;
    const run = (await vscode.commands.executeCommand('samepage.runWhatIf', document.uri.toString())) as RunViewLike;
    assert.equal(run.scenario.ksmtuned.values.KSM_THRES_COEF, '20', 'the conf value, read by the language server');
    assert.match(run.sentences.join(' '), /ksmtuned stopped KSM/);

    // By method name: a RequestType from this test bundle is not the extension bundle's jsonrpc instance.
    const server = (uri: vscode.Uri, label: string) => api.client.sendRequest<RequestResult<typeof DocumentScenarioRequest>>(DocumentScenarioRequest.method, { uri: uri.toString(), label });
    const edited = JSON.parse(JSON.stringify(run.scenario));
    edited.ksmtuned.values.KSM_THRES_COEF = '95';
    const source = { kind: 'ksmtuned' as const, label: 'ksmtuned.conf', canApply: true, uri: document.uri.toString() };
    const applied = await applyScenarioToDocument(source, edited, { readDocument: (doc) => readDocumentScenario(doc, server) });
    assert.ok(applied.ok, applied.message);
    assert.match(document.getText(), /^KSM_THRES_COEF=95$/m);
    assert.ok(document.isDirty, 'edited, not saved');
    await vscode.window.showTextDocument(document); // undo acts on the focused editor, not the panel
    await vscode.commands.executeCommand('undo');
    assert.match(document.getText(), /^KSM_THRES_COEF=20$/m, 'Undo restores the value');
  });
});
