/**
 * What-if commands: "Samepage: Run what-if" (palette, ksmtuned code lens, editor title),
 * "Samepage: Cancel what-if" and "Samepage: Import this host", plus the serializer that restores
 * the panel after a reload. runWhatIf and importHost resolve with the next finished run, or
 * undefined when it was cancelled (the panel keeps the result it had) or failed (the panel says why).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { importThisHost } from '../../engine/node/hostImport';
import { scriptMayConfigureKsm } from '../../engine/whatif/scriptApply';
import { seedScenario } from '../../engine/whatif/seed';
import { DocumentScenarioRequest } from '../../server/protocol';
import type { RunView } from '../webview/protocol';
import { WHATIF_VIEW_TYPE, WhatIfPanel, type PanelHooks, type PanelInput } from './panel';
import { readDocumentScenario, scenarioFromDocument, type ServerScenario } from './scenarioSource';

export function registerWhatIf(context: vscode.ExtensionContext, client: LanguageClient): void {
  const output = vscode.window.createOutputChannel('Samepage what-if', { log: true });
  const server: ServerScenario = async (uri, label) => {
    try {
      return await client.sendRequest(DocumentScenarioRequest, { uri: uri.toString(), label });
    } catch (error) {
      output.warn(`scenario of ${uri.toString()}: ${error instanceof Error ? error.message : String(error)}`);
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
  const confirmReplace = async (): Promise<boolean> => {
    const replace = 'Replace A and B';
    try {
      const answer = await vscode.window.showWarningMessage('Import this host into the what-if panel? It replaces the scenario and the results A and B shown there.', { modal: true }, replace);
      return answer === replace;
    } catch {
      return false; // no dialog could be shown: nothing is replaced
    }
  };
  const hooks = (autoRun: boolean): PanelHooks => ({
    workerFile: context.asAbsolutePath('dist/client/whatifWorker.js'),
    tuneWorkerFile: context.asAbsolutePath('dist/client/tuneWorker.js'),
    poolWorkerFile: context.asAbsolutePath('dist/cli/scenarioWorker.js'),
    autoRun,
    defaultScenario: seedScenario,
    importHost,
    confirmReplace,
    readDocument: (document) => readDocumentScenario(document, server),
    log: (m) => output.warn(m),
  });

  const open = async (input: PanelInput): Promise<RunView | undefined> => {
    // A new panel runs once its page says ready; an open one runs the new scenario at once.
    const existing = WhatIfPanel.current;
    const outcome = existing?.nextOutcome();
    const panel = WhatIfPanel.createOrShow(context, input, hooks(true));
    const settled = await (outcome ?? panel.nextOutcome());
    return settled.kind === 'done' ? settled.run : undefined;
  };

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('samepage.runWhatIf', async (target?: vscode.Uri | string): Promise<RunView | undefined> => {
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
      return open(await scenarioFromDocument(document, server));
    }),
    vscode.commands.registerCommand('samepage.cancelWhatIf', (): boolean => WhatIfPanel.current?.cancel() ?? false),
    vscode.commands.registerCommand('samepage.suggestSettings', async (target?: vscode.Uri | string): Promise<void> => {
      // Opens the panel on the document (running it once), then searches its controller's settings.
      const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target instanceof vscode.Uri ? target : undefined;
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      await open(await scenarioFromDocument(document, server));
      await WhatIfPanel.current?.suggest();
    }),
    // On ksmtuned.conf and on scripts that write KSM knobs or start QEMU the same search is offered as a code action; it starts only when chosen.
    vscode.languages.registerCodeActionsProvider([{ language: 'ksmtuned' }, { language: 'shellscript' }], {
      provideCodeActions(document) {
        if (document.languageId === 'shellscript' && !scriptMayConfigureKsm(document.getText())) return [];
        const action = new vscode.CodeAction('Suggest settings with the simulator (Samepage)', vscode.CodeActionKind.Refactor.append('samepage.suggestSettings'));
        action.command = { command: 'samepage.suggestSettings', title: 'Suggest settings', arguments: [document.uri] };
        return [action];
      },
    }),
    vscode.commands.registerCommand('samepage.importHost', async (): Promise<RunView | undefined> => {
      if (WhatIfPanel.current?.hasResults && !(await confirmReplace())) return undefined;
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
