/**
 * The exact bytes `echo` and `printf` print for literal arguments, so a knob write's value is
 * judged on what the kernel receives (echo adds a newline, `echo -n` and `printf '%s'` do not).
 * Returns undefined whenever the output cannot be known without running the command.
 */

/** bash's echo: -n/-e/-E options (xpg_echo off); dash's echo (`sh -c` on Debian) always interprets escapes and knows only -n. */
export function echoOutput(args: readonly string[], dialect: 'bash' | 'dash' = 'bash'): string | undefined {
  let newline = true;
  let escapes = dialect === 'dash';
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    const pattern = dialect === 'dash' ? /^-n$/ : /^-[neE]+$/;
    if (!pattern.test(a)) break;
    for (const flag of a.slice(1)) {
      if (flag === 'n') newline = false;
      else if (flag === 'e') escapes = true;
      else if (flag === 'E') escapes = false;
    }
  }
  let out = args.slice(i).join(' ');
  if (escapes) {
    const r = interpretEscapes(out, dialect === 'dash' ? 'dash-echo' : 'echo');
    if (r === undefined) return undefined;
    out = r.text;
    if (r.stopped) return out;
  }
  return newline ? out + '\n' : out;
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/**
 * Backslash escapes of echo -e / printf %b (`\0nnn` octal, `\c` stops all output) and of printf
 * formats (`\nnn`; `\c` is not special there). dash's echo knows no `\x`.
 */
function interpretEscapes(s: string, mode: 'echo' | 'dash-echo' | 'format'): { text: string; stopped: boolean } | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const e = s[++i];
    if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
    else if (e === 'c' && mode !== 'format') return { text: out, stopped: true };
    else if (mode === 'format' && e === '"') out += '"';
    else if (/[0-7]/.test(e) && (mode === 'format' || e === '0')) {
      let digits = mode === 'format' ? e : '';
      const max = 3;
      while (digits.length < max && /[0-7]/.test(s[i + 1] ?? '')) digits += s[++i];
      out += String.fromCharCode(parseInt(digits || '0', 8) & 0xff);
    } else if (e === 'x' && mode !== 'dash-echo') {
      let digits = '';
      while (digits.length < 2 && /[0-9A-Fa-f]/.test(s[i + 1] ?? '')) digits += s[++i];
      out += digits ? String.fromCharCode(parseInt(digits, 16)) : '\\x';
    } else if (e === 'u' || e === 'U') return undefined; // locale-dependent encoding
    else out += '\\' + e;
  }
  return { text: out, stopped: false };
}

/** bash printf's integer argument: decimal, 0-prefixed octal, 0x hex, or 'c (character code). */
function printfInteger(arg: string | undefined): bigint | undefined {
  if (arg === undefined || arg === '') return 0n;
  const t = arg.trim();
  if (/^['"]./.test(t)) return BigInt(t.codePointAt(1)!);
  const m = /^([+-]?)(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)$/.exec(t);
  if (!m) return undefined;
  const body = m[2];
  const value = /^0[xX]/.test(body) ? BigInt(body) : body.startsWith('0') && body.length > 1 ? BigInt('0o' + body.slice(1)) : BigInt(body);
  return m[1] === '-' ? -value : value;
}

/** Output of `printf FORMAT ARGS...` for %s %b %d %i %u %c %% without flags or widths. */
export function printfOutput(format: string, args: readonly string[]): string | undefined {
  let out = '';
  let argIndex = 0;
  for (let round = 0; round < 100; round++) {
    let consumed = false;
    for (let i = 0; i < format.length; i++) {
      const c = format[i];
      if (c === '\\') {
        const j = i + 1;
        let k = j;
        if (/[0-7]/.test(format[j] ?? '')) while (k < format.length && k < j + 3 && /[0-7]/.test(format[k])) k++;
        else if (format[j] === 'x') {
          k = j + 1;
          while (k < format.length && k < j + 3 && /[0-9A-Fa-f]/.test(format[k])) k++;
        } else k = j + 1;
        const r = interpretEscapes(format.slice(i, k), 'format');
        if (r === undefined) return undefined;
        out += r.text;
        if (r.stopped) return out;
        i = k - 1;
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      const conv = format[++i];
      if (conv === '%') {
        out += '%';
        continue;
      }
      const arg = args[argIndex];
      if (argIndex < args.length) {
        argIndex++;
        consumed = true;
      }
      if (conv === 's') out += arg ?? '';
      else if (conv === 'b') {
        const r = interpretEscapes(arg ?? '', 'echo');
        if (r === undefined) return undefined;
        out += r.text;
        if (r.stopped) return out;
      } else if (conv === 'd' || conv === 'i' || conv === 'u') {
        const n = printfInteger(arg);
        if (n === undefined) return undefined;
        out += (conv === 'u' && n < 0n ? (1n << 64n) + n : n).toString();
      } else if (conv === 'c') out += (arg ?? '').charAt(0);
      else return undefined; // widths, flags, floats, %q: not modelled
    }
    if (!consumed || argIndex >= args.length) break;
  }
  return out;
}
