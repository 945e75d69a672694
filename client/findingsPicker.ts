/** "Samepage: List findings of the current file": a quick pick of Samepage's diagnostics that jumps to the chosen one. */
import * as vscode from 'vscode';

export interface FindingSummary {
  code: string | number | undefined;
  message: string;
  line: number;
}

const ICONS: Record<vscode.DiagnosticSeverity, string> = {
  [vscode.DiagnosticSeverity.Error]: '$(error)',
  [vscode.DiagnosticSeverity.Warning]: '$(warning)',
  [vscode.DiagnosticSeverity.Information]: '$(info)',
  [vscode.DiagnosticSeverity.Hint]: '$(lightbulb)',
};

interface FindingItem extends vscode.QuickPickItem {
  diagnostic: vscode.Diagnostic;
}

/** Shows the picker (without waiting for a choice) and returns the findings it lists. */
export function showFindings(uri: vscode.Uri | undefined): FindingSummary[] {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage('Open a file to list its Samepage findings.');
    return [];
  }
  const diagnostics = vscode.languages.getDiagnostics(target).filter((d) => d.source === 'samepage');
  const name = vscode.workspace.asRelativePath(target, false);
  if (diagnostics.length === 0) {
    void vscode.window.showInformationMessage(`Samepage finds nothing to report in ${name}.`);
    return [];
  }
  const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
  const pick = vscode.window.createQuickPick<FindingItem>();
  pick.title = `Findings in ${name}`;
  pick.placeholder = 'Choose a finding to go to it';
  pick.matchOnDetail = true;
  pick.items = diagnostics.map((d) => ({ label: `${ICONS[d.severity]} line ${d.range.start.line + 1}: ${String(codeOf(d))}`, detail: d.message, diagnostic: d }));
  pick.onDidAccept(async () => {
    const chosen = pick.selectedItems[0];
    pick.hide();
    if (!chosen) return;
    const editor = await vscode.window.showTextDocument(target);
    editor.selection = new vscode.Selection(chosen.diagnostic.range.start, chosen.diagnostic.range.end);
    editor.revealRange(chosen.diagnostic.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  });
  pick.onDidHide(() => pick.dispose());
  pick.show();
  return diagnostics.map((d) => ({ code: codeOf(d), message: d.message, line: d.range.start.line }));
}
