/**
 * Scans one bash word into its parts (quotes, escapes, expansions), the way bash's tokenizer
 * delimits it. Substitutions are skipped over by matching their closing delimiter, never run.
 */
import type { ShellError, ShellWord, WordPart } from './types';

export interface ScanState {
  text: string;
  errors: ShellError[];
  /** Nesting of substitutions/expansions; bounded so hostile input cannot exhaust the stack. */
  depth: number;
}

export const MAX_NESTING = 100;
/** The end of every error that says the nesting limit was reached. */
export const TOO_DEEP_SUFFIX = 'nested too deeply to analyse';

const BLANK = new Set([' ', '\t']);
/** Characters that end an unquoted word at the top level. */
export const METACHARS = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const META_TABLE = new Uint8Array(128);
for (const c of METACHARS) META_TABLE[c.charCodeAt(0)] = 1;
export function isMetaCode(code: number): boolean {
  return code < 128 && META_TABLE[code] === 1;
}

/** Where an unquoted word ends: at a metacharacter ('word') or at the `}` of ${...} ('brace'), and never past `to`. */
export interface WordStop {
  mode: 'word' | 'brace';
  to: number;
}
function stops(text: string, pos: number, stop: WordStop): boolean {
  if (pos >= stop.to) return true;
  const code = text.charCodeAt(pos);
  return stop.mode === 'word' ? isMetaCode(code) : code === 125;
}

export function isNameStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/.test(c);
}
export function isNameChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

function syntaxError(s: ScanState, message: string, start: number, end: number): void {
  s.errors.push({ message, range: { start, end: Math.max(start, end) }, severity: 'syntax' });
}

/** Ends a word at `stop(c)` (unquoted). Used for top-level words (METACHARS) and ${...} arguments ('}'). */
export function scanWord(s: ScanState, start: number, stop: WordStop, atValueStart = true): { parts: WordPart[]; end: number } {
  const text = s.text;
  const parts: WordPart[] = [];
  let pos = start;
  let literalStart = -1;
  function flushLiteral(end: number): void {
    if (literalStart !== -1 && end > literalStart) parts.push({ kind: 'literal', range: { start: literalStart, end }, value: text.slice(literalStart, end) });
    literalStart = -1;
  }
  if (atValueStart && text[pos] === '~') {
    let end = pos + 1;
    while (end < text.length && /[A-Za-z0-9_.+-]/.test(text[end])) end++;
    if (end >= text.length || text[end] === '/' || text[end] === ':' || stops(text, end, stop)) {
      parts.push({ kind: 'tilde', range: { start: pos, end } });
      pos = end;
    }
  }
  while (pos < text.length) {
    if (stops(text, pos, stop)) break;
    const c = text[pos];
    if (c === '\\') {
      flushLiteral(pos);
      if (text[pos + 1] === '\n') {
        pos += 2; // line continuation: removed entirely
        continue;
      }
      if (pos + 1 >= text.length) {
        parts.push({ kind: 'literal', range: { start: pos, end: pos + 1 }, value: '\\' });
        pos += 1;
        continue;
      }
      const escaped = String.fromCodePoint(text.codePointAt(pos + 1)!);
      parts.push({ kind: 'escaped', range: { start: pos, end: pos + 1 + escaped.length }, value: escaped });
      pos += 1 + escaped.length;
      continue;
    }
    if (c === "'") {
      flushLiteral(pos);
      pos = scanSingleQuoted(s, pos, parts);
      continue;
    }
    if (c === '"') {
      flushLiteral(pos);
      pos = scanDoubleQuoted(s, pos, pos + 1, parts);
      continue;
    }
    if (c === '`') {
      flushLiteral(pos);
      pos = scanBacktick(s, pos, parts, false);
      continue;
    }
    if (c === '$') {
      const next = scanDollar(s, pos, parts, false, flushLiteral);
      if (next !== undefined) {
        pos = next;
        continue;
      }
    }
    if (literalStart === -1) literalStart = pos;
    pos += 1;
  }
  flushLiteral(pos);
  return { parts, end: pos };
}

function scanSingleQuoted(s: ScanState, start: number, parts: WordPart[]): number {
  const close = s.text.indexOf("'", start + 1);
  if (close === -1) {
    syntaxError(s, "unexpected end of file while looking for the matching ' (the quote is never closed)", start, s.text.length);
    parts.push({ kind: 'single-quoted', range: { start, end: s.text.length }, value: s.text.slice(start + 1) });
    return s.text.length;
  }
  parts.push({ kind: 'single-quoted', range: { start, end: close + 1 }, value: s.text.slice(start + 1, close) });
  return close + 1;
}

/** Scans "..." starting at the quote (contentStart is after `"` or `$"`). */
function scanDoubleQuoted(s: ScanState, start: number, contentStart: number, parts: WordPart[]): number {
  const text = s.text;
  const inner: WordPart[] = [];
  let pos = contentStart;
  let literalStart = -1;
  let literal = '';
  const flush = (end: number) => {
    if (literalStart !== -1) inner.push({ kind: 'literal', range: { start: literalStart, end }, value: literal, quoted: true });
    literalStart = -1;
    literal = '';
  };
  const add = (from: number, str: string) => {
    if (literalStart === -1) literalStart = from;
    literal += str;
  };
  while (pos < text.length && text[pos] !== '"') {
    const c = text[pos];
    if (c === '\\') {
      const n = text[pos + 1];
      if (n === '\n') {
        if (literalStart === -1) literalStart = pos;
        pos += 2;
        continue;
      }
      if (n === '$' || n === '`' || n === '"' || n === '\\') add(pos, n);
      else add(pos, n === undefined ? '\\' : '\\' + n);
      pos += n === undefined ? 1 : 2;
      continue;
    }
    if (c === '`') {
      flush(pos);
      pos = scanBacktick(s, pos, inner, true);
      continue;
    }
    if (c === '$') {
      const next = scanDollar(s, pos, inner, true, flush);
      if (next !== undefined) {
        pos = next;
        continue;
      }
    }
    add(pos, c);
    pos += 1;
  }
  flush(pos);
  const terminated = pos < text.length;
  if (!terminated) syntaxError(s, 'unexpected end of file while looking for the matching " (the quote is never closed)', start, text.length);
  const end = terminated ? pos + 1 : pos;
  const allLiteral = inner.every((p) => p.value !== undefined);
  parts.push({ kind: 'double-quoted', range: { start, end }, parts: inner, value: allLiteral ? inner.map((p) => p.value).join('') : undefined });
  return end;
}

/** Finds the end of `...` (backslash escapes `, $ and \ inside). */
function scanBacktick(s: ScanState, start: number, parts: WordPart[], quoted: boolean): number {
  const text = s.text;
  let pos = start + 1;
  while (pos < text.length && text[pos] !== '`') pos += text[pos] === '\\' ? 2 : 1;
  if (pos >= text.length) {
    syntaxError(s, 'unexpected end of file while looking for the matching ` (the command substitution is never closed)', start, text.length);
    parts.push({ kind: 'backtick', range: { start, end: text.length }, inner: text.slice(start + 1), innerRange: { start: start + 1, end: text.length }, quoted });
    return text.length;
  }
  parts.push({ kind: 'backtick', range: { start, end: pos + 1 }, inner: text.slice(start + 1, pos), innerRange: { start: start + 1, end: pos }, quoted });
  return pos + 1;
}

const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/** Scans an expansion starting with `$`. Returns undefined when the `$` is literal. */
function scanDollar(s: ScanState, start: number, parts: WordPart[], quoted: boolean, flush: (end: number) => void): number | undefined {
  const text = s.text;
  const n = text[start + 1];
  if (n === "'" && !quoted) {
    flush(start);
    return scanAnsiC(s, start, parts);
  }
  if (n === '"' && !quoted) {
    flush(start);
    return scanDoubleQuoted(s, start, start + 2, parts);
  }
  if (n === '(' && text[start + 2] === '(') {
    flush(start);
    const end = findArithmeticEnd(s, start + 3);
    if (end !== undefined) {
      parts.push({ kind: 'arithmetic', range: { start, end: end + 2 }, inner: text.slice(start + 3, end), innerRange: { start: start + 3, end }, quoted });
      return end + 2;
    }
    // "$( (" is a command substitution holding a subshell
  }
  if (n === '(') {
    flush(start);
    const end = findClosing(s, start + 2, ')', start);
    parts.push({ kind: 'command-substitution', range: { start, end: Math.min(end + 1, text.length) }, inner: text.slice(start + 2, end), innerRange: { start: start + 2, end }, quoted });
    return Math.min(end + 1, text.length);
  }
  if (n === '[') {
    flush(start);
    const end = findClosing(s, start + 2, ']', start);
    parts.push({ kind: 'arithmetic', range: { start, end: Math.min(end + 1, text.length) }, inner: text.slice(start + 2, end), innerRange: { start: start + 2, end }, quoted });
    return Math.min(end + 1, text.length);
  }
  if (n === '{') {
    flush(start);
    return scanBraceParameter(s, start, parts, quoted);
  }
  if (isNameStart(n)) {
    flush(start);
    let end = start + 2;
    while (isNameChar(text[end])) end++;
    parts.push({ kind: 'parameter', range: { start, end }, name: text.slice(start + 1, end), quoted });
    return end;
  }
  if (n !== undefined && SPECIAL_PARAMS.has(n)) {
    flush(start);
    parts.push({ kind: 'parameter', range: { start, end: start + 2 }, name: n, quoted });
    return start + 2;
  }
  return undefined;
}

const ANSI_SIMPLE: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

function scanAnsiC(s: ScanState, start: number, parts: WordPart[]): number {
  const text = s.text;
  let pos = start + 2;
  let value = '';
  while (pos < text.length && text[pos] !== "'") {
    if (text[pos] !== '\\' || pos + 1 >= text.length) {
      value += text[pos++];
      continue;
    }
    const e = text[pos + 1];
    pos += 2;
    if (e in ANSI_SIMPLE) value += ANSI_SIMPLE[e];
    else if (/[0-7]/.test(e)) {
      let digits = e;
      while (digits.length < 3 && /[0-7]/.test(text[pos] ?? '')) digits += text[pos++];
      value += String.fromCharCode(parseInt(digits, 8) & 0xff);
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const max = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      let digits = '';
      while (digits.length < max && /[0-9A-Fa-f]/.test(text[pos] ?? '')) digits += text[pos++];
      if (digits === '') value += '\\' + e;
      else {
        const code = parseInt(digits, 16);
        value += code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
    } else if (e === 'c' && pos < text.length) {
      value += String.fromCharCode(text.charCodeAt(pos++) & 0x1f);
    } else value += '\\' + e;
  }
  if (pos >= text.length) {
    syntaxError(s, "unexpected end of file while looking for the matching ' of $'...' (the quote is never closed)", start, text.length);
    parts.push({ kind: 'ansi-c', range: { start, end: text.length }, value });
    return text.length;
  }
  parts.push({ kind: 'ansi-c', range: { start, end: pos + 1 }, value });
  return pos + 1;
}

/**
 * Finds the `)` (or `]`) closing a substitution whose content starts at `from`, honouring quotes,
 * escapes, comments and nested parentheses. Returns text.length when it is never closed.
 */
export function findClosing(s: ScanState, from: number, close: ')' | ']' | '}', openedAt: number): number {
  const text = s.text;
  const open = close === ')' ? '(' : close === ']' ? '[' : '{';
  let depth = 0;
  let pos = from;
  let wordStart = true;
  while (pos < text.length) {
    const c = text[pos];
    if (c === '\\') {
      pos += 2;
      wordStart = false;
      continue;
    }
    if (c === "'" && close !== ']') {
      const q = text.indexOf("'", pos + 1);
      pos = q === -1 ? text.length : q + 1;
      wordStart = false;
      continue;
    }
    if (c === '"' || c === '`') {
      pos = skipQuoted(text, pos, c);
      wordStart = false;
      continue;
    }
    if (c === '#' && wordStart && close === ')') {
      const nl = text.indexOf('\n', pos);
      pos = nl === -1 ? text.length : nl;
      continue;
    }
    if (c === '$' && (text[pos + 1] === '(' || text[pos + 1] === '{' || text[pos + 1] === '[')) {
      const inner = text[pos + 1] === '(' ? ')' : text[pos + 1] === '{' ? '}' : ']';
      if (s.depth >= MAX_NESTING) {
        syntaxError(s, `substitutions ${TOO_DEEP_SUFFIX}`, pos, pos + 2);
        return text.length;
      }
      s.depth++;
      const end = findClosing(s, pos + 2, inner, pos);
      s.depth--;
      pos = end + 1;
      wordStart = false;
      continue;
    }
    if (c === open) depth++;
    else if (c === close) {
      if (depth === 0) return pos;
      depth--;
    }
    wordStart = c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '(' || c === '|' || c === '&';
    pos++;
  }
  const what = close === ')' ? '$( ... )' : close === ']' ? '$[ ... ]' : '${ ... }';
  syntaxError(s, `unexpected end of file while looking for the ${close} that closes ${what}`, openedAt, text.length);
  return text.length;
}

/** Skips "..." or `...` from the opening quote; returns the offset after the closing one (or the end). */
function skipQuoted(text: string, start: number, quote: string): number {
  let pos = start + 1;
  while (pos < text.length && text[pos] !== quote) pos += text[pos] === '\\' ? 2 : 1;
  return Math.min(pos + 1, text.length);
}

/** Finds the `))` of `$((` ... `))`; undefined if the parentheses do not balance that way. */
function findArithmeticEnd(s: ScanState, from: number): number | undefined {
  const text = s.text;
  let depth = 0;
  for (let pos = from; pos < text.length; pos++) {
    const c = text[pos];
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth > 0) depth--;
      else return text[pos + 1] === ')' ? pos : undefined;
    } else if (c === '\\') pos++;
    else if (c === '"' || c === '`' || c === "'") pos = (c === "'" ? text.indexOf("'", pos + 1) : skipQuoted(text, pos, c) - 1);
    if (pos < 0) return undefined;
  }
  return undefined;
}

const PARAM_OPERATORS = [':-', ':=', ':?', ':+', '-', '=', '?', '+', '##', '#', '%%', '%', '//', '/#', '/%', '/', '^^', '^', ',,', ',', '@', ':'];

function scanBraceParameter(s: ScanState, start: number, parts: WordPart[], quoted: boolean): number {
  const text = s.text;
  let pos = start + 2;
  let prefix: '#' | '!' | undefined;
  if ((text[pos] === '#' || text[pos] === '!') && text[pos + 1] !== '}' && text[pos + 1] !== undefined) {
    prefix = text[pos] as '#' | '!';
    pos++;
  }
  let nameEnd = pos;
  if (isNameStart(text[pos])) while (isNameChar(text[nameEnd])) nameEnd++;
  else if (/[0-9]/.test(text[pos] ?? '')) while (/[0-9]/.test(text[nameEnd] ?? '')) nameEnd++;
  else if (text[pos] !== undefined && SPECIAL_PARAMS.has(text[pos])) nameEnd = pos + 1;
  const name = text.slice(pos, nameEnd);
  pos = nameEnd;
  let operator: string | undefined;
  let argument: ShellWord | undefined;
  if (text[pos] === '[') {
    operator = '[';
    const end = findClosing(s, pos + 1, ']', pos);
    pos = end + 1;
    if (text[pos] !== '}') {
      const op = PARAM_OPERATORS.find((o) => text.startsWith(o, pos));
      if (op) {
        operator = '[' + op;
        pos += op.length;
      }
    }
  } else {
    operator = PARAM_OPERATORS.find((o) => text.startsWith(o, pos));
    if (operator) pos += operator.length;
  }
  if (operator && text[pos] !== '}') {
    if (s.depth >= MAX_NESTING) {
      syntaxError(s, `expansions ${TOO_DEEP_SUFFIX}`, start, start + 2);
      return text.length;
    }
    s.depth++;
    const argStart = pos;
    const scanned = scanWord(s, pos, { mode: 'brace', to: text.length }, false);
    s.depth--;
    pos = scanned.end;
    argument = makeWord(text, argStart, pos, scanned.parts);
  }
  if (text[pos] !== '}') {
    // Unknown syntax inside ${...}: find the closing brace so the rest of the line still parses.
    const end = findClosing(s, pos, '}', start);
    if (end < text.length && !name) s.errors.push({ message: `bad substitution: ${text.slice(start, end + 1)}`, range: { start, end: end + 1 }, severity: 'syntax' });
    pos = end;
  }
  const end = Math.min(pos + 1, text.length);
  if (!name && pos < text.length && !s.errors.some((e) => e.range.start === start)) {
    s.errors.push({ message: `bad substitution: ${text.slice(start, end)}`, range: { start, end }, severity: 'syntax' });
  }
  parts.push({ kind: 'parameter', range: { start, end }, name, prefix, operator, argument, quoted });
  return end;
}

const LITERAL_KINDS = new Set(['literal', 'escaped', 'single-quoted', 'ansi-c']);

/** Builds a ShellWord from scanned parts: dynamic when any part expands. */
export function makeWord(text: string, start: number, end: number, parts: WordPart[]): ShellWord {
  let dynamic = false;
  let hasGlob = false;
  for (const part of parts) {
    if (part.kind === 'double-quoted') {
      if (part.value === undefined) dynamic = true;
    } else if (!LITERAL_KINDS.has(part.kind)) dynamic = true;
    else if (part.kind === 'literal' && /[*?[]/.test(part.value ?? '')) hasGlob = true;
  }
  const word: ShellWord = { range: { start, end }, text: text.slice(start, end), parts, dynamic, hasGlob };
  if (!dynamic) word.value = parts.map((p) => p.value ?? '').join('');
  return word;
}

export function isBlank(c: string | undefined): boolean {
  return c !== undefined && BLANK.has(c);
}
