import { writeSync } from 'node:fs';

/** 128 + SIGPIPE: the status a shell reports for a writer whose reader went away. */
const SIGPIPE_STATUS = 141;

/**
 * The one place where a failed write to standard output or error ends the CLI, whatever command is
 * writing: one line on stderr, never a stack trace. A reader that goes away (`samepage replay … |
 * head`) ends it with a SIGPIPE's status, so scripts can tell a cut-short output from a complete one;
 * any other failure (a full disk, an I/O error) with status 1.
 */
export function exitOnWriteError(stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): void {
  for (const [stream, name] of [
    [stdout, 'standard output'],
    [stderr, 'standard error'],
  ] as const) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      const closed = error.code === 'EPIPE';
      try {
        // Straight to the descriptor: the stream that failed may be stderr itself.
        writeSync(2, closed ? `samepage: ${name} was closed before the output ended\n` : `samepage: cannot write to ${name}: ${error.message.replace(/, write$/, '')}\n`);
      } catch {
        // stderr cannot be written either: the exit status is all that is left
      }
      process.exit(closed ? SIGPIPE_STATUS : 1);
    });
  }
}
