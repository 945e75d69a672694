import { COMMANDS } from './commands';
import { InputError, UsageError, type CliIo } from './usage';
import { VERSION } from '../engine/version';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `samepage ${VERSION}: predict and check Kernel Samepage Merging (KSM) settings`,
    '',
    'Usage: samepage COMMAND [ARGS...]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `samepage COMMAND --help` for a command\'s options.',
    'Exit status: 0 success, 1 findings or errors in the input, 2 usage errors.',
    '',
  ].join('\n');
}

/** Runs the CLI with the given arguments; returns the exit status. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`samepage: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`Usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`samepage ${error.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      io.stderr(`samepage ${error.message}\n`);
      return 1;
    }
    io.stderr(`samepage ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
