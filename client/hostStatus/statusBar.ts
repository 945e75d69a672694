import * as vscode from 'vscode';
import { readKsmHost } from '../../engine/node/ksmHost';
import { describeKsmdState, formatBytes, formatRatio, statusBarText } from '../../engine/sysfs/hostSummary';

export const REFRESH_SETTING = 'samepage.statusBar.refreshSeconds';

/**
 * A status bar item with this host's KSM saving, sharing ratio and ksmd state. Refreshes every
 * `samepage.statusBar.refreshSeconds` (0 turns it off); hidden where /sys/kernel/mm/ksm is absent.
 */
export class KsmStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('samepage.hostKsm', vscode.StatusBarAlignment.Right, 100);
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(command: string) {
    this.item.name = 'Samepage: host KSM';
    this.item.command = command;
    this.configure();
  }

  configure(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const seconds = vscode.workspace.getConfiguration().get<number>(REFRESH_SETTING, 10);
    if (!(seconds > 0)) {
      this.item.hide();
      return;
    }
    this.refresh();
    this.timer = setInterval(() => this.refresh(), Math.max(1, seconds) * 1000);
  }

  refresh(): void {
    const host = readKsmHost();
    if (!host) {
      this.item.hide();
      return;
    }
    const s = host.summary;
    this.item.text = `$(layers) ${statusBarText(s)}`;
    this.item.tooltip = new vscode.MarkdownString(
      [
        `**${describeKsmdState(s.ksmdState)}**`,
        `Saved: ${s.savedBytes === undefined ? 'unknown' : formatBytes(s.savedBytes)}`,
        `pages_sharing / pages_shared: ${formatRatio(s.sharingRatio)}`,
        `pages_unshared / pages_sharing: ${formatRatio(s.unsharedRatio)}`,
        'Click for every value.',
      ].join('\n\n'),
    );
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.item.dispose();
  }
}
