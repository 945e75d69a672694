/**
 * "Samepage: Show this host's KSM state": a read-only Markdown view of /sys/kernel/mm/ksm, read
 * afresh each time it is opened. It is served by a content provider (scheme samepage-host), not
 * an untitled document, so VS Code never asks to save it on close.
 */
import * as vscode from 'vscode';
import { readKsmHost } from '../../engine/node/ksmHost';
import { summaryMarkdown, type KsmHostSummary } from '../../engine/sysfs/hostSummary';

export const SHOW_HOST_KSM = 'samepage.showHostKsm';
export const HOST_KSM_SCHEME = 'samepage-host';
const HOST_KSM_URI = vscode.Uri.from({ scheme: HOST_KSM_SCHEME, path: '/KSM on this host.md' });

export class HostKsmView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(): string {
    const host = readKsmHost();
    if (!host) return '# KSM on this host\n\nThis host has no readable /sys/kernel/mm/ksm (no KSM, or not Linux).\n';
    return `# KSM on this host\n\n${summaryMarkdown(host.summary, host.ksm)}\n`;
  }

  /** Opens the view with the host read now; returns the summary (for tests) or undefined without KSM. */
  async show(): Promise<KsmHostSummary | undefined> {
    const host = readKsmHost();
    if (!host) {
      void vscode.window.showInformationMessage('Samepage: this host has no readable /sys/kernel/mm/ksm (no KSM, or not Linux).');
      return undefined;
    }
    this.changed.fire(HOST_KSM_URI); // an open view re-reads the host
    const doc = await vscode.workspace.openTextDocument(HOST_KSM_URI);
    await vscode.window.showTextDocument(doc, { preview: true });
    return host.summary;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
