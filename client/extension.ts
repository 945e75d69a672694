import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { registerCommands } from './commands';
import { registerHostStatus } from './hostStatus';

/** What activate() returns; integration tests wait on `ready` instead of sleeping. */
export interface SamepageApi {
  ready: Promise<void>;
  client: LanguageClient;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): SamepageApi {
  client = createLanguageClient(context);
  registerCommands(context, client);
  registerHostStatus(context);
  const ready = client.start();
  return { ready, client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
