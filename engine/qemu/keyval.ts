/**
 * QEMU's keyval grammar (util/keyval.c), the parser behind `-machine`/`-M` since QEMU 6.0:
 * `[implied][,key=value]...[,]`, dotted keys for nested objects, `,,` for a literal comma in values,
 * `help`/`?` anywhere. Positions are indices into the argument's value; the caller maps them to the
 * document. Parsing stops at the first error, like QEMU.
 */

export interface Span {
  start: number;
  end: number;
}

export interface KeyFragment extends Span {
  name: string;
  /** A list index (digits), allowed after the first fragment. */
  index: boolean;
}

export interface KeyvalPair {
  /** The key as written, dotted (for the implied element: the implied key name). */
  key: string;
  keySpan: Span;
  fragments: KeyFragment[];
  /** The value with `,,` turned into `,`. */
  value: string;
  /** Raw span of the value in the argument (escapes included). */
  valueSpan: Span;
  /** Index in the argument of each value character (to map `,,`-escaped values exactly). */
  valueIndex: number[];
  implied: boolean;
  /** Span of the whole `key=value` element. */
  span: Span;
}

export interface KeyvalError {
  message: string;
  span: Span;
  kind: 'missing-equals' | 'invalid-parameter' | 'too-long';
  /** For missing-equals: the key that lacks `=`. */
  key?: string;
}

export interface KeyvalParse {
  pairs: KeyvalPair[];
  help?: Span;
  error?: KeyvalError;
}

const MAX_KEY = 127;

function isAlpha(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}
function isAlnum(c: string | undefined): boolean {
  return c !== undefined && (isAlpha(c) || (c >= '0' && c <= '9'));
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Length of the QAPI name at `i` (letters, digits, '-', '_'; may carry a `__vendor.name_` prefix), or 0. */
export function qapiNameLength(text: string, i: number): number {
  let p = i;
  if (text[p] === '_') {
    p++;
    if (text[p] !== '_') return 0;
    p++;
    while (p < text.length && (isAlnum(text[p]) || text[p] === '-' || text[p] === '.')) p++;
    if (text[p] !== '_') return 0;
    p++;
  }
  if (!isAlpha(text[p])) return 0;
  while (p < text.length && (isAlnum(text[p]) || text[p] === '-' || text[p] === '_')) p++;
  return p - i;
}

/** Where the next `=` or `,` is (strcspn). */
function keyEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && text[j] !== '=' && text[j] !== ',') j++;
  return j;
}

function helpLength(text: string, i: number): number {
  if (text[i] === '?') return 1;
  return text.startsWith('help', i) ? 4 : 0;
}

export function parseKeyval(text: string, impliedKey: string | undefined = 'type'): KeyvalParse {
  const pairs: KeyvalPair[] = [];
  let help: Span | undefined;
  let s = 0;
  let implied: string | undefined = impliedKey;
  while (s < text.length) {
    const start = s;
    const len = keyEnd(text, s) - s;
    if (len > 0 && text[s + len] !== '=') {
      if (helpLength(text, s) === len) {
        help = { start: s, end: s + len };
        s += len;
        if (text[s] === ',') s++;
        implied = undefined;
        continue;
      }
      if (implied) {
        // The implied element stops at the first comma: `,,` cannot escape here.
        const valueIndex = Array.from({ length: len }, (_, k) => s + k);
        pairs.push({
          key: implied,
          keySpan: { start: s, end: s },
          fragments: [{ name: implied, start: s, end: s, index: false }],
          value: text.slice(s, s + len),
          valueSpan: { start: s, end: s + len },
          valueIndex,
          implied: true,
          span: { start: s, end: s + len },
        });
        s += len;
        if (text[s] === ',') s++;
        implied = undefined;
        continue;
      }
    }
    implied = undefined;
    const keyStop = s + len;
    const fragments: KeyFragment[] = [];
    let p = s;
    for (;;) {
      let fragLen: number;
      let index = false;
      if (p !== s && isDigit(text[p])) {
        let q = p;
        while (q < keyStop && isDigit(text[q])) q++;
        fragLen = q - p;
        index = true;
      } else fragLen = qapiNameLength(text, p);
      if (fragLen > keyStop - p) fragLen = 0; // cannot happen for valid input; keeps ranges sane
      if (!fragLen || (p + fragLen < keyStop && text[p + fragLen] !== '.')) {
        return { pairs, help, error: { kind: 'invalid-parameter', message: `Invalid parameter '${text.slice(s, keyStop)}'`, span: { start: s, end: Math.max(keyStop, s) } } };
      }
      if (fragLen > MAX_KEY) {
        const whole = p === s && p + fragLen === keyStop;
        return {
          pairs,
          help,
          error: { kind: 'too-long', message: `Parameter${whole ? '' : ' fragment'} '${text.slice(p, p + fragLen)}' is too long`, span: { start: p, end: p + fragLen } },
        };
      }
      fragments.push({ name: text.slice(p, p + fragLen), start: p, end: p + fragLen, index });
      p += fragLen;
      if (text[p] !== '.') break;
      p++;
    }
    if (text[p] !== '=') {
      return {
        pairs,
        help,
        error: { kind: 'missing-equals', key: text.slice(s, p), message: `Expected '=' after parameter '${text.slice(s, p)}'`, span: { start: s, end: p } },
      };
    }
    const keySpan = { start: s, end: p };
    p++;
    const valueStart = p;
    let value = '';
    const valueIndex: number[] = [];
    let valueEnd = valueStart;
    for (;;) {
      if (p >= text.length) break;
      if (text[p] === ',') {
        p++;
        if (text[p] !== ',') break;
      }
      valueIndex.push(p);
      value += text[p++];
      valueEnd = p;
    }
    pairs.push({
      key: text.slice(keySpan.start, keySpan.end),
      keySpan,
      fragments,
      value,
      valueSpan: { start: valueStart, end: valueEnd },
      valueIndex,
      implied: false,
      span: { start, end: valueEnd },
    });
    s = p;
  }
  return { pairs, help };
}
