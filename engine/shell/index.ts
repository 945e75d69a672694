/**
 * Bash source analysis shared by the ksmtuned conf checks and the script analyzers.
 *
 *   parseShell(text) → ShellScript: every simple command (assignments, words, redirections, with
 *   the context it runs in), function definitions, compound commands, comments, syntax errors and
 *   `stopsAt`, the offset from which bash would run nothing more. Words carry `value` (after quote
 *   removal) when they expand nothing, else `dynamic: true` and their parts.
 *
 * Nothing is ever executed. Ranges are UTF-16 offsets into the text given.
 */
export { parseShell } from './parser';
export { wordValue, commandName, isUnconditional } from './queries';
export type * from './types';
