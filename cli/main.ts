import { runCli } from './run';
import { exitOnWriteError } from './writeErrors';

exitOnWriteError(process.stdout, process.stderr);

void runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTty: !!process.stderr.isTTY,
  stdin: process.stdin,
}).then((code) => {
  process.exitCode = code;
});
