// "Samepage: Run what-if" inside a real extension host: the command opens the one webview panel,
// the page loads and says ready, the simulation runs in the worker thread, and the command
// resolves with the run the panel received.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateSamepage, closeAllEditors, fixtureUri, openFixture, waitForEvent, waitForRule } from './helpers';
import { field, webviewClick, webviewFill, webviewText, webviewWait } from './driver';
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

/** Writes `scenario` as a scenario file of the workspace and runs the what-if on it. */
async function runScenarioFile(name: string, scenario: unknown): Promise<RunViewLike | undefined> {
  const uri = fixtureUri(name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(scenario, null, 2)));
  return vscode.commands.executeCommand<RunViewLike | undefined>('samepage.runWhatIf', uri);
}

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
    const target = { kind: 'ksmtuned' as const, label: 'ksmtuned.conf', uri: document.uri.toString() };
    const applied = await applyScenarioToDocument(target, edited, { readDocument: (doc) => readDocumentScenario(doc, server) });
    assert.ok(applied.ok, applied.message);
    assert.match(document.getText(), /^KSM_THRES_COEF=95$/m);
    assert.ok(document.isDirty, 'edited, not saved');
    await vscode.window.showTextDocument(document); // undo acts on the focused editor, not the panel
    await vscode.commands.executeCommand('undo');
    assert.match(document.getText(), /^KSM_THRES_COEF=20$/m, 'Undo restores the value');
  });
});

suite('what-if panel: a scenario that cannot run', () => {
  teardown(closeAllEditors);

  test('Run what-if on an invalid scenario file resolves (no hang) and the page says why', async function () {
    this.timeout(60_000);
    await activateSamepage();
    const run = await runScenarioFile('invalid.samepage.json', { ...SMALL_SCENARIO, durationSeconds: -5 });
    assert.equal(run, undefined);
    assert.match(await webviewText('.status'), /The scenario is not valid:[\s\S]*durationSeconds/);
  });
});

suite('what-if panel: cancel and stale results', () => {
  teardown(closeAllEditors);

  test('an edit marks the result out of date; a cancelled rerun keeps it and says so; closing the panel stops the worker', async function () {
    this.timeout(180_000);
    const api = await activateSamepage();
    const first = (await runScenarioFile('cancel.samepage.json', SMALL_SCENARIO))!;
    await webviewWait('body[data-result="ready"]');
    const headline = await webviewText('.run-a .headline');
    assert.equal(headline, `${first.savedGiB.toFixed(2)} GiB saved`);

    // Edit the panel's form into a large host: the result on screen is now out of date.
    await webviewFill(field('MemTotal (GiB)'), '256');
    await webviewFill(field('Count'), '60');
    await webviewFill(field('RAM (MiB)'), '4096');
    await webviewFill(field('Duration (s)'), '3600');
    await webviewFill(field('pages_to_scan'), '4000000');
    assert.match(await webviewText('.run-a .badge'), /Out of date/);

    // Rerun from the page: progress reaches the page within a second of the run starting.
    const running = waitForEvent(api.onDidPostToWhatIf, (m) => m.type === 'running', 'the rerun starting').then(() => Date.now());
    const firstProgress = waitForEvent(api.onDidPostToWhatIf, (m) => m.type === 'progress', 'the first progress').then(() => Date.now());
    const simulating = waitForEvent(api.onDidPostToWhatIf, (m) => m.type === 'progress' && m.phase === 'simulating', 'the rerun simulating', 60_000);
    await webviewClick('.toolbar button.primary');
    const progressAfterMs = (await firstProgress) - (await running);
    assert.ok(progressAfterMs < 1000, `first progress ${progressAfterMs} ms after the run started`);
    // Cancel it from the page once the worker is simulating.
    await simulating;
    const cancelled = waitForEvent(api.onDidPostToWhatIf, (m) => m.type === 'cancelled', 'the cancel', 10_000);
    await webviewClick('.toolbar button:text-is("Cancel")');
    const asked = Date.now();
    await cancelled;
    const tookMs = Date.now() - asked;
    assert.ok(tookMs < 1000, `the worker stopped ${tookMs} ms after the click`);
    assert.match(await webviewText('.status'), /Cancelled\. A keeps its previous result, which is out of date/);
    assert.equal(await webviewText('.run-a .headline'), headline, 'the previous result is still shown');
    assert.match(await webviewText('.run-a .badge'), /Out of date/);

    // A new rerun, then the panel is closed: its worker is terminated, not left running.
    const again = waitForEvent(api.onDidPostToWhatIf, (m) => m.type === 'progress' && m.phase === 'simulating', 'the second rerun simulating', 60_000);
    await webviewClick('.toolbar button.primary');
    await again;
    const stopped = waitForEvent(api.onDidPostToWhatIf, (m) => m.type === 'cancelled', 'the worker stopping with the panel', 10_000);
    const closedAt = Date.now();
    await vscode.window.tabGroups.close(whatIfTabs());
    await stopped;
    assert.ok(Date.now() - closedAt < 1000, `the worker stopped ${Date.now() - closedAt} ms after the panel closed`);
    assert.equal(whatIfTabs().length, 0);
  });
});

suite('what-if panel: values from ksmtuned.conf', () => {
  teardown(closeAllEditors);

  test('a wrong conf value (KSM_THRES_COEF=08) is shown as written, with its finding, and run as ksmtuned runs it', async function () {
    this.timeout(120_000);
    await activateSamepage();
    const uri = fixtureUri('octal/ksmtuned.conf');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('KSM_NPAGES_MAX=1250\nKSM_THRES_COEF=08\n'));
    const { document } = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitForRule(document.uri, 'ksmtuned/octal');
    const run = (await vscode.commands.executeCommand('samepage.runWhatIf', document.uri)) as RunViewLike;
    assert.equal(run.scenario.ksmtuned.values.KSM_THRES_COEF, '08', 'the value as written');
    assert.match(run.sentences.join(' '), /ksmtuned's threshold is empty: its arithmetic failed on a ksmtuned\.conf value/);
    await webviewWait('body[data-result="ready"]');
    assert.equal(await webviewText('h1'), 'What-if of octal/ksmtuned.conf', 'the heading names the conf, not the seed');
    assert.match(await webviewText('header'), /KSM_THRES_COEF \(line 2\): KSM_THRES_COEF=08: a leading 0 makes bash read an octal number/);
    await webviewWait(`${field('KSM_THRES_COEF')}[aria-invalid="true"]`);
  });

  test('after Apply from the page, the "ksmtuned values from" line shows the new value', async function () {
    this.timeout(120_000);
    const api = await activateSamepage();
    const { document } = await openFixture('ksmtuned.conf');
    await vscode.commands.executeCommand('samepage.runWhatIf', document.uri);
    await webviewWait('body[data-result="ready"]');
    assert.match(await webviewText('header'), /KSM_THRES_COEF=20/);
    await webviewFill(field('KSM_THRES_COEF'), '95');
    const reread = waitForEvent(api.onDidPostToWhatIf, (m) => m.type === 'init' && m.notes.some((n) => /KSM_THRES_COEF=95/.test(n)), 'the notes re-read after Apply');
    await webviewClick('.toolbar button:text-is("Apply to file")');
    await reread;
    assert.match(document.getText(), /^KSM_THRES_COEF=95$/m);
    assert.match(await webviewText('.status'), /Applied to ksmtuned\.conf/);
    assert.match(await webviewText('header'), /KSM_THRES_COEF=95/);
  });
});
