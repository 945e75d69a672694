import * as vscode from 'vscode';
import { REFRESH_SETTING, KsmStatusBar } from './statusBar';
import { HOST_KSM_SCHEME, HostKsmView, SHOW_HOST_KSM } from './showHostKsm';

/** The host KSM command (a read-only view) and status bar item. */
export function registerHostStatus(context: vscode.ExtensionContext): void {
  const statusBar = new KsmStatusBar(SHOW_HOST_KSM);
  const view = new HostKsmView();
  context.subscriptions.push(
    statusBar,
    view,
    vscode.workspace.registerTextDocumentContentProvider(HOST_KSM_SCHEME, view),
    vscode.commands.registerCommand(SHOW_HOST_KSM, () => view.show()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(REFRESH_SETTING)) statusBar.configure();
    }),
  );
}
