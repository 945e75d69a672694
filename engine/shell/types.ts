/**
 * The syntax tree of a bash script as `parseShell` returns it. Every range is a pair of UTF-16
 * offsets into the text that was parsed (end exclusive). Nothing here is ever executed.
 */
import type { TextRange } from '../language/types';

export type { TextRange };

/** How one piece of a word is written; decides whether bash expands it. */
export type WordPartKind =
  | 'literal' // plain unquoted text (globbing characters included)
  | 'escaped' // backslash + one character outside quotes
  | 'single-quoted' // '...'
  | 'ansi-c' // $'...'
  | 'double-quoted' // "..." or $"..."; its own expansions are in `parts`
  | 'parameter' // $NAME, $1, $@, ${...}
  | 'command-substitution' // $(...)
  | 'backtick' // `...`
  | 'arithmetic' // $((...)) or the obsolete $[...]
  | 'process-substitution' // <(...) or >(...)
  | 'tilde'; // ~ or ~user at the start of a word or assignment value

export interface WordPart {
  kind: WordPartKind;
  range: TextRange;
  /** The text this part contributes after quote removal, for the kinds that expand to nothing dynamic. */
  value?: string;
  /** Parts nested inside double quotes. */
  parts?: WordPart[];
  /** parameter: the name (NAME, 1, @, ...); for ${!x} / ${#x} the name after the prefix. */
  name?: string;
  /** parameter: `#` (length) or `!` (indirection) before the name. */
  prefix?: '#' | '!';
  /** parameter: the operator after the name, e.g. `:-`, `-`, `:=`, `#`, `%%`, `/`, `:` (substring), `[` (subscript). */
  operator?: string;
  /** parameter: the word after the operator (`default` in ${X:-default}). */
  argument?: ShellWord;
  /** command-substitution / backtick / arithmetic / process-substitution: the source text inside the delimiters and where it is. */
  inner?: string;
  innerRange?: TextRange;
  /** Whether the part sits inside double quotes (no word splitting or globbing there). */
  quoted?: boolean;
}

export interface ShellWord {
  range: TextRange;
  /** The source text, exactly as written. */
  text: string;
  parts: WordPart[];
  /** True when bash expands something in this word (parameter, substitution, arithmetic, tilde), so its value is only known at run time. */
  dynamic: boolean;
  /** The value after quote removal; present only when `dynamic` is false. */
  value?: string;
  /** Unquoted *, ? or [ : bash may glob this word when it is a command argument. */
  hasGlob: boolean;
}

export interface Assignment {
  name: string;
  nameRange: TextRange;
  /** `+=` rather than `=`. */
  append: boolean;
  /** NAME[subscript]=: the subscript source text. */
  subscript?: string;
  /** The value word (may be empty text); undefined for arrays. */
  value?: ShellWord;
  /** NAME=(a b c): the elements. */
  array?: ShellWord[];
  range: TextRange;
}

export interface Redirection {
  /** `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<&`, `<>`, `>|`, `&>`, `&>>`. */
  op: string;
  /** Explicit file descriptor before the operator ("2" in 2>), or {varname}. */
  fd?: string;
  target?: ShellWord;
  range: TextRange;
  /** For << and <<-: the body and whether the delimiter was quoted (then the body is not expanded). */
  heredoc?: { bodyRange: TextRange; body: string; quoted: boolean; terminated: boolean };
}

/** Where a simple command sits; lets callers tell unconditional top-level code from the rest. */
export interface CommandContext {
  /** Name of the enclosing function definition, if any (innermost). */
  functionName?: string;
  /** Inside if/while/until/for/case/select, after && or ||, or in a pipeline or background job. */
  conditional: boolean;
  /** Inside ( ), a pipeline element, a background job or a command substitution: runs in a subshell. */
  subshell: boolean;
  /** Inside $(...), `...` or <(...). */
  inSubstitution: boolean;
  /** Nesting depth of compound commands around it (0 at top level). */
  depth: number;
  /** Start offset of the top-level complete command (a line's list) it belongs to. */
  topLevelStart: number;
}

export interface SimpleCommand {
  range: TextRange;
  assignments: Assignment[];
  /**
   * NAME=value arguments of export, declare, typeset, local and readonly (they assign in the
   * current shell, unlike prefix assignments, which only set the command's environment). Also
   * listed in `words`.
   */
  declarations: Assignment[];
  /** Command name and arguments, in order; empty for a bare assignment (prefix assignments apply to the command only when it has a name). */
  words: ShellWord[];
  redirections: Redirection[];
  context: CommandContext;
  /** Run in the background (`&` follows it). */
  background: boolean;
}

export interface FunctionDefinition {
  name: string;
  nameRange: TextRange;
  range: TextRange;
  /** Whether it was written with the `function` keyword. */
  keyword: boolean;
  context: CommandContext;
}

export type CompoundKind = 'if' | 'while' | 'until' | 'for' | 'select' | 'case' | 'group' | 'subshell' | 'arithmetic' | 'conditional';

export interface CompoundCommand {
  kind: CompoundKind;
  /** The opening keyword or bracket. */
  keywordRange: TextRange;
  range: TextRange;
  context: CommandContext;
}

export interface Comment {
  range: TextRange;
  /** Text after `#`. */
  text: string;
}

export interface ShellError {
  message: string;
  range: TextRange;
  /**
   * 'syntax': bash refuses the command (and, when sourcing a file, stops reading the rest of it);
   * 'warning': bash only warns (e.g. a here-document ended by end of file).
   */
  severity: 'syntax' | 'warning';
}

export interface ShellScript {
  text: string;
  /** Every simple command in source order, including those nested in compound commands, functions and substitutions. */
  commands: SimpleCommand[];
  functions: FunctionDefinition[];
  compounds: CompoundCommand[];
  comments: Comment[];
  errors: ShellError[];
  /**
   * Offset from which bash, sourcing or running this file, executes nothing more: the start of the
   * top-level command that holds the first syntax error. Undefined when there is none.
   */
  stopsAt?: number;
  /** The text starts with a UTF-8 byte-order mark, which bash reads as part of the first word. */
  hasBom: boolean;
}
