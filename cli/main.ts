import { runCli } from './run';

void runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTty: !!process.stderr.isTTY,
}).then((code) => {
  process.exitCode = code;
});
