/**
 * The one what-if panel: creates or reveals the webview, answers its messages (validated, switch
 * dispatch), runs simulations in a worker with a cancellable progress notification, exports, and
 * applies edits to the source document through an undoable WorkspaceEdit.
 */
import * as vscode from 'vscode';
import type { DocumentScenario } from '../../engine/whatif/documentScenario';
import { randomBytes } from 'node:crypto';
import { validateScenario } from '../../engine/whatif/validate';
import { withDistributionDefaults } from '../../engine/whatif/seed';
import type { Scenario } from '../../engine/whatif/scenario';
import { parsePersistedState, parseToHost, PROTOCOL_VERSION, type RunView, type Slot, type SourceInfo, type ToWebview } from '../webview/protocol';
import { renderHtml } from './html';
import { startRun, type RunHandle } from './engineRunner';
import { formKnowledge } from './formKnowledge';
import { applyScenarioToDocument } from './applyToDocument';
import { suggestSettings } from './suggest';
import { toSuggestionView } from './suggestionView';

export const WHATIF_VIEW_TYPE = 'samepage.whatIf';

export interface PanelInput {
  scenario: unknown;
  source: SourceInfo;
  notes: string[];
}

interface StoredRun {
  view: RunView;
  csv: string;
  json: string;
}

export class WhatIfPanel {
  static current: WhatIfPanel | undefined;
  private input: PanelInput;
  private readonly runs = new Map<Slot, StoredRun>();
  private active: RunHandle | undefined;
  private runCounter = 0;
  private ready = false;
  /** The page has had this input before (hidden and shown, or restored after a reload). */
  private initialised: boolean;
  private autoRunPending: boolean;
  private readonly waiting: Array<(run: RunView) => void> = [];
  private readonly disposables: vscode.Disposable[] = [];

  static createOrShow(context: vscode.ExtensionContext, input: PanelInput, hooks: PanelHooks): WhatIfPanel {
    if (WhatIfPanel.current) {
      WhatIfPanel.current.panel.reveal(vscode.ViewColumn.Beside);
      WhatIfPanel.current.reset(input);
      return WhatIfPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(WHATIF_VIEW_TYPE, 'Samepage what-if', vscode.ViewColumn.Beside, webviewOptions(context));
    return (WhatIfPanel.current = new WhatIfPanel(context, panel, input, hooks));
  }

  /** Rebuilds a panel VS Code restored after a reload, from the state the webview persisted. */
  static revive(context: vscode.ExtensionContext, panel: vscode.WebviewPanel, state: unknown, hooks: PanelHooks): WhatIfPanel {
    panel.webview.options = webviewOptions(context);
    const persisted = parsePersistedState(state);
    const input: PanelInput = persisted
      ? { scenario: persisted.scenario, source: persisted.source, notes: ['Restored from the previous session.'] }
      : { scenario: hooks.defaultScenario(), source: { kind: 'default', label: 'built-in seed scenario', canApply: false }, notes: [] };
    WhatIfPanel.current?.panel.dispose();
    return (WhatIfPanel.current = new WhatIfPanel(context, panel, input, hooks));
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    readonly panel: vscode.WebviewPanel,
    input: PanelInput,
    private readonly hooks: PanelHooks,
  ) {
    this.input = input;
    this.initialised = !hooks.autoRun;
    this.autoRunPending = hooks.autoRun;
    panel.webview.html = this.html();
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    // A hidden webview is torn down (no retainContextWhenHidden); it says 'ready' again when shown.
    panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false;
    }, null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m), null, this.disposables);
  }

  /** Resolves with the next finished run (for the command's return value and the integration test). */
  nextResult(): Promise<RunView> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private reset(input: PanelInput): void {
    this.input = input;
    this.runs.clear();
    this.initialised = false;
    this.autoRunPending = true;
    if (this.ready) {
      this.sendInit();
      this.autoRunPending = false;
      void this.run('a', input.scenario, input.source.label);
    }
  }

  private html(): string {
    const webview = this.panel.webview;
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview', name)).toString();
    return renderHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: asset('main.js'),
      styleUris: [asset('uPlot.min.css'), asset('style.css')],
    });
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private sendInit(): void {
    this.post({ type: 'init', v: PROTOCOL_VERSION, scenario: this.input.scenario, source: this.input.source, form: formKnowledge(), notes: this.input.notes, keepResults: this.initialised });
    this.initialised = true;
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseToHost(raw);
    if (!message) {
      this.hooks.log(`what-if panel: ignored a malformed message`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendInit();
        // Run once on opening; a page that reloads (hidden and shown again) keeps its results instead.
        if (this.autoRunPending) {
          this.autoRunPending = false;
          void this.run('a', this.input.scenario, this.input.source.label);
        }
        return;
      case 'run':
        await this.run(message.slot, message.scenario, message.slot === 'a' ? 'Edited configuration' : 'Comparison');
        return;
      case 'compareDefaults': {
        const checked = validateScenario(message.scenario);
        if (!checked.ok) return this.post({ type: 'error', message: checked.errors.join('\n') });
        await this.run('b', withDistributionDefaults(checked.scenario), 'Distribution defaults');
        return;
      }
      case 'cancel':
        this.active?.cancel();
        return;
      case 'export':
        await this.export(message.slot, message.format);
        return;
      case 'apply': {
        const checked = validateScenario(message.scenario);
        if (!checked.ok) return this.post({ type: 'applied', ok: false, message: checked.errors.join('\n') });
        const result = await applyScenarioToDocument(this.input.source, checked.scenario, this.hooks);
        this.post({ type: 'applied', ...result });
        return;
      }
      case 'importHost': {
        const imported = await this.hooks.importHost();
        if (imported) this.reset(imported);
        return;
      }
      case 'suggest':
        await this.suggest(message.scenario);
        return;
      case 'stateChanged': {
        // The webview's own edits: kept so a later reveal does not lose them.
        this.input = { ...this.input, scenario: message.scenario };
        return;
      }
    }
  }

  /** "Suggest settings": the tune search on the edited scenario; the webview plots the frontier. */
  async suggest(rawScenario: unknown = this.input.scenario): Promise<void> {
    try {
      const advice = await suggestSettings(this.hooks.tuneWorkerFile, rawScenario, (done, total) => this.post({ type: 'suggestProgress', done, total }));
      if (advice) this.post({ type: 'suggestion', advice: toSuggestionView(advice) });
      else this.post({ type: 'error', message: 'The settings search was cancelled.' });
    } catch (error) {
      this.post({ type: 'error', message: `The settings search failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  async run(slot: Slot, rawScenario: unknown, label: string): Promise<void> {
    const checked = validateScenario(rawScenario);
    if (!checked.ok) {
      this.post({ type: 'error', message: `The scenario is not valid:\n${checked.errors.join('\n')}` });
      return;
    }
    this.active?.cancel();
    const runId = ++this.runCounter;
    this.post({ type: 'running', slot, runId });
    const scenario: Scenario = checked.scenario;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Samepage: simulating ${label.toLowerCase()}`, cancellable: true },
      async (progress, token) => {
        let reported = 0;
        const handle = startRun(this.hooks.workerFile, scenario, label, scenarioFilePath(this.input.source), (fraction) => {
          progress.report({ increment: Math.max(0, fraction * 100 - reported), message: `${Math.round(fraction * 100)}%` });
          reported = fraction * 100;
          this.post({ type: 'progress', runId, fraction: Math.min(1, Math.max(0, fraction)) });
        });
        this.active = handle;
        token.onCancellationRequested(() => handle.cancel());
        try {
          const done = await handle.done;
          this.runs.set(slot, done);
          this.post({ type: 'result', slot, runId, run: done.view });
          for (const resolve of this.waiting.splice(0)) resolve(done.view);
        } catch (error) {
          this.post({ type: 'error', message: `The simulation failed: ${error instanceof Error ? error.message : String(error)}` });
        } finally {
          if (this.active === handle) this.active = undefined;
        }
      },
    );
  }

  private async export(slot: Slot, format: 'csv' | 'json'): Promise<void> {
    const run = this.runs.get(slot);
    if (!run) return this.post({ type: 'error', message: 'Run the simulation first, then export it.' });
    const target = await vscode.window.showSaveDialog({
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      saveLabel: `Export ${format.toUpperCase()}`,
    });
    if (!target) return;
    // Written only to the file the user just chose in the save dialog.
    await vscode.workspace.fs.writeFile(target, Buffer.from(format === 'csv' ? run.csv : run.json, 'utf8'));
  }

  dispose(): void {
    this.active?.cancel();
    if (WhatIfPanel.current === this) WhatIfPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export interface PanelHooks {
  workerFile: string;
  /** dist/client/tuneWorker.js: the "Suggest settings" search. */
  tuneWorkerFile: string;
  /** Run the panel's scenario as soon as the webview is ready. */
  autoRun: boolean;
  defaultScenario(): Scenario;
  importHost(): Promise<PanelInput | undefined>;
  /** What a document says as a scenario (ksmtuned values and assignments for Apply). */
  readDocument(document: vscode.TextDocument): Promise<DocumentScenario | undefined>;
  log(message: string): void;
}

function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')] };
}

/** The scenario file on disk, if the panel's scenario is one: a measured scenario's content file is found beside it. */
function scenarioFilePath(source: SourceInfo): string | undefined {
  if (source.kind !== 'scenario' || !source.uri) return undefined;
  const uri = vscode.Uri.parse(source.uri);
  return uri.scheme === 'file' ? uri.fsPath : undefined;
}
