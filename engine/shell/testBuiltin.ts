/**
 * bash's `[` / `test` builtin over already-expanded arguments: exit status 0 (true), 1 (false) or
 * 2 (error, with bash's message). Integer operands follow bash's rule: optional leading
 * whitespace, a sign, decimal digits, optional trailing blanks; anything else (08 is fine, 1x or a
 * trailing CR is not) is "integer expression expected".
 */
export interface TestOutcome {
  status: 0 | 1 | 2;
  error?: string;
}

const INT_OPS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);
const STRING_OPS = new Set(['=', '==', '!=', '<', '>']);
const BINARY_OPS = new Set([...INT_OPS, ...STRING_OPS, '-nt', '-ot', '-ef']);
const UNARY_OPS = new Set(['-n', '-z', '-e', '-f', '-d', '-r', '-w', '-x', '-s', '-L', '-h', '-b', '-c', '-p', '-S', '-g', '-u', '-k', '-O', '-G', '-N', '-t', '-a', '-o', '-v', '-R']);
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** bash's legal_number: the integer, or undefined when `[` would say "integer expression expected". */
export function testInteger(text: string): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)[ \t]*$/.exec(text);
  if (!m) return undefined;
  const v = BigInt(m[1]);
  return v > INT64_MAX || v < INT64_MIN ? undefined : v;
}

class TestError extends Error {}

class TestParser {
  private pos = 0;
  constructor(private readonly argv: string[]) {}

  evaluate(): boolean {
    const n = this.argv.length;
    // POSIX rules for up to 4 arguments, as bash applies them
    if (n === 0) return false;
    if (n === 1) return this.argv[0] !== '';
    if (n === 2) return this.two(0);
    if (n === 3) return this.three(0);
    if (n === 4) {
      if (this.argv[0] === '!') return !this.three(1);
      if (this.argv[0] === '(' && this.argv[3] === ')') return this.two(1);
    }
    const v = this.expr();
    if (this.pos < n) throw new TestError(`too many arguments`);
    return v;
  }

  private two(at: number): boolean {
    const [a, b] = [this.argv[at], this.argv[at + 1]];
    if (a === '!') return b === '';
    if (UNARY_OPS.has(a)) return this.unary(a, b);
    throw new TestError(`${a}: unary operator expected`);
  }

  private three(at: number): boolean {
    const [a, b, c] = [this.argv[at], this.argv[at + 1], this.argv[at + 2]];
    if (BINARY_OPS.has(b)) return this.binary(a, b, c);
    if (b === '-a') return a !== '' && c !== '';
    if (b === '-o') return a !== '' || c !== '';
    if (a === '!') return !this.two(at + 1);
    if (a === '(' && c === ')') return b !== '';
    throw new TestError(`${b}: binary operator expected`);
  }

  private expr(): boolean {
    let v = this.andTerm();
    while (this.argv[this.pos] === '-o') {
      this.pos++;
      const r = this.andTerm();
      v = v || r;
    }
    return v;
  }

  private andTerm(): boolean {
    let v = this.term();
    while (this.argv[this.pos] === '-a') {
      this.pos++;
      const r = this.term();
      v = v && r;
    }
    return v;
  }

  private term(): boolean {
    const argv = this.argv;
    if (this.pos >= argv.length) throw new TestError('argument expected');
    const a = argv[this.pos];
    if (a === '!') {
      this.pos++;
      return !this.term();
    }
    if (a === '(') {
      this.pos++;
      const v = this.expr();
      if (argv[this.pos] !== ')') throw new TestError("`)' expected");
      this.pos++;
      return v;
    }
    if (this.pos + 2 < argv.length + 0 && BINARY_OPS.has(argv[this.pos + 1]) && this.pos + 2 <= argv.length - 1) {
      const v = this.binary(a, argv[this.pos + 1], argv[this.pos + 2]);
      this.pos += 3;
      return v;
    }
    if (BINARY_OPS.has(argv[this.pos + 1] ?? '')) throw new TestError(`syntax error: \`${argv[this.pos + 1]}' unexpected`);
    if (UNARY_OPS.has(a) && this.pos + 1 < argv.length) {
      const v = this.unary(a, argv[this.pos + 1]);
      this.pos += 2;
      return v;
    }
    this.pos++;
    return a !== '';
  }

  private unary(op: string, arg: string): boolean {
    if (op === '-n') return arg !== '';
    if (op === '-z') return arg === '';
    return false; // file tests: nothing on the simulated host
  }

  private binary(a: string, op: string, b: string): boolean {
    if (INT_OPS.has(op)) {
      const x = testInteger(a);
      if (x === undefined) throw new TestError(`${a}: integer expression expected`);
      const y = testInteger(b);
      if (y === undefined) throw new TestError(`${b}: integer expression expected`);
      switch (op) {
        case '-eq':
          return x === y;
        case '-ne':
          return x !== y;
        case '-lt':
          return x < y;
        case '-le':
          return x <= y;
        case '-gt':
          return x > y;
        default:
          return x >= y;
      }
    }
    if (op === '=' || op === '==') return a === b;
    if (op === '!=') return a !== b;
    if (op === '<') return a < b;
    if (op === '>') return a > b;
    return false;
  }
}

/** Runs `[ argv... ]` (argv without the brackets). */
export function runTest(argv: string[]): TestOutcome {
  try {
    return { status: new TestParser(argv).evaluate() ? 0 : 1 };
  } catch (error) {
    if (error instanceof TestError) return { status: 2, error: `[: ${error.message}` };
    throw error;
  }
}
