/**
 * parseShell: bash source → simple commands, functions, compound commands, comments and errors,
 * with exact ranges. It follows bash's grammar far enough to find every simple command and to
 * report the syntax errors bash would; it never executes or expands anything.
 */
import { tokenize, type Token } from './lexer';
import type { CommandContext, CompoundKind, ShellError, ShellScript, SimpleCommand, TextRange } from './types';
import { MAX_NESTING, TOO_DEEP_SUFFIX, type ScanState } from './words';

const TOO_DEEP = `commands ${TOO_DEEP_SUFFIX}`;

const CLOSERS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);
const SEPARATORS = new Set([';', '&', '\n']);
const DECLARATION_BUILTINS = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);

class SyntaxAbort extends Error {}

class Parser {
  private i = 0;
  private depth = 0;
  private topLevelStart = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly script: ShellScript,
    private readonly state: ScanState,
    private readonly base: Partial<CommandContext>,
  ) {}

  parseProgram(): void {
    let atLineStart = true;
    while (this.peek().type !== 'eof') {
      const startIndex = this.i;
      try {
        const t = this.peek();
        if (this.isOp(t, '\n')) {
          this.next();
          atLineStart = true;
          continue;
        }
        // a top-level command runs only once its whole line has parsed
        if (atLineStart) this.topLevelStart = this.startOf(t);
        atLineStart = false;
        if (this.isOp(t, ')', ';;', ';&', ';;&', ';', '&', '&&', '||', '|', '|&')) this.unexpected(t);
        if (this.isReserved(t, CLOSERS)) this.unexpected(t);
        atLineStart = this.parseList(new Set(), this.context(false, false), true);
      } catch (error) {
        if (!(error instanceof SyntaxAbort)) throw error;
        this.recoverToLineEnd();
      }
      if (this.i === startIndex) this.i++; // always make progress
    }
  }

  // ---- token helpers -------------------------------------------------------------------------

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }
  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  private startOf(t: Token): number {
    return t.type === 'word' ? t.word.range.start : t.type === 'redirect' ? t.redirection.range.start : t.range.start;
  }
  private endOf(t: Token): number {
    return t.type === 'word' ? t.word.range.end : t.type === 'redirect' ? t.redirection.range.end : t.range.end;
  }
  private lastEnd(): number {
    return this.i > 0 ? this.endOf(this.tokens[this.i - 1]) : 0;
  }
  private isOp(t: Token, ...ops: string[]): boolean {
    return t.type === 'op' && ops.includes(t.op);
  }
  /** An unquoted word spelled exactly like a reserved word (only meaningful in command position). */
  private isReserved(t: Token, words: Set<string> | string): boolean {
    if (t.type !== 'word' || t.assignment || t.word.parts.length !== 1 || t.word.parts[0].kind !== 'literal') return false;
    const v = t.word.value ?? '';
    return typeof words === 'string' ? v === words : words.has(v);
  }
  private skipNewlines(): void {
    while (this.isOp(this.peek(), '\n')) this.next();
  }

  private fail(range: TextRange, message: string): never {
    this.error(range, message);
    throw new SyntaxAbort();
  }
  private error(range: TextRange, message: string): void {
    this.script.errors.push({ message, range, severity: 'syntax' });
    const top = this.base.topLevelStart ?? this.topLevelStart;
    if (this.script.stopsAt === undefined || top < this.script.stopsAt) this.script.stopsAt = top;
  }
  private unexpected(t: Token): never {
    const shown = t.type === 'eof' ? 'end of file' : t.type === 'op' ? (t.op === '\n' ? 'newline' : t.op) : t.type === 'word' ? t.word.text : t.type === 'redirect' ? t.redirection.op : '((';
    const range = t.type === 'eof' ? { start: Math.max(0, t.range.start - 1), end: t.range.end } : { start: this.startOf(t), end: this.endOf(t) };
    this.fail(range, t.type === 'eof' ? 'syntax error: unexpected end of file' : `syntax error near unexpected token \`${shown}'`);
  }
  private expectWord(word: string, opener: TextRange): void {
    const t = this.peek();
    if (this.isReserved(t, word)) {
      this.next();
      return;
    }
    if (t.type === 'eof') this.fail({ start: opener.start, end: opener.end }, `syntax error: unexpected end of file, '${word}' expected to close this`);
    this.unexpected(t);
  }
  private recoverToLineEnd(): void {
    while (this.peek().type !== 'eof' && !this.isOp(this.peek(), '\n')) this.next();
  }

  private context(conditional: boolean, subshell: boolean, functionName?: string, parent?: CommandContext): CommandContext {
    return {
      functionName: functionName ?? parent?.functionName ?? this.base.functionName,
      conditional: conditional || (parent?.conditional ?? this.base.conditional ?? false),
      subshell: subshell || (parent?.subshell ?? this.base.subshell ?? false),
      inSubstitution: this.base.inSubstitution ?? false,
      depth: this.depth + (this.base.depth ?? 0),
      topLevelStart: this.base.topLevelStart ?? this.topLevelStart,
    };
  }

  // ---- grammar --------------------------------------------------------------------------------

  /**
   * A list of and-or lists separated by ; & or newlines, up to a closing reserved word or operator.
   * At the top level it stops after one line and says whether it consumed that newline.
   */
  private parseList(stops: Set<string>, ctx: CommandContext, topLevel = false): boolean {
    for (;;) {
      if (!topLevel) this.skipNewlines();
      const t = this.peek();
      if (t.type === 'eof') return false;
      if (this.isReserved(t, stops) || this.isOp(t, ')', ';;', ';&', ';;&')) return false;
      if (this.isReserved(t, CLOSERS)) return false;
      const first = this.script.commands.length;
      this.parseAndOr(ctx);
      const sep = this.peek();
      if (this.isOp(sep, '&')) for (let k = first; k < this.script.commands.length; k++) this.markBackground(k);
      if (sep.type === 'op' && SEPARATORS.has(sep.op)) {
        this.next();
        if (topLevel && sep.op === '\n') return true;
        if (topLevel && this.isOp(this.peek(), '\n')) {
          this.next();
          return true;
        }
        continue;
      }
      if (sep.type === 'eof' || this.isOp(sep, ')', ';;', ';&', ';;&') || this.isReserved(sep, CLOSERS) || this.isReserved(sep, stops)) return false;
      this.unexpected(sep);
    }
  }

  private markBackground(k: number): void {
    const c = this.script.commands[k];
    c.background = true;
    c.context = { ...c.context, subshell: true, conditional: true };
  }

  private parseAndOr(ctx: CommandContext): void {
    let from = this.script.commands.length;
    let succeeds = !this.parsePipeline(ctx) && this.onlyPlainAssignments(from);
    while (this.isOp(this.peek(), '&&', '||')) {
      const op = (this.next() as { op: string }).op;
      this.skipNewlines();
      from = this.script.commands.length;
      // after `A=1 &&` the right side always runs: keep it unconditional
      const always = op === '&&' && succeeds;
      const negated = this.parsePipeline(always ? ctx : this.context(true, false, undefined, ctx));
      succeeds = always && !negated && this.onlyPlainAssignments(from);
    }
  }

  /** The commands parsed since `from` are one assignment-only command that cannot fail (exit status 0). */
  private onlyPlainAssignments(from: number): boolean {
    if (this.script.commands.length - from !== 1) return false;
    const c = this.script.commands[from];
    if (c.words.length || c.redirections.length || !c.assignments.length) return false;
    return c.assignments.every((a) => [...(a.value ? [a.value] : []), ...(a.array ?? [])].every((w) => !flattenParts(w.parts).some((p) => p.kind === 'command-substitution' || p.kind === 'backtick' || p.kind === 'process-substitution' || (p.operator ?? '').endsWith('?'))));
  }

  /** Parses a pipeline; returns true when its exit status is not simply its command's (negated with `!`, or several commands). */
  private parsePipeline(ctx: CommandContext): boolean {
    let negated = false;
    while (this.isReserved(this.peek(), '!') || this.isReserved(this.peek(), 'time')) negated = this.next().type === 'word' && (this.tokens[this.i - 1] as { word: { value?: string } }).word.value === '!' ? !negated : negated;
    const first = this.script.commands.length;
    this.parseCommand(ctx);
    if (!this.isOp(this.peek(), '|', '|&')) return negated;
    while (this.isOp(this.peek(), '|', '|&')) {
      this.next();
      this.skipNewlines();
      this.parseCommand(this.context(false, true, undefined, ctx));
    }
    // every element of a pipeline runs in a subshell (lastpipe is off in scripts)
    for (let k = first; k < this.script.commands.length; k++) {
      const c = this.script.commands[k];
      c.context = { ...c.context, subshell: true };
    }
    return true;
  }

  private parseCommand(ctx: CommandContext): void {
    const t = this.peek();
    if (this.depth >= MAX_NESTING) this.fail({ start: this.startOf(t), end: this.endOf(t) }, TOO_DEEP);
    if (t.type === 'word' && !t.assignment && t.word.parts.length === 1 && t.word.parts[0].kind === 'literal') {
      switch (t.word.value) {
        case 'if':
          return this.compound('if', ctx, () => this.parseIf(ctx));
        case 'while':
        case 'until':
          return this.compound(t.word.value, ctx, () => this.parseLoop(ctx));
        case 'for':
        case 'select':
          return this.compound(t.word.value, ctx, () => this.parseFor(ctx));
        case 'case':
          return this.compound('case', ctx, () => this.parseCase(ctx));
        case '{':
          return this.compound('group', ctx, () => {
            const open = this.next();
            this.parseList(new Set(['}']), this.context(false, false, undefined, ctx));
            this.expectWord('}', this.rangeOf(open));
          });
        case '[[':
          return this.compound('conditional', ctx, () => this.parseDoubleBracket());
        case 'function':
          return this.parseFunction(ctx, true);
        default:
          if (CLOSERS.has(t.word.value ?? '')) this.unexpected(t);
      }
    }
    if (this.isOp(t, '(')) {
      return this.compound('subshell', ctx, () => {
        const open = this.next();
        this.parseList(new Set(), this.context(false, true, undefined, ctx));
        if (!this.isOp(this.peek(), ')')) {
          if (this.peek().type === 'eof') this.fail(this.rangeOf(open), "syntax error: unexpected end of file, ')' expected to close this");
          this.unexpected(this.peek());
        }
        this.next();
      });
    }
    if (t.type === 'arith-command') {
      return this.compound('arithmetic', ctx, () => void this.next());
    }
    if (t.type === 'word' && !t.assignment && this.isOp(this.peek(1), '(') && this.isOp(this.peek(2), ')')) {
      return this.parseFunction(ctx, false);
    }
    this.parseSimpleCommand(ctx);
  }

  private rangeOf(t: Token): TextRange {
    return { start: this.startOf(t), end: this.endOf(t) };
  }

  /** Runs `body` for a compound command and records it, with its trailing redirections. */
  private compound(kind: CompoundKind, ctx: CommandContext, body: () => void): void {
    const open = this.peek();
    const entry = { kind, keywordRange: this.rangeOf(open), range: this.rangeOf(open), context: ctx };
    this.script.compounds.push(entry);
    this.depth++;
    try {
      body();
    } finally {
      this.depth--;
    }
    while (this.peek().type === 'redirect') this.next();
    entry.range = { start: entry.keywordRange.start, end: this.lastEnd() };
  }

  private parseIf(ctx: CommandContext): void {
    const open = this.rangeOf(this.next());
    const inner = this.context(true, false, undefined, ctx);
    this.parseList(new Set(['then']), inner);
    this.expectWord('then', open);
    this.parseList(new Set(['elif', 'else', 'fi']), inner);
    while (this.isReserved(this.peek(), 'elif')) {
      this.next();
      this.parseList(new Set(['then']), inner);
      this.expectWord('then', open);
      this.parseList(new Set(['elif', 'else', 'fi']), inner);
    }
    if (this.isReserved(this.peek(), 'else')) {
      this.next();
      this.parseList(new Set(['fi']), inner);
    }
    this.expectWord('fi', open);
  }

  private parseLoop(ctx: CommandContext): void {
    const open = this.rangeOf(this.next());
    const inner = this.context(true, false, undefined, ctx);
    this.parseList(new Set(['do']), inner);
    this.expectWord('do', open);
    this.parseList(new Set(['done']), inner);
    this.expectWord('done', open);
  }

  private parseFor(ctx: CommandContext): void {
    const open = this.rangeOf(this.next());
    const inner = this.context(true, false, undefined, ctx);
    const head = this.peek();
    if (head.type === 'arith-command') this.next();
    else if (head.type === 'word') {
      this.next();
      this.skipNewlines();
      if (this.isReserved(this.peek(), 'in')) {
        this.next();
        while (this.peek().type === 'word') this.next();
      }
    } else this.unexpected(head);
    if (this.isOp(this.peek(), ';', '\n')) this.next();
    this.skipNewlines();
    if (this.isReserved(this.peek(), '{')) {
      const brace = this.rangeOf(this.next());
      this.parseList(new Set(['}']), inner);
      this.expectWord('}', brace);
      return;
    }
    this.expectWord('do', open);
    this.parseList(new Set(['done']), inner);
    this.expectWord('done', open);
  }

  private parseCase(ctx: CommandContext): void {
    const open = this.rangeOf(this.next());
    const inner = this.context(true, false, undefined, ctx);
    if (this.peek().type !== 'word') this.unexpected(this.peek());
    this.next();
    this.skipNewlines();
    this.expectWord('in', open);
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (this.isReserved(t, 'esac')) {
        this.next();
        return;
      }
      if (t.type === 'eof') this.fail(open, "syntax error: unexpected end of file, 'esac' expected to close this");
      if (this.isOp(t, '(')) this.next();
      // pattern ( | pattern )* )
      for (;;) {
        if (this.peek().type !== 'word') this.unexpected(this.peek());
        this.next();
        if (this.isOp(this.peek(), '|')) {
          this.next();
          continue;
        }
        break;
      }
      if (!this.isOp(this.peek(), ')')) this.unexpected(this.peek());
      this.next();
      this.parseList(new Set(['esac']), inner);
      if (this.isOp(this.peek(), ';;', ';&', ';;&')) this.next();
      else if (!this.isReserved(this.peek(), 'esac')) this.unexpected(this.peek());
    }
  }

  private parseDoubleBracket(): void {
    const open = this.rangeOf(this.next());
    while (!this.isReserved(this.peek(), ']]')) {
      const t = this.peek();
      if (t.type === 'eof') this.fail(open, "syntax error: unexpected end of file, ']]' expected to close this");
      if (this.isOp(t, ';', '&', ';;')) this.unexpected(t);
      this.next();
    }
    this.next();
  }

  private parseFunction(ctx: CommandContext, keyword: boolean): void {
    const start = this.startOf(this.peek());
    if (keyword) this.next();
    const nameToken = this.next();
    if (nameToken.type !== 'word') this.unexpected(nameToken);
    const name = nameToken.word.value ?? nameToken.word.text;
    if (this.isOp(this.peek(), '(')) {
      this.next();
      if (!this.isOp(this.peek(), ')')) this.unexpected(this.peek());
      this.next();
    }
    this.skipNewlines();
    const definition = { name, nameRange: nameToken.word.range, range: { start, end: start }, keyword, context: ctx };
    this.script.functions.push(definition);
    const body = this.peek();
    const bodyCtx = { ...this.context(true, false, name, ctx), functionName: name };
    const isCompound =
      this.isReserved(body, new Set(['{', 'if', 'while', 'until', 'for', 'select', 'case', '[['])) || this.isOp(body, '(') || body.type === 'arith-command';
    if (!isCompound) this.unexpected(body);
    this.parseCommand(bodyCtx);
    definition.range = { start, end: this.lastEnd() };
  }

  private parseSimpleCommand(ctx: CommandContext): void {
    const command: SimpleCommand = { range: { start: this.startOf(this.peek()), end: 0 }, assignments: [], declarations: [], words: [], redirections: [], context: ctx, background: false };
    for (;;) {
      const t = this.peek();
      if (t.type === 'word') {
        if (t.assignment && command.words.length === 0) command.assignments.push(t.assignment);
        else {
          if (t.assignment && DECLARATION_BUILTINS.has(command.words[0].value ?? '')) command.declarations.push(t.assignment);
          command.words.push(t.word);
        }
        this.next();
      } else if (t.type === 'redirect') {
        command.redirections.push(t.redirection);
        this.next();
      } else break;
    }
    if (command.assignments.length + command.words.length + command.redirections.length === 0) this.unexpected(this.peek());
    command.range.end = this.lastEnd();
    this.script.commands.push(command);
    this.parseSubstitutions(command);
  }

  /** Commands inside $(...), `...` and <(...) of this command's words are parsed as well. */
  private parseSubstitutions(command: SimpleCommand): void {
    for (const word of command.words) if (word.dynamic) this.parseSubstitutionsIn(command, word.parts);
    for (const a of command.assignments) {
      if (a.value?.dynamic) this.parseSubstitutionsIn(command, a.value.parts);
      for (const element of a.array ?? []) if (element.dynamic) this.parseSubstitutionsIn(command, element.parts);
    }
    for (const r of command.redirections) if (r.target?.dynamic) this.parseSubstitutionsIn(command, r.target.parts);
  }

  private parseSubstitutionsIn(command: SimpleCommand, parts: import('./types').WordPart[]): void {
    for (const part of flattenParts(parts)) {
      if ((part.kind === 'command-substitution' || part.kind === 'process-substitution' || part.kind === 'backtick') && part.innerRange) {
        if ((this.base.depth ?? 0) + this.depth >= MAX_NESTING) {
          this.script.errors.push({ message: TOO_DEEP, range: part.innerRange, severity: 'syntax' });
          continue;
        }
        parseInto(this.state, this.script, part.innerRange.start, part.innerRange.end, {
          functionName: command.context.functionName,
          conditional: command.context.conditional,
          subshell: true,
          inSubstitution: true,
          depth: command.context.depth + 1,
          topLevelStart: command.context.topLevelStart,
        }, part.kind === 'backtick');
      }
    }
  }
}

function flattenParts(parts: import('./types').WordPart[]): import('./types').WordPart[] {
  return parts.flatMap((p) => [p, ...(p.parts ? flattenParts(p.parts) : []), ...(p.argument ? flattenParts(p.argument.parts) : [])]);
}

/** Parses text[from, to) as a nested script (a substitution's body) into `script`. */
function parseInto(outer: ScanState, script: ShellScript, from: number, to: number, base: Partial<CommandContext>, backtick: boolean): void {
  // Backtick bodies have their \` \$ \\ escapes removed by bash before parsing; we parse them as written
  // (same length, so ranges stay exact) which is close enough for finding the commands inside.
  void backtick;
  const state: ScanState = { text: outer.text, errors: [], depth: outer.depth + 1 };
  const tokens = tokenize(state, script.comments, from, to);
  const nested: ShellScript = { ...script, errors: [], stopsAt: undefined };
  new Parser(tokens, nested, state, base).parseProgram();
  for (const e of [...state.errors, ...nested.errors]) {
    if (!script.errors.some((x) => x.range.start === e.range.start && x.message === e.message)) script.errors.push(e);
  }
  if (nested.errors.length && script.stopsAt === undefined) script.stopsAt = base.topLevelStart;
}

/**
 * Parses bash source text. Never executes anything, never throws on any input, and runs in time
 * roughly linear in the text length.
 */
/**
 * Several analyzers (ksmtuned, QEMU, sysfs, what-if facts) parse the same document version one
 * after another; the last few parses are kept so each text is parsed once. Callers treat the
 * returned script as read-only.
 */
const recentParses: ShellScript[] = [];
const RECENT_PARSES = 4;

export function parseShell(text: string): ShellScript {
  const cached = recentParses.find((s) => s.text === text);
  if (cached) return cached;
  const script = parseShellUncached(text);
  recentParses.unshift(script);
  if (recentParses.length > RECENT_PARSES) recentParses.pop();
  return script;
}

function parseShellUncached(text: string): ShellScript {
  const script: ShellScript = { text, commands: [], functions: [], compounds: [], comments: [], errors: [], hasBom: text.charCodeAt(0) === 0xfeff };
  const state: ScanState = { text, errors: [], depth: 0 };
  const tokens = tokenize(state, script.comments);
  const parser = new Parser(tokens, script, state, {});
  parser.parseProgram();
  for (const error of state.errors) {
    script.errors.push(error);
    if (error.severity === 'syntax') {
      const top = topLevelStartFor(script, error.range.start);
      if (script.stopsAt === undefined || top < script.stopsAt) script.stopsAt = top;
    }
  }
  script.errors.sort((a, b) => a.range.start - b.range.start);
  keepOnlyTooDeep(script);
  script.commands.sort((a, b) => a.range.start - b.range.start);
  script.comments.sort((a, b) => a.range.start - b.range.start);
  return script;
}

/**
 * Past the nesting limit the scanners give up on the rest of the text, so the quotes and brackets
 * they leave open are not the author's mistakes: from the top-level command that nests too deeply
 * on, the first "nested too deeply" error is the only syntax error reported.
 */
function keepOnlyTooDeep(script: ShellScript): void {
  const tooDeep = script.errors.find((e) => e.message.endsWith(TOO_DEEP_SUFFIX));
  if (!tooDeep) return;
  const from = topLevelStartFor(script, tooDeep.range.start);
  script.errors = script.errors.filter((e) => e === tooDeep || e.severity !== 'syntax' || e.range.start < from);
}

/** The start of the top-level command containing `offset` (lexer errors know only their offset). */
function topLevelStartFor(script: ShellScript, offset: number): number {
  let best: number | undefined;
  for (const c of script.commands) {
    if (c.range.start <= offset && offset <= c.range.end) best = Math.min(best ?? Infinity, c.context.topLevelStart);
  }
  return best ?? script.text.lastIndexOf('\n', offset - 1) + 1;
}

export type { ShellError };
