import * as vscode from 'vscode';
import { readKsmHost } from '../../engine/node/ksmHost';
import { summaryMarkdown, type KsmHostSummary } from '../../engine/sysfs/hostSummary';

export const SHOW_HOST_KSM = 'samepage.showHostKsm';

/** Opens this host's KSM state as a Markdown document; returns the summary (for tests) or undefined without KSM. */
export async function showHostKsm(): Promise<KsmHostSummary | undefined> {
  const host = readKsmHost();
  if (!host) {
    void vscode.window.showInformationMessage('Samepage: this host has no readable /sys/kernel/mm/ksm (no KSM, or not Linux).');
    return undefined;
  }
  const content = `# KSM on this host\n\n${summaryMarkdown(host.summary, host.ksm)}\n`;
  const doc = await vscode.workspace.openTextDocument({ content, language: 'markdown' });
  await vscode.window.showTextDocument(doc, { preview: true });
  return host.summary;
}
