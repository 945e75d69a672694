import { runCli } from '../../cli/run';

/** Runs the CLI in-process and captures what it prints, as a terminal would show it. */
export async function runCaptured(args: string[], stderrIsTty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTty });
  return { code, stdout, stderr };
}
