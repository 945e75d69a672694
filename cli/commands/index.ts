import type { CliCommand } from '../usage';
import { lintCommand } from './lint';
import { whatifCommand } from './whatif';
import { replayCommand } from './replay';
import { fidelityCommand } from './fidelity';
import { configCommand } from './config';
import { explainLogCommand } from './explainLog';
import { calibrateCommand } from './calibrate';
import { measureCommand } from './measure';
import { sweepCommand } from './sweep';
import { tuneCommand } from './tune';

/** Every subcommand, in the order `samepage --help` lists them. Each capability adds its line. */
export const COMMANDS: CliCommand[] = [lintCommand, whatifCommand, measureCommand, sweepCommand, tuneCommand, replayCommand, fidelityCommand, calibrateCommand, configCommand, explainLogCommand];
