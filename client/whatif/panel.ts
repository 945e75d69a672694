/**
 * The one what-if panel: creates or reveals the webview, answers its messages (validated, switch
 * dispatch), runs simulations in a worker with a cancellable progress notification, exports, and
 * applies edits to the source document through an undoable WorkspaceEdit. Only one simulation runs
 * at a time: a new run, a cancel or closing the panel terminates the worker of the previous one.
 */
import * as vscode from 'vscode';
import type { DocumentScenario } from '../../engine/whatif/documentScenario';
import { randomBytes } from 'node:crypto';
import { validateScenario } from '../../engine/whatif/validate';
import { withDistributionDefaults } from '../../engine/whatif/seed';
import type { Scenario } from '../../engine/whatif/scenario';
import { MAX_NOTE_LENGTH, MAX_NOTES, parseToHost, PROTOCOL_VERSION, type RunView, type Slot, type SourceInfo, type ToWebview } from '../webview/protocol';
import { renderHtml } from './html';
import { startRun, type RunHandle } from './engineRunner';
import { formKnowledge } from './formKnowledge';
import { applyScenarioToDocument } from './applyToDocument';
import { recordApplyTarget, restorePanel, type ApplyTarget } from './applyTarget';
import { exportFileName } from './exportName';
import { suggestSettings } from './suggest';
import { toSuggestionView } from './suggestionView';

export const WHATIF_VIEW_TYPE = 'samepage.whatIf';

export interface PanelInput {
  scenario: unknown;
  source: SourceInfo;
  /** The document "Apply" writes to; recorded in extension state, never sent to the page. */
  target?: ApplyTarget;
  notes: string[];
}

/** How a run the panel started ended: what the command resolves with and what the page was told. */
export type RunOutcome =
  | { kind: 'done'; slot: Slot; run: RunView }
  | { kind: 'cancelled'; slot: Slot; kept: RunView | undefined }
  | { kind: 'failed'; slot: Slot; message: string };

interface StoredRun {
  view: RunView;
  csv: string;
  json: string;
}

interface ActiveRun {
  slot: Slot;
  runId: number;
  handle: RunHandle;
  /** Set when a newer run replaced this one: the page hears about the newer run, not a cancel. */
  superseded: boolean;
}

export class WhatIfPanel {
  static current: WhatIfPanel | undefined;
  private static readonly posted = new vscode.EventEmitter<ToWebview>();
  /** Every message any what-if panel posts to its page (the integration tests follow the page with it). */
  static readonly onDidPost = WhatIfPanel.posted.event;

  private readonly panelId = randomBytes(12).toString('base64url');
  private input: PanelInput;
  private readonly runs = new Map<Slot, StoredRun>();
  private active: ActiveRun | undefined;
  private runCounter = 0;
  private ready = false;
  private disposed = false;
  /** The page has had this input before (hidden and shown, or restored after a reload). */
  private initialised: boolean;
  private autoRunPending: boolean;
  private readonly waiting: Array<(outcome: RunOutcome) => void> = [];
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

  /**
   * Rebuilds a panel VS Code restored after a reload: the scenario and wording from the page's
   * saved state, the Apply target only from what the extension recorded for that panel.
   */
  static revive(context: vscode.ExtensionContext, panel: vscode.WebviewPanel, state: unknown, hooks: PanelHooks): WhatIfPanel {
    panel.webview.options = webviewOptions(context);
    const restored = restorePanel(state, context.workspaceState);
    const input: PanelInput = restored
      ? { scenario: restored.scenario, source: restored.source, target: restored.target, notes: ['Restored from the previous session.'] }
      : { scenario: hooks.defaultScenario(), source: { kind: 'default', label: 'built-in seed scenario', canApply: false }, notes: [] };
    WhatIfPanel.current?.panel.dispose();
    return (WhatIfPanel.current = new WhatIfPanel(context, panel, input, hooks, restored?.panelId));
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    readonly panel: vscode.WebviewPanel,
    input: PanelInput,
    private readonly hooks: PanelHooks,
    panelId?: string,
  ) {
    if (panelId) this.panelId = panelId;
    this.input = input;
    this.recordTarget();
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

  /** Resolves with how the next run ends (for the command's return value and the integration tests). */
  nextOutcome(): Promise<RunOutcome> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Whether results would be replaced by a new input (the caller asks the user first). */
  get hasResults(): boolean {
    return this.runs.size > 0;
  }

  /** Stops the running simulation, if any; the page keeps the result it had. */
  cancel(): boolean {
    if (!this.active) return false;
    this.active.handle.cancel();
    return true;
  }

  private reset(input: PanelInput): void {
    this.input = input;
    this.recordTarget();
    this.runs.clear();
    this.initialised = false;
    this.autoRunPending = true;
    if (this.ready) {
      this.sendInit();
      this.autoRunPending = false;
      void this.run('a', input.scenario, input.source.label);
    }
  }

  private recordTarget(): void {
    void recordApplyTarget(this.context.workspaceState, this.panelId, this.input.target);
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
    WhatIfPanel.posted.fire(message);
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private sendInit(): void {
    const { scenario, source } = this.input;
    // The page drops an init whose notes break its bounds; long ones are cut rather than lost.
    const notes = this.input.notes.slice(0, MAX_NOTES).map((n) => (n.length > MAX_NOTE_LENGTH ? `${n.slice(0, MAX_NOTE_LENGTH - 1)}…` : n));
    this.post({ type: 'init', v: PROTOCOL_VERSION, panelId: this.panelId, scenario, source, form: formKnowledge(), notes, keepResults: this.initialised });
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
        this.cancel();
        return;
      case 'export':
        await this.export(message.slot, message.format);
        return;
      case 'apply':
        await this.apply(message.scenario);
        return;
      case 'importHost': {
        if (this.hasResults && !(await this.hooks.confirmReplace())) return;
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
      const advice = await suggestSettings({ tune: this.hooks.tuneWorkerFile, pool: this.hooks.poolWorkerFile }, rawScenario, scenarioFilePath(this.input.target), (done, total) => this.post({ type: 'suggestProgress', done, total }));
      if (advice) this.post({ type: 'suggestion', advice: toSuggestionView(advice) });
      else this.post({ type: 'error', message: 'The settings search was cancelled.' });
    } catch (error) {
      this.post({ type: 'error', message: `The settings search failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  async run(slot: Slot, rawScenario: unknown, label: string): Promise<void> {
    const checked = validateScenario(rawScenario);
    if (!checked.ok) return this.fail(slot, `The scenario is not valid:\n${checked.errors.join('\n')}`);
    if (this.active) {
      this.active.superseded = true;
      this.active.handle.cancel();
    }
    const runId = ++this.runCounter;
    this.post({ type: 'running', slot, runId });
    const scenario: Scenario = checked.scenario;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Samepage: simulating ${label.toLowerCase()}`, cancellable: true },
      async (progress, token) => {
        let reported = 0;
        const handle = startRun(this.hooks.workerFile, scenario, label, scenarioFilePath(this.input.target), ({ phase, fraction }) => {
          const percent = Math.round(fraction * 100);
          progress.report({ increment: Math.max(0, percent - reported), message: phase === 'preparing' ? 'building the guests' : `${percent}%` });
          reported = Math.max(reported, percent);
          this.post({ type: 'progress', runId, phase, fraction: Math.min(1, Math.max(0, fraction)) });
        });
        const active: ActiveRun = { slot, runId, handle, superseded: false };
        this.active = active;
        token.onCancellationRequested(() => handle.cancel());
        try {
          const outcome = await handle.done;
          if (outcome.kind === 'done') {
            this.runs.set(slot, outcome);
            this.post({ type: 'result', slot, runId, run: outcome.view });
            this.settle({ kind: 'done', slot, run: outcome.view });
          } else if (!active.superseded) {
            this.post({ type: 'cancelled', slot, runId });
            this.settle({ kind: 'cancelled', slot, kept: this.runs.get(slot)?.view });
          }
        } catch (error) {
          this.fail(slot, `The simulation failed: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          if (this.active === active) this.active = undefined;
        }
      },
    );
  }

  private settle(outcome: RunOutcome): void {
    for (const resolve of this.waiting.splice(0)) resolve(outcome);
  }

  private fail(slot: Slot, message: string): void {
    this.post({ type: 'error', message });
    this.settle({ kind: 'failed', slot, message });
  }

  private async apply(rawScenario: unknown): Promise<void> {
    const checked = validateScenario(rawScenario);
    if (!checked.ok) return this.post({ type: 'notice', ok: false, message: checked.errors.join('\n') });
    const result = await applyScenarioToDocument(this.input.target, checked.scenario, this.hooks);
    this.post({ type: 'notice', ...result });
    // The source's own words ("ksmtuned values from ksmtuned.conf: ...") follow the edit.
    const target = this.input.target;
    if (!result.ok || !target) return;
    const read = await this.hooks.readDocument(await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri, true)));
    if (read?.ok && this.input.target === target) {
      this.input = { ...this.input, notes: read.notes };
      if (this.ready) this.sendInit();
    }
  }

  private async export(slot: Slot, format: 'csv' | 'json'): Promise<void> {
    const run = this.runs.get(slot);
    if (!run) return this.post({ type: 'error', message: 'Run the simulation first, then export it.' });
    const name = exportFileName(this.input.source, slot, format);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(name),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      saveLabel: `Export ${format.toUpperCase()}`,
    });
    if (!target) return;
    // Written only to the file the user just chose in the save dialog.
    try {
      await vscode.workspace.fs.writeFile(target, Buffer.from(format === 'csv' ? run.csv : run.json, 'utf8'));
    } catch (error) {
      this.post({ type: 'notice', ok: false, message: `Could not write ${target.fsPath}: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    this.post({ type: 'notice', ok: true, message: `Exported ${slot.toUpperCase()} as ${format.toUpperCase()} to ${target.fsPath}` });
  }

  dispose(): void {
    this.disposed = true;
    this.active?.handle.cancel();
    if (WhatIfPanel.current === this) WhatIfPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export interface PanelHooks {
  workerFile: string;
  /** dist/client/tuneWorker.js: the "Suggest settings" search. */
  tuneWorkerFile: string;
  /** dist/cli/scenarioWorker.js: the search's runs, one worker per core. */
  poolWorkerFile: string;
  /** Run the panel's scenario as soon as the webview is ready. */
  autoRun: boolean;
  defaultScenario(): Scenario;
  importHost(): Promise<PanelInput | undefined>;
  /** Asks before an import replaces the scenario and the results A and B. */
  confirmReplace(): Promise<boolean>;
  /** What a document says as a scenario (ksmtuned values and assignments for Apply, its notes). */
  readDocument(document: vscode.TextDocument): Promise<DocumentScenario | undefined>;
  log(message: string): void;
}

function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')] };
}

/** The scenario file on disk, if the panel's scenario is one: a measured scenario's content file is found beside it. */
function scenarioFilePath(target: ApplyTarget | undefined): string | undefined {
  if (target?.kind !== 'scenario') return undefined;
  const uri = vscode.Uri.parse(target.uri);
  return uri.scheme === 'file' ? uri.fsPath : undefined;
}
