/**
 * What-if commands: "Samepage: Run what-if" (palette, ksmtuned code lens, editor title) and
 * "Samepage: Import this host", plus the serializer that restores the panel after a reload.
 * runWhatIf resolves with the first finished run, which the integration test awaits.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { importThisHost } from '../../engine/node/hostImport';
import { seedScenario } from '../../engine/whatif/seed';
import { SCENARIO_FACTS_REQUEST, type ScenarioFactsParams, type ScenarioFactsResult } from '../../server/protocol';
import type { RunView } from '../webview/protocol';
import { WHATIF_VIEW_TYPE, WhatIfPanel, type PanelHooks, type PanelInput } from './panel';
import { scenarioFromDocument } from './scenarioSource';

export function registerWhatIf(context: vscode.ExtensionContext, client: LanguageClient): void {
  const output = vscode.window.createOutputChannel('Samepage what-if', { log: true });
  const documentFacts = async (uri: vscode.Uri): Promise<ScenarioFactsResult | undefined> => {
    try {
      await vscode.workspace.openTextDocument(uri); // the server only knows open documents
      const params: ScenarioFactsParams = { uri: uri.toString() };
      return await client.sendRequest<ScenarioFactsResult>(SCENARIO_FACTS_REQUEST, params);
    } catch (error) {
      output.warn(`scenario facts of ${uri.toString()}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const importHost = async (): Promise<PanelInput | undefined> => {
    try {
      const { scenario, notes } = importThisHost();
      return { scenario, source: { kind: 'host', label: 'this host', canApply: false }, notes };
    } catch (error) {
      void vscode.window.showErrorMessage(`Samepage could not read this host: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const hooks = (autoRun: boolean): PanelHooks => ({
    workerFile: context.asAbsolutePath('dist/client/whatifWorker.js'),
    tuneWorkerFile: context.asAbsolutePath('dist/client/tuneWorker.js'),
    autoRun,
    defaultScenario: seedScenario,
    importHost,
    documentFacts,
    log: (m) => output.warn(m),
  });

  const open = async (input: PanelInput): Promise<RunView> => {
    // A new panel runs once its page says ready; an open one runs the new scenario at once.
    const existing = WhatIfPanel.current;
    const result = existing?.nextResult();
    const panel = WhatIfPanel.createOrShow(context, input, hooks(true));
    return result ?? panel.nextResult();
  };

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('samepage.runWhatIf', async (target?: vscode.Uri | string): Promise<RunView> => {
      const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target instanceof vscode.Uri ? target : undefined;
      let document = vscode.window.activeTextEditor?.document;
      if (uri) {
        try {
          document = await vscode.workspace.openTextDocument(uri);
        } catch {
          void vscode.window.showWarningMessage(`Samepage cannot open ${uri.toString()}; using the seed scenario.`);
          document = undefined;
        }
      }
      return open(await scenarioFromDocument(document, documentFacts));
    }),
    vscode.commands.registerCommand('samepage.suggestSettings', async (target?: vscode.Uri | string): Promise<void> => {
      // Opens the panel on the document (running it once), then searches its controller's settings.
      const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target instanceof vscode.Uri ? target : undefined;
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      await open(await scenarioFromDocument(document, documentFacts));
      await WhatIfPanel.current?.suggest();
    }),
    // On ksmtuned.conf the same search is offered as a code action; it starts only when chosen.
    vscode.languages.registerCodeActionsProvider({ language: 'ksmtuned' }, {
      provideCodeActions(document) {
        const action = new vscode.CodeAction('Suggest settings with the simulator (Samepage)', vscode.CodeActionKind.Refactor.append('samepage.suggestSettings'));
        action.command = { command: 'samepage.suggestSettings', title: 'Suggest settings', arguments: [document.uri] };
        return [action];
      },
    }),
    vscode.commands.registerCommand('samepage.importHost', async (): Promise<RunView | undefined> => {
      const input = await importHost();
      return input ? open(input) : undefined;
    }),
    vscode.window.registerWebviewPanelSerializer(WHATIF_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        WhatIfPanel.revive(context, panel, state, hooks(false));
      },
    }),
  );
}
