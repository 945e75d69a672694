/**
 * What-if commands: "Samepage: Run what-if" (palette, ksmtuned code lens, editor title) and
 * "Samepage: Import this host", plus the serializer that restores the panel after a reload.
 * runWhatIf resolves with the first finished run, which the integration test awaits.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { importThisHost } from '../../engine/node/hostImport';
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
  const hooks = (autoRun: boolean): PanelHooks => ({
    workerFile: context.asAbsolutePath('dist/client/whatifWorker.js'),
    autoRun,
    defaultScenario: seedScenario,
    importHost,
    readDocument: (document) => readDocumentScenario(document, server),
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
      return open(await scenarioFromDocument(document, server));
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
