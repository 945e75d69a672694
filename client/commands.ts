import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerWhatIf } from './whatif/commands';
import { registerMeasureHost } from './measure/command';

/** Registers every contributed command. Each capability adds its command module here. */
export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('samepage.treatAsKsmtuned', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      await vscode.languages.setTextDocumentLanguage(editor.document, 'ksmtuned');
    }),
    vscode.commands.registerCommand('samepage.showFindings', (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!target) return [];
      return vscode.languages
        .getDiagnostics(target)
        .filter((d) => d.source === 'samepage')
        .map((d) => ({ code: typeof d.code === 'object' ? d.code.value : d.code, message: d.message, line: d.range.start.line }));
    }),
  );
  registerWhatIf(context, client);
  registerMeasureHost(context);
}
