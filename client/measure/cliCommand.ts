/**
 * How the editor runs `samepage measure`: the CLI bundled in the extension (dist/cli/samepage.js),
 * started with the editor's own runtime (ELECTRON_RUN_AS_NODE=1 makes VS Code's binary a plain
 * Node; a remote extension host's binary is Node already). No vscode import: tested under node.
 */

/** Single-quoted for a POSIX shell. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function measureArgv(cliPath: string, out: string): string[] {
  return [cliPath, 'measure', '--out', out];
}

/** The command a user without root runs in a terminal; sudo sets SUDO_UID, so the files end up theirs. */
export function sudoMeasureCommand(execPath: string, cliPath: string, out: string): string {
  return ['sudo', 'env', 'ELECTRON_RUN_AS_NODE=1', execPath, ...measureArgv(cliPath, out)].map(shellQuote).join(' ');
}

/** A progress line of `samepage measure` on stderr ("measure: pass 1: 37% (...)"). */
export function progressOf(line: string): { pass: number; percent: number } | undefined {
  const m = /^measure: pass (\d+): (\d+)%/.exec(line);
  return m ? { pass: Number(m[1]), percent: Number(m[2]) } : undefined;
}
