import { runCli } from './run';

// A reader that goes away (`samepage replay … | head`) is not an error: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

void runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTty: !!process.stderr.isTTY,
  stdin: process.stdin,
}).then((code) => {
  process.exitCode = code;
});
