import { writeSync } from 'node:fs';

/** 128 + SIGPIPE: the status a shell reports for a writer whose reader went away. */
const SIGPIPE_STATUS = 141;

/**
 * The one place where a failed write to standard output or error ends the CLI, whatever command is
 * writing. A reader that goes away (`samepage replay … | head`) ends it quietly with a SIGPIPE's
 * status, as Unix tools end; any other failure (a full disk, an I/O error) ends it with one line on
 * stderr and status 1, never a stack trace.
 */
export function exitOnWriteError(stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): void {
  for (const [stream, name] of [
    [stdout, 'standard output'],
    [stderr, 'standard error'],
  ] as const) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(SIGPIPE_STATUS);
      try {
        // Straight to the descriptor: the stream that failed may be stderr itself.
        writeSync(2, `samepage: cannot write to ${name}: ${error.message.replace(/, write$/, '')}\n`);
      } catch {
        // stderr cannot be written either: the exit status is all that is left
      }
      process.exit(1);
    });
  }
}
