/**
 * Bash source analysis shared by the ksmtuned conf checks and the script analyzers.
 *
 *   parseShell(text) → ShellScript: every simple command (prefix assignments, `declarations` of
 *   export/declare/readonly/local, words, redirections with here-document bodies, and the context
 *   it runs in: function, conditional, subshell, substitution), function definitions, compound
 *   commands, comments, syntax errors, and `stopsAt`, the offset from which bash would run nothing
 *   more. Words carry `value` (after quote removal) when they expand nothing, else
 *   `dynamic: true` with their parts (parameters, substitutions, arithmetic, tilde).
 *
 *   evaluateArithmetic(expr, vars) → bash's 64-bit $((...)) result or its error message.
 *   runTest(argv) → bash's `[ ... ]` exit status and error.
 *   splitFields(value) → word splitting with the default IFS.
 *
 * Nothing is ever executed. Ranges are UTF-16 offsets into the text given.
 */
export { parseShell } from './parser';
export { wordValue, commandName, isUnconditional } from './queries';
export { evaluateArithmetic, formatArithmeticError, parseBashInteger, type ArithmeticResult } from './arithmetic';
export { runTest, testInteger, type TestOutcome } from './testBuiltin';
export { splitFields, echoUnquoted } from './fields';
export type * from './types';
