/**
 * Bash arithmetic ($((...)), $[...], let) with bash's 64-bit integer semantics: leading 0 is
 * octal, 0x hex, base#digits, variables whose values are themselves expressions, wrap-around on
 * overflow, and bash's error messages. Pure evaluation over a variable map; assignments inside the
 * expression update that map, as they would in the shell.
 */

export type ArithmeticResult = { ok: true; value: bigint } | { ok: false; error: string; token: string };

const MIN = -(1n << 63n);
const MOD = 1n << 64n;
const MAX_RECURSION = 1024;

/** Wraps to a signed 64-bit integer, as intmax_t arithmetic does on the machines bash runs on. */
export function wrap64(v: bigint): bigint {
  let r = v % MOD;
  if (r < 0n) r += MOD;
  return r >= 1n << 63n ? r - MOD : r;
}

class ArithError extends Error {
  constructor(
    message: string,
    readonly token: string,
  ) {
    super(message);
  }
}

const OPERATORS = ['<<=', '>>=', '**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=', '+', '-', '*', '/', '%', '<', '>', '&', '^', '|', '!', '~', '?', ':', '=', ',', '(', ')'];

interface Tok {
  kind: 'num' | 'id' | 'op' | 'end';
  text: string;
  pos: number;
}

/** Converts an integer constant the way bash's strlong does; throws bash's error otherwise. */
export function parseBashInteger(text: string): bigint {
  let s = text;
  let base = 10;
  if (s.includes('#')) {
    const hash = s.indexOf('#');
    const b = s.slice(0, hash);
    if (!/^[0-9]+$/.test(b) || Number(b) < 2 || Number(b) > 64) throw new ArithError('invalid arithmetic base', text);
    base = Number(b);
    s = s.slice(hash + 1);
    if (s === '') throw new ArithError('invalid integer constant', text);
  } else if (/^0[xX]/.test(s)) {
    base = 16;
    s = s.slice(2);
  } else if (s.length > 1 && s[0] === '0') {
    base = 8;
    s = s.slice(1);
  }
  let value = 0n;
  const B = BigInt(base);
  for (const c of s) {
    let d: number;
    if (c >= '0' && c <= '9') d = c.charCodeAt(0) - 48;
    else if (c >= 'a' && c <= 'z') d = c.charCodeAt(0) - 97 + 10;
    else if (c >= 'A' && c <= 'Z') d = c.charCodeAt(0) - 65 + (base <= 36 ? 10 : 36);
    else if (c === '@') d = 62;
    else if (c === '_') d = 63;
    else throw new ArithError('invalid number', text);
    if (d >= base) throw new ArithError('value too great for base', text);
    value = wrap64(value * B + BigInt(d));
  }
  return value;
}

class Evaluator {
  private toks: Tok[] = [];
  private i = 0;
  private noeval = 0;

  constructor(
    private readonly vars: Map<string, string>,
    private readonly depth: number,
  ) {}

  private expr = '';

  run(expr: string): bigint {
    this.expr = expr;
    this.toks = tokenizeArith(expr);
    this.i = 0;
    if (this.peek().kind === 'end') return 0n;
    const v = this.comma();
    if (this.peek().kind !== 'end') {
      const t = this.peek();
      throw new ArithError('syntax error in expression', expr.slice(t.pos));
    }
    return v;
  }

  private peek(): Tok {
    return this.toks[this.i];
  }
  private isOp(...ops: string[]): boolean {
    const t = this.peek();
    return t.kind === 'op' && ops.includes(t.text);
  }
  private rest(): string {
    const t = this.peek();
    return this.toks.slice(this.i).map((x) => x.text).join('') || t.text;
  }

  private comma(): bigint {
    let v = this.assignment();
    while (this.isOp(',')) {
      this.i++;
      v = this.assignment();
    }
    return v;
  }

  private assignment(): bigint {
    const t = this.peek();
    const next = this.toks[this.i + 1];
    if (t.kind === 'id' && next?.kind === 'op' && ['=', '*=', '/=', '%=', '+=', '-=', '<<=', '>>=', '&=', '^=', '|='].includes(next.text)) {
      this.i += 2;
      const rhs = this.assignment();
      let value = rhs;
      if (next.text !== '=') value = this.binary(next.text.slice(0, -1), this.variable(t.text), rhs);
      if (!this.noeval) this.vars.set(t.text, value.toString());
      return value;
    }
    if (t.kind === 'num' && next?.kind === 'op' && next.text.endsWith('=') && !['==', '!=', '<=', '>='].includes(next.text)) {
      throw new ArithError('attempted assignment to non-variable', this.rest());
    }
    return this.conditional();
  }

  private conditional(): bigint {
    const cond = this.logicalOr();
    if (!this.isOp('?')) return cond;
    this.i++;
    if (cond === 0n) this.noeval++;
    const a = this.comma();
    if (cond === 0n) this.noeval--;
    if (!this.isOp(':')) throw new ArithError("`:' expected for conditional expression", this.rest());
    this.i++;
    if (cond !== 0n) this.noeval++;
    const b = this.conditional();
    if (cond !== 0n) this.noeval--;
    return cond !== 0n ? a : b;
  }

  private logicalOr(): bigint {
    let v = this.logicalAnd();
    while (this.isOp('||')) {
      this.i++;
      if (v !== 0n) this.noeval++;
      const r = this.logicalAnd();
      if (v !== 0n) this.noeval--;
      v = v !== 0n || r !== 0n ? 1n : 0n;
    }
    return v;
  }

  private logicalAnd(): bigint {
    let v = this.level(0);
    while (this.isOp('&&')) {
      this.i++;
      if (v === 0n) this.noeval++;
      const r = this.level(0);
      if (v === 0n) this.noeval--;
      v = v !== 0n && r !== 0n ? 1n : 0n;
    }
    return v;
  }

  private static readonly LEVELS = [['|'], ['^'], ['&'], ['==', '!='], ['<=', '>=', '<', '>'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

  private level(n: number): bigint {
    if (n === Evaluator.LEVELS.length) return this.power();
    let v = this.level(n + 1);
    while (this.isOp(...Evaluator.LEVELS[n])) {
      const op = this.peek().text;
      this.i++;
      v = this.binary(op, v, this.level(n + 1));
    }
    return v;
  }

  private power(): bigint {
    const base = this.unary();
    if (!this.isOp('**')) return base;
    this.i++;
    const exp = this.power();
    return this.binary('**', base, exp);
  }

  private unary(): bigint {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '++' || t.text === '--')) {
      this.i++;
      const id = this.peek();
      if (id.kind !== 'id') throw new ArithError('syntax error: operand expected', this.rest());
      this.i++;
      const v = wrap64(this.variable(id.text) + (t.text === '++' ? 1n : -1n));
      if (!this.noeval) this.vars.set(id.text, v.toString());
      return v;
    }
    if (t.kind === 'op' && ['!', '~', '-', '+'].includes(t.text)) {
      this.i++;
      const v = this.unary();
      return t.text === '!' ? (v === 0n ? 1n : 0n) : t.text === '~' ? wrap64(~v) : t.text === '-' ? wrap64(-v) : v;
    }
    return this.primary();
  }

  private primary(): bigint {
    const t = this.peek();
    if (t.kind === 'op' && t.text === '(') {
      this.i++;
      const v = this.comma();
      if (!this.isOp(')')) throw new ArithError("missing `)'", this.rest());
      this.i++;
      return v;
    }
    if (t.kind === 'num') {
      this.i++;
      return this.noeval ? 0n : parseBashInteger(t.text);
    }
    if (t.kind === 'id') {
      this.i++;
      const v = this.variable(t.text);
      if (this.isOp('++', '--')) {
        const op = this.peek().text;
        this.i++;
        if (!this.noeval) this.vars.set(t.text, wrap64(v + (op === '++' ? 1n : -1n)).toString());
      }
      return v;
    }
    // bash points at the last token it read, e.g. "+" in "1+"
    const previous = this.toks[this.i - 1];
    throw new ArithError('syntax error: operand expected', t.kind === 'end' && previous ? this.expr.slice(previous.pos).trimEnd() : this.rest());
  }

  /** A variable's value is itself an arithmetic expression; empty or unset is 0. */
  private variable(name: string): bigint {
    if (this.noeval) return 0n;
    const raw = this.vars.get(name);
    if (raw === undefined || raw === '') return 0n;
    if (this.depth >= MAX_RECURSION) throw new ArithError('expression recursion level exceeded', name);
    return new Evaluator(this.vars, this.depth + 1).runNested(raw);
  }

  runNested(expr: string): bigint {
    return this.run(expr);
  }

  private binary(op: string, a: bigint, b: bigint): bigint {
    if (this.noeval) return 0n;
    switch (op) {
      case '+':
        return wrap64(a + b);
      case '-':
        return wrap64(a - b);
      case '*':
        return wrap64(a * b);
      case '/':
      case '%':
        if (b === 0n) throw new ArithError('division by 0', this.divisorToken());
        if (a === MIN && b === -1n) return op === '/' ? MIN : 0n;
        return op === '/' ? a / b : a % b;
      case '**':
        if (b < 0n) throw new ArithError('exponent less than 0', String(b));
        return powWrap(a, b);
      case '<<':
        return wrap64(a << (b & 63n));
      case '>>':
        return a >> (b & 63n);
      case '<':
        return a < b ? 1n : 0n;
      case '>':
        return a > b ? 1n : 0n;
      case '<=':
        return a <= b ? 1n : 0n;
      case '>=':
        return a >= b ? 1n : 0n;
      case '==':
        return a === b ? 1n : 0n;
      case '!=':
        return a !== b ? 1n : 0n;
      case '&':
        return wrap64(a & b);
      case '|':
        return wrap64(a | b);
      case '^':
        return wrap64(a ^ b);
    }
    throw new ArithError('syntax error in expression', op);
  }

  private divisorToken(): string {
    return this.toks[this.i - 1]?.text ?? '0';
  }
}

function powWrap(a: bigint, b: bigint): bigint {
  let result = 1n;
  let base = wrap64(a);
  let e = b;
  while (e > 0n) {
    if (e & 1n) result = wrap64(result * base);
    base = wrap64(base * base);
    e >>= 1n;
  }
  return result;
}

function tokenizeArith(expr: string): Tok[] {
  const toks: Tok[] = [];
  let pos = 0;
  while (pos < expr.length) {
    const c = expr[pos];
    if (c === ' ' || c === '\t' || c === '\n') {
      pos++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let end = pos;
      while (end < expr.length && /[0-9A-Za-z#@_]/.test(expr[end])) end++;
      toks.push({ kind: 'num', text: expr.slice(pos, end), pos });
      pos = end;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let end = pos;
      while (end < expr.length && /[A-Za-z0-9_]/.test(expr[end])) end++;
      if (expr[end] === '[') {
        const close = expr.indexOf(']', end);
        if (close !== -1) end = close + 1;
      }
      toks.push({ kind: 'id', text: expr.slice(pos, end), pos });
      pos = end;
      continue;
    }
    const op = OPERATORS.find((o) => expr.startsWith(o, pos));
    if (!op) throw new ArithError('syntax error: invalid arithmetic operator', expr.slice(pos));
    toks.push({ kind: 'op', text: op, pos });
    pos += op.length;
  }
  toks.push({ kind: 'end', text: '', pos: expr.length });
  return toks;
}

/**
 * Evaluates `expr` as bash would inside $((...)) with `vars` as the shell variables (updated in
 * place by assignments in the expression). Errors carry bash's message and error token, e.g.
 * `value too great for base` / `08`.
 */
export function evaluateArithmetic(expr: string, vars: Map<string, string>): ArithmeticResult {
  try {
    return { ok: true, value: new Evaluator(vars, 0).run(expr) };
  } catch (error) {
    if (error instanceof ArithError) return { ok: false, error: error.message, token: error.token };
    if (error instanceof RangeError) return { ok: false, error: 'expression recursion level exceeded', token: expr };
    throw error;
  }
}

/** bash's message for an arithmetic error: "08: value too great for base (error token is "08")". */
export function formatArithmeticError(expr: string, result: Extract<ArithmeticResult, { ok: false }>): string {
  return `${expr.trim()}: ${result.error} (error token is "${result.token}")`;
}
