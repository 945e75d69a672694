/**
 * "Samepage: Measure this host": runs `samepage measure` (the CLI in the extension) with progress
 * and cancel, then opens the what-if on the result. Measuring reads other processes' memory and
 * needs root: an editor that is not root shows the exact command to run with sudo instead, and
 * opens the file it writes once it is there.
 */
import * as vscode from 'vscode';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname, homedir } from 'node:os';
import { join } from 'node:path';
import { measureArgv, progressOf, sudoMeasureCommand } from './cliCommand';

const COMMAND = 'samepage.measureHost';

async function chooseOut(): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir();
  const picked = await vscode.window.showSaveDialog({
    title: 'Samepage: where to write the measured scenario (a .samepage-content file goes beside it)',
    defaultUri: vscode.Uri.file(join(folder, `measured-${hostname().replace(/[^\w.-]/g, '_')}.samepage.json`)),
    filters: { 'Samepage scenario': ['json'] },
  });
  return picked?.fsPath;
}

function openWhatIf(out: string): Thenable<unknown> {
  return vscode.commands.executeCommand('samepage.runWhatIf', vscode.Uri.file(out));
}

/** Runs the CLI as a child process; resolves with its exit status and the last lines of stderr. */
function runCli(context: vscode.ExtensionContext, out: string): Thenable<{ code: number | null; tail: string; cancelled: boolean }> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Samepage: measuring this host', cancellable: true }, (progress, token) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, measureArgv(context.asAbsolutePath('dist/cli/samepage.js'), out), {
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let tail = '';
      let shown = 0;
      let cancelled = false;
      child.stderr.on('data', (d: Buffer) => {
        tail = (tail + d.toString()).slice(-4000);
        for (const line of d.toString().split(/[\r\n]/)) {
          const p = progressOf(line);
          if (p && p.pass === 1 && p.percent > shown) {
            progress.report({ increment: p.percent - shown, message: `${p.percent}% read` });
            shown = p.percent;
          } else if (p) progress.report({ message: `watching: pass ${p.pass}` });
        }
      });
      token.onCancellationRequested(() => {
        cancelled = true;
        child.kill('SIGINT');
      });
      child.on('error', (error) => resolve({ code: null, tail: error.message, cancelled }));
      child.on('exit', (code) => resolve({ code, tail: tail.trim().split('\n').slice(-3).join(' '), cancelled }));
    }),
  );
}

async function offerSudo(context: vscode.ExtensionContext, out: string): Promise<void> {
  const command = sudoMeasureCommand(process.execPath, context.asAbsolutePath('dist/cli/samepage.js'), out);
  const user = process.env.USER ?? `uid ${process.getuid?.()}`;
  for (;;) {
    const choice = await vscode.window.showWarningMessage(
      `Measuring reads other processes' memory and needs root; this editor runs as ${user}. Run this in a terminal, then open the result:\n${command}`,
      { modal: true },
      'Run in terminal',
      'Copy command',
      'Open the result',
    );
    if (choice === 'Copy command') await vscode.env.clipboard.writeText(command);
    else if (choice === 'Run in terminal') {
      const terminal = vscode.window.createTerminal('Samepage measure');
      terminal.show();
      terminal.sendText(command, true);
    } else if (choice === 'Open the result') {
      if (existsSync(out)) {
        await openWhatIf(out);
        return;
      }
      void vscode.window.showInformationMessage(`${out} is not there yet: run the command first.`);
    } else return;
  }
}

export function registerMeasureHost(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMAND, async (target?: string): Promise<unknown> => {
      const out = target ?? (await chooseOut());
      if (!out) return undefined;
      if (process.getuid?.() !== 0) return offerSudo(context, out);
      const r = await runCli(context, out);
      if (r.cancelled) {
        void vscode.window.showInformationMessage('Samepage: measurement cancelled; nothing was written.');
        return undefined;
      }
      if (r.code !== 0) {
        void vscode.window.showErrorMessage(`Samepage could not measure this host: ${r.tail}`);
        return undefined;
      }
      return openWhatIf(out);
    }),
  );
}
