import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerWhatIf } from './whatif/commands';
import { showFindings } from './findingsPicker';
import { REVEAL_RANGE_COMMAND, SET_END_OF_LINE_COMMAND } from '../server/protocol';
import { registerMeasureHost } from './measure/command';

/** Registers every contributed command. Each capability adds its command module here. */
export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('samepage.treatAsKsmtuned', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      await vscode.languages.setTextDocumentLanguage(editor.document, 'ksmtuned');
    }),
    vscode.commands.registerCommand('samepage.showFindings', (uri?: vscode.Uri) => showFindings(uri)),
  );
  context.subscriptions.push(
    vscode.commands.registerCommand(SET_END_OF_LINE_COMMAND, async (uri: string, eol: 'LF') => {
      // One undoable edit of the document's end-of-line setting; the file is not saved.
      const edit = new vscode.WorkspaceEdit();
      edit.set(vscode.Uri.parse(uri, true), [vscode.TextEdit.setEndOfLine(eol === 'LF' ? vscode.EndOfLine.LF : vscode.EndOfLine.CRLF)]);
      return vscode.workspace.applyEdit(edit);
    }),
  );
  context.subscriptions.push(
    vscode.commands.registerCommand(REVEAL_RANGE_COMMAND, async (uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }) => {
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri, true));
      const target = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
      editor.selection = new vscode.Selection(target.start, target.end);
      editor.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }),
  );
  registerWhatIf(context, client);
  registerMeasureHost(context);
}
