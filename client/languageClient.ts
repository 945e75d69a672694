import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/**
 * The documents the server analyses: our own ksmtuned language, shell scripts, markdown, the
 * sysfs-setting file kinds, Proxmox VM configs, and XML (the server takes only those whose root is
 * a libvirt <domain>, engine/language/documentKind.ts).
 */
export const DOCUMENT_SELECTOR = [
  { language: 'ksmtuned' },
  { language: 'shellscript' },
  { language: 'markdown' },
  { language: 'xml' },
  { language: 'proxmox-vm' },
  { pattern: '**/sysfs.conf' },
  { pattern: '**/sysfs.d/*.conf' },
  { pattern: '**/tmpfiles.d/*.conf' },
  { pattern: '**/*.{service,socket,timer}' },
  { pattern: '**/*.{service,socket,timer}.d/*.conf' },
];

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server/main.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'samepage' },
    initializationOptions: { settings: vscode.workspace.getConfiguration('samepage') },
  };
  return new LanguageClient('samepage', 'Samepage', serverOptions, clientOptions);
}
