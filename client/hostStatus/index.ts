import * as vscode from 'vscode';
import { REFRESH_SETTING, KsmStatusBar } from './statusBar';
import { SHOW_HOST_KSM, showHostKsm } from './showHostKsm';

/** The host KSM command and status bar item. */
export function registerHostStatus(context: vscode.ExtensionContext): void {
  const statusBar = new KsmStatusBar(SHOW_HOST_KSM);
  context.subscriptions.push(
    statusBar,
    vscode.commands.registerCommand(SHOW_HOST_KSM, showHostKsm),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(REFRESH_SETTING)) statusBar.configure();
    }),
  );
}
