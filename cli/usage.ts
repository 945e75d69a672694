import { readFileSync } from 'node:fs';

/** A mistake in how the CLI was called: printed on stderr with exit status 2. */
export class UsageError extends Error {}

/** Bad input data (unreadable file, invalid trace): printed on stderr with exit status 1. */
export class InputError extends Error {}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  stderrIsTty: boolean;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit status: 0 success, 1 findings or errors in the input. */
  run(args: string[], io: CliIo): Promise<number> | number;
}

/** A file's text; an unreadable file is an InputError naming the command, the file and the reason. */
export function readInputFile(command: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${command}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
