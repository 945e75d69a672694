import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { registerCommands } from './commands';
import { registerHostStatus } from './hostStatus';
import { WhatIfPanel } from './whatif/panel';
import type { ToWebview } from './webview/protocol';

/** What activate() returns; integration tests wait on `ready` and on the what-if page's messages instead of sleeping. */
export interface SamepageApi {
  ready: Promise<void>;
  client: LanguageClient;
  /** Every message the what-if panel posts to its page. */
  onDidPostToWhatIf: vscode.Event<ToWebview>;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): SamepageApi {
  client = createLanguageClient(context);
  registerCommands(context, client);
  registerHostStatus(context);
  const ready = client.start();
  return { ready, client, onDidPostToWhatIf: WhatIfPanel.onDidPost };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
