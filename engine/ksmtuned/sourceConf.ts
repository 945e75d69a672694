/**
 * What bash ends up with after ksmtuned `source`s the conf: the value of every variable, which
 * commands ran, and where bash stopped or erred. It walks the parsed commands in order and
 * evaluates only what can be known without running anything (literals, $VAR, ${VAR:-x},
 * arithmetic); command substitutions and other run-time facts make a value unknown.
 */
import { evaluateArithmetic, formatArithmeticError } from '../shell/arithmetic';
import { parseShell } from '../shell/parser';
import type { Assignment, ShellScript, ShellWord, SimpleCommand, TextRange, WordPart } from '../shell/types';

/** A variable's value after sourcing; `value` undefined means unset. `known` false: only run time can tell. */
export interface SourcedValue {
  value?: string;
  known: boolean;
  /** The assignment that set it last (in source order). */
  range?: TextRange;
  readonly?: boolean;
  /** declare -i: every assignment is evaluated as arithmetic (declare -i X=5*3 sets 15). */
  integer?: boolean;
}

export interface SourceEvent {
  kind: 'command' | 'exit' | 'return' | 'set-option' | 'readonly' | 'unset' | 'source' | 'eval' | 'error';
  range: TextRange;
  message: string;
  /** For set-option: the option letters turned on, e.g. "eu". */
  options?: string;
  /** For command: a builtin that changes nothing ksmtuned depends on (echo, printf, :). */
  harmless?: boolean;
}

export interface SourcedConf {
  script: ShellScript;
  vars: Map<string, SourcedValue>;
  /** Every assignment to a name at the top level (source order), including those that lose to a later one. */
  assignments: Map<string, Assignment[]>;
  events: SourceEvent[];
  /** The conf calls exit: ksmtuned itself ends there. */
  exits: boolean;
  /** Offset from which nothing more is run (syntax error, return or exit). */
  stoppedAt?: number;
}

/** Variables bash or the service environment may set before the conf runs; their values are not known here. */
const ENVIRONMENT_VARIABLES = new Set([
  'BASH', 'BASHOPTS', 'BASHPID', 'BASH_VERSION', 'BASH_VERSINFO', 'BASH_SOURCE', 'BASH_LINENO', 'BASH_ARGV', 'BASH_ARGC', 'BASH_COMMAND', 'BASH_SUBSHELL',
  'HOME', 'HOSTNAME', 'HOSTTYPE', 'MACHTYPE', 'OSTYPE', 'PATH', 'PPID', 'PWD', 'OLDPWD', 'SHLVL', 'UID', 'EUID', 'GROUPS', 'RANDOM', 'SECONDS', 'LINENO',
  'SRANDOM', 'EPOCHSECONDS', 'EPOCHREALTIME', 'LANG', 'LC_ALL', 'TERM', 'USER', 'LOGNAME', 'SHELL', 'INVOCATION_ID', 'JOURNAL_STREAM', 'SYSTEMD_EXEC_PID', 'FUNCNAME', 'DIRSTACK', 'PIPESTATUS',
  'SHELLOPTS', 'IFS', 'OPTIND', 'OPTARG', 'PS4', 'HISTFILE', 'MAILCHECK', 'COLUMNS', 'LINES', 'TMPDIR',
]);
const DECLARATION = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);
/** Builtins that change nothing a conf check cares about. */
const HARMLESS = new Set([':', 'true', 'false', 'shift', 'shopt', 'umask', 'ulimit', 'alias', 'unalias', 'hash', 'type', 'command', 'builtin', 'test', '[', 'printf', 'echo']);

class ExpansionAbort extends Error {}

type Value = { known: true; text: string } | { known: false };
const UNKNOWN: Value = { known: false };

class ConfRunner {
  readonly vars = new Map<string, SourcedValue>();
  readonly assignments = new Map<string, Assignment[]>();
  readonly events: SourceEvent[] = [];
  exits = false;
  stoppedAt?: number;

  constructor(
    private readonly script: ShellScript,
    environment: Record<string, string>,
  ) {
    for (const [name, value] of Object.entries(environment)) this.vars.set(name, { value, known: true });
  }

  run(): void {
    const stop = this.script.stopsAt;
    if (stop !== undefined) this.stoppedAt = stop;
    const uncertainNames = new Set<string>();
    for (const command of this.script.commands) {
      if (this.stoppedAt !== undefined && command.range.start >= this.stoppedAt) break;
      const c = command.context;
      if (c.inSubstitution || c.subshell) continue; // cannot change this shell's variables
      if (c.conditional || c.functionName !== undefined) {
        for (const a of [...command.assignments, ...command.declarations]) if (command.words.length === 0 || command.declarations.includes(a)) uncertainNames.add(a.name);
        continue;
      }
      if (this.abortedTopLevel === c.topLevelStart) continue;
      this.current = command;
      this.runCommand(command);
      for (const name of uncertainNames) {
        const v = this.vars.get(name);
        this.vars.set(name, { ...v, known: false });
      }
      uncertainNames.clear();
    }
    for (const name of uncertainNames) this.vars.set(name, { ...this.vars.get(name), known: false });
  }

  private abortedTopLevel?: number;
  private current?: SimpleCommand;

  private runCommand(command: SimpleCommand): void {
    try {
      this.runCommandUnguarded(command);
    } catch (error) {
      if (!(error instanceof ExpansionAbort)) throw error;
    }
  }

  private runCommandUnguarded(command: SimpleCommand): void {
    if (command.words.length === 0) {
      for (const a of command.assignments) this.assign(a);
      return;
    }
    const name = command.words[0].dynamic ? undefined : command.words[0].value;
    const args = command.words.slice(1).map((w) => this.expandWord(w));
    if (name === undefined) {
      this.events.push({ kind: 'command', range: command.range, message: 'runs a command whose name is only known at run time' });
      return;
    }
    if (DECLARATION.has(name)) return this.declare(name, command, args);
    switch (name) {
      case 'exit':
        this.events.push({ kind: 'exit', range: command.range, message: 'exit ends ksmtuned itself: the daemon never starts' });
        this.exits = true;
        this.stoppedAt = command.range.start;
        return;
      case 'return':
        this.events.push({ kind: 'return', range: command.range, message: 'return stops reading the conf here; the lines below are ignored' });
        this.stoppedAt = command.range.start;
        return;
      case 'set': {
        const letters = args.map((a) => (a.known && /^-[a-zA-Z]+$/.test(a.text) ? a.text.slice(1) : a.known && a.text === '-o' ? '' : '')).join('');
        const named = command.words.slice(1).map((w) => w.value ?? '');
        let options = letters;
        for (let i = 0; i < named.length - 1; i++) if (named[i] === '-o') options += named[i + 1] === 'errexit' ? 'e' : named[i + 1] === 'nounset' ? 'u' : '';
        this.events.push({ kind: 'set-option', range: command.range, message: `set ${named.join(' ')}`, options });
        return;
      }
      case 'unset':
        for (const w of command.words.slice(1)) if (w.value && !w.value.startsWith('-')) this.vars.delete(w.value);
        this.events.push({ kind: 'unset', range: command.range, message: 'unset' });
        return;
      case '.':
      case 'source':
        this.events.push({ kind: 'source', range: command.range, message: 'reads another file, whose effect is unknown here' });
        this.markAllUnknown();
        return;
      case 'eval':
        this.events.push({ kind: 'eval', range: command.range, message: 'eval runs text only known at run time' });
        this.markAllUnknown();
        return;
      case 'let': {
        for (const a of args) if (a.known) this.arithmetic(a.text, command.range);
        return;
      }
    }
    if (name !== ':' && name !== 'true') this.events.push({ kind: 'command', range: command.range, message: `runs \`${name}\``, harmless: HARMLESS.has(name) });
  }

  private declare(name: string, command: SimpleCommand, args: Value[]): void {
    const flags = args.filter((a) => a.known && a.text.startsWith('-')).map((a) => (a as { text: string }).text).join('');
    if (name === 'local') {
      this.events.push({ kind: 'error', range: command.range, message: 'local: can only be used in a function (bash reports an error and assigns nothing)' });
      return;
    }
    const readonly = name === 'readonly' || /r/.test(flags);
    const integer = /i/.test(flags);
    for (const a of command.declarations) this.assign(a, integer);
    if (readonly || integer) {
      // The attributes also reach names declared without a value (`declare -i A`, `readonly A`).
      for (const w of command.words.slice(1)) {
        const n = w.dynamic ? undefined : /^([A-Za-z_][A-Za-z0-9_]*)/.exec(w.value ?? '')?.[1];
        if (n && !(w.value ?? '').startsWith('-')) this.vars.set(n, { ...(this.vars.get(n) ?? { known: true }), ...(readonly ? { readonly: true } : {}), ...(integer ? { integer: true } : {}) });
      }
    }
    if (readonly) this.events.push({ kind: 'readonly', range: command.range, message: 'readonly' });
  }

  private assign(a: Assignment, declareInteger = false): void {
    const previous = this.vars.get(a.name);
    const integer = declareInteger || previous?.integer === true;
    if (previous?.readonly) {
      this.events.push({ kind: 'error', range: a.range, message: `${a.name}: readonly variable (the assignment fails)` });
      return;
    }
    const list = this.assignments.get(a.name) ?? [];
    list.push(a);
    this.assignments.set(a.name, list);
    if (a.subscript !== undefined && a.subscript !== '0') {
      return; // NAME[i]=x with i ≠ 0 leaves $NAME alone
    }
    let value: Value;
    // (an expansion error throws here, before anything is assigned)
    if (a.array) value = a.array.length ? this.expandWord(a.array[0]) : { known: true, text: '' };
    else value = a.value ? this.expandWord(a.value) : { known: true, text: '' };
    if (a.append) value = previous && previous.known && value.known ? { known: true, text: (previous.value ?? '') + value.text } : UNKNOWN;
    // An integer variable takes the value's arithmetic result (an error abandons the command, as in bash).
    if (integer && value.known && !a.append && !a.array) value = this.arithmetic(value.text || '0', a.range);
    const flags = integer ? { integer: true } : {};
    this.vars.set(a.name, value.known ? { value: value.text, known: true, range: a.range, ...flags } : { known: false, range: a.range, ...flags });
  }

  private markAllUnknown(): void {
    for (const [name, v] of this.vars) this.vars.set(name, { ...v, known: false });
    this.unknownRest = true;
  }
  private unknownRest = false;

  /** The word's value after expansion (no word splitting: assignment context). */
  expandWord(word: ShellWord): Value {
    if (!word.dynamic) return { known: true, text: word.value ?? '' };
    let text = '';
    for (const part of word.parts) {
      const v = this.expandPart(part, word);
      if (!v.known) return UNKNOWN;
      text += v.text;
    }
    return { known: true, text };
  }

  private expandPart(part: WordPart, word: ShellWord): Value {
    switch (part.kind) {
      case 'literal':
      case 'escaped':
      case 'single-quoted':
      case 'ansi-c':
        return { known: true, text: part.value ?? '' };
      case 'double-quoted': {
        let text = '';
        for (const p of part.parts ?? []) {
          const v = this.expandPart(p, word);
          if (!v.known) return UNKNOWN;
          text += v.text;
        }
        return { known: true, text };
      }
      case 'parameter':
        return this.parameter(part);
      case 'arithmetic': {
        const inner = part.inner ?? '';
        if (/[$`]/.test(inner)) return UNKNOWN;
        return this.arithmetic(inner, part.range);
      }
      default:
        return UNKNOWN;
    }
  }

  private lookup(name: string): Value & { set?: boolean } {
    if (this.unknownRest && !this.vars.has(name)) return UNKNOWN;
    const v = this.vars.get(name);
    if (v) return v.known ? { known: true, text: v.value ?? '', set: v.value !== undefined } : UNKNOWN;
    if (ENVIRONMENT_VARIABLES.has(name) || /^[0-9@*#?$!-]$/.test(name)) return UNKNOWN;
    return { known: true, text: '', set: false };
  }

  private parameter(part: WordPart): Value {
    const name = part.name ?? '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || part.prefix === '!') return UNKNOWN;
    const v = this.lookup(name);
    if (!v.known) return UNKNOWN;
    if (part.prefix === '#') return part.operator ? UNKNOWN : { known: true, text: String([...v.text].length) };
    const op = part.operator;
    if (!op) return v;
    const isSet = v.set !== false;
    const useDefault = op.startsWith(':') ? v.text === '' : !isSet;
    const arg = () => (part.argument ? this.expandWord(part.argument) : ({ known: true, text: '' } as Value));
    switch (op) {
      case ':-':
      case '-':
        return useDefault ? arg() : v;
      case ':=':
      case '=': {
        if (!useDefault) return v;
        const a = arg();
        if (a.known) this.vars.set(name, { value: a.text, known: true });
        return a;
      }
      case ':+':
      case '+':
        return useDefault ? { known: true, text: '' } : arg();
      case ':?':
      case '?':
        return useDefault ? UNKNOWN : v;
      default:
        return UNKNOWN;
    }
  }

  private arithmetic(expr: string, range: TextRange): Value {
    const vars = new Map<string, string>();
    for (const [name, v] of this.vars) {
      if (!v.known) {
        if (new RegExp(`\\b${name}\\b`).test(expr)) return UNKNOWN;
        continue;
      }
      if (v.value !== undefined) vars.set(name, v.value);
    }
    const r = evaluateArithmetic(expr, vars);
    if (!r.ok) {
      // an expansion error abandons the whole top-level command; bash goes on with the next line
      this.events.push({ kind: 'error', range, message: formatArithmeticError(expr, r) });
      if (this.current) this.abortedTopLevel = this.current.context.topLevelStart;
      throw new ExpansionAbort();
    }
    for (const [name, value] of vars) {
      const old = this.vars.get(name);
      if (!old || old.value !== value) this.vars.set(name, { value, known: true, range });
    }
    return { known: true, text: r.value.toString() };
  }
}

/**
 * Sources `text` the way ksmtuned does (bash `.` as root), without running anything.
 * `environment`: variables already set when the conf is read (the service environment).
 */
export function sourceConf(text: string, environment: Record<string, string> = {}, script: ShellScript = parseShell(text)): SourcedConf {
  const runner = new ConfRunner(script, environment);
  runner.run();
  return { script, vars: runner.vars, assignments: runner.assignments, events: runner.events, exits: runner.exits, stoppedAt: runner.stoppedAt };
}
