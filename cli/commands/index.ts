import type { CliCommand } from '../usage';
import { lintCommand } from './lint';
import { whatifCommand } from './whatif';

/** Every subcommand, in the order `samepage --help` lists them. Each capability adds its line. */
export const COMMANDS: CliCommand[] = [lintCommand, whatifCommand];
