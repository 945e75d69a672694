/** Small questions callers ask about parsed commands. */
import type { ShellWord, SimpleCommand } from './types';

/** The word's value when bash would expand nothing in it, else undefined. */
export function wordValue(word: ShellWord | undefined): string | undefined {
  return word && !word.dynamic ? word.value : undefined;
}

/** The command name (first word) when it is literal, e.g. "qemu-system-x86_64" or "echo". */
export function commandName(command: SimpleCommand): string | undefined {
  return wordValue(command.words[0]);
}

/** Runs exactly once, in the current shell, whenever the script runs to that point. */
export function isUnconditional(command: SimpleCommand): boolean {
  const c = command.context;
  return !c.conditional && !c.subshell && !c.inSubstitution && c.functionName === undefined && !command.background;
}
