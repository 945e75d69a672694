/**
 * Splits bash source into words, operators and redirections (with here-document bodies), and
 * collects comments. Linear in the input; errors are recorded, never thrown.
 */
import type { Assignment, Comment, Redirection, ShellWord, TextRange } from './types';
import { findClosing, isBlank, makeWord, METACHARS, scanWord, type ScanState, type WordStop } from './words';

export type Token =
  | { type: 'word'; word: ShellWord; assignment?: Assignment }
  | { type: 'op'; op: string; range: TextRange }
  | { type: 'redirect'; redirection: Redirection }
  | { type: 'arith-command'; range: TextRange; inner: string }
  | { type: 'eof'; range: TextRange };

const OPERATORS = [';;&', ';;', ';&', '&&', '||', '|&', ';', '&', '|', '(', ')'];
const REDIRECT_OPS = ['<<<', '<<-', '&>>', '<<', '<>', '<&', '>>', '>&', '>|', '&>', '<', '>'];
const ASSIGNMENT_HEAD = /[A-Za-z_][A-Za-z0-9_]*(\[[^\]\s;&|<>()]*\])?\+?=/y;

interface PendingHeredoc {
  redirection: Redirection;
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
}

export function tokenize(state: ScanState, comments: Comment[], from = 0, to = state.text.length): Token[] {
  const text = state.text;
  const tokens: Token[] = [];
  const pending: PendingHeredoc[] = [];
  const stop: WordStop = { mode: 'word', to };
  let pos = from;
  while (pos < to) {
    const c = text[pos];
    if (isBlank(c)) {
      pos++;
      continue;
    }
    if (c === '\\' && text[pos + 1] === '\n') {
      pos += 2;
      continue;
    }
    if (c === '#') {
      let end = text.indexOf('\n', pos);
      if (end === -1 || end > to) end = to;
      comments.push({ range: { start: pos, end }, text: text.slice(pos + 1, end) });
      pos = end;
      continue;
    }
    if (c === '\n') {
      tokens.push({ type: 'op', op: '\n', range: { start: pos, end: pos + 1 } });
      pos = readHeredocBodies(state, pending, pos + 1, to);
      continue;
    }
    if (c === '(' && text[pos + 1] === '(') {
      const end = findDoubleParenEnd(text, pos + 2, to);
      if (end !== undefined) {
        tokens.push({ type: 'arith-command', range: { start: pos, end: end + 2 }, inner: text.slice(pos + 2, end) });
        pos = end + 2;
        continue;
      }
    }
    if ((c === '<' || c === '>') && text[pos + 1] === '(') {
      const close = findClosing(state, pos + 2, ')', pos);
      const end = Math.min(close + 1, to);
      const part = { kind: 'process-substitution' as const, range: { start: pos, end }, inner: text.slice(pos + 2, close), innerRange: { start: pos + 2, end: close } };
      tokens.push({ type: 'word', word: makeWord(text, pos, end, [part]) });
      pos = end;
      continue;
    }
    const redirect = matchRedirect(text, pos);
    if (redirect) {
      pos = lexRedirect(state, tokens, pending, pos, redirect, to);
      continue;
    }
    const op = startsWithAny(text, pos, OPERATORS);
    if (op) {
      tokens.push({ type: 'op', op, range: { start: pos, end: pos + op.length } });
      pos += op.length;
      continue;
    }
    pos = lexWord(state, tokens, pos, stop);
  }
  if (pending.length) readHeredocBodies(state, pending, to, to);
  tokens.push({ type: 'eof', range: { start: to, end: to } });
  return tokens;
}

function lexWord(state: ScanState, tokens: Token[], start: number, stop: WordStop): number {
  const text = state.text;
  ASSIGNMENT_HEAD.lastIndex = start;
  const head = ASSIGNMENT_HEAD.exec(text);
  if (head) {
    const eq = start + head[0].length; // after '='
    const nameEnd = start + head[0].search(/[[+=]/);
    const assignment: Assignment = {
      name: text.slice(start, nameEnd),
      nameRange: { start, end: nameEnd },
      append: text[eq - 2] === '+',
      subscript: head[1] ? head[1].slice(1, -1) : undefined,
      range: { start, end: eq },
    };
    const headPart = { kind: 'literal' as const, range: { start, end: eq }, value: head[0] };
    if (text[eq] === '(' && !head[1]) {
      const { elements, end } = lexArray(state, eq + 1);
      assignment.array = elements;
      assignment.range = { start, end };
      tokens.push({ type: 'word', word: { ...makeWord(text, start, end, [headPart]), dynamic: true, value: undefined }, assignment });
      return end;
    }
    const scanned = scanWord(state, eq, stop, true);
    assignment.value = makeWord(text, eq, scanned.end, scanned.parts);
    assignment.range = { start, end: scanned.end };
    tokens.push({ type: 'word', word: makeWord(text, start, scanned.end, [headPart, ...scanned.parts]), assignment });
    return scanned.end;
  }
  const scanned = scanWord(state, start, stop, true);
  const end = scanned.end === start ? start + 1 : scanned.end; // never stall on an unexpected character
  tokens.push({ type: 'word', word: makeWord(text, start, end, scanned.parts.length ? scanned.parts : [{ kind: 'literal', range: { start, end }, value: text.slice(start, end) }]) });
  return end;
}

/** NAME=( elements ... ): words separated by blanks and newlines, comments allowed. */
function lexArray(state: ScanState, from: number): { elements: ShellWord[]; end: number } {
  const text = state.text;
  const elements: ShellWord[] = [];
  let pos = from;
  while (pos < text.length) {
    const c = text[pos];
    if (c === ' ' || c === '\t' || c === '\n') pos++;
    else if (c === '\\' && text[pos + 1] === '\n') pos += 2;
    else if (c === '#') {
      const nl = text.indexOf('\n', pos);
      pos = nl === -1 ? text.length : nl;
    } else if (c === ')') return { elements, end: pos + 1 };
    else if (METACHARS.has(c)) {
      state.errors.push({ message: `syntax error near unexpected token \`${c}' inside an array assignment`, range: { start: pos, end: pos + 1 }, severity: 'syntax' });
      return { elements, end: pos };
    } else {
      const scanned = scanWord(state, pos, { mode: 'word', to: text.length }, true);
      const end = Math.max(scanned.end, pos + 1);
      elements.push(makeWord(text, pos, end, scanned.parts));
      pos = end;
    }
  }
  state.errors.push({ message: 'unexpected end of file while looking for the ) that closes the array', range: { start: from - 1, end: text.length }, severity: 'syntax' });
  return { elements, end: text.length };
}

function startsWithAny(text: string, pos: number, candidates: readonly string[]): string | undefined {
  for (const c of candidates) if (text.startsWith(c, pos)) return c;
  return undefined;
}

function matchRedirect(text: string, pos: number): { fd?: string; op: string; length: number } | undefined {
  const first = text.charCodeAt(pos);
  if (first !== 60 && first !== 62 && first !== 38 && first !== 123 && !(first >= 48 && first <= 57)) return undefined; // < > & { digit
  let p = pos;
  let fd: string | undefined;
  while (p < text.length && p - pos < 12 && text.charCodeAt(p) >= 48 && text.charCodeAt(p) <= 57) p++;
  if (p > pos) fd = text.slice(pos, p);
  else if (text[pos] === '{') {
    const m = /^\{[A-Za-z_][A-Za-z0-9_]*\}/.exec(text.slice(pos, pos + 80));
    if (m && (text[pos + m[0].length] === '<' || text[pos + m[0].length] === '>')) {
      fd = m[0];
      p += fd.length;
    }
  }
  const op = startsWithAny(text, p, REDIRECT_OPS);
  if (!op || (fd !== undefined && op.startsWith('&'))) return undefined;
  return { fd, op, length: p - pos + op.length };
}

function lexRedirect(state: ScanState, tokens: Token[], pending: PendingHeredoc[], start: number, redirect: { fd?: string; op: string; length: number }, to: number): number {
  const text = state.text;
  let pos = start + redirect.length;
  while (isBlank(text[pos])) pos++;
  const redirection: Redirection = { op: redirect.op, fd: redirect.fd, range: { start, end: pos } };
  if (pos >= to || METACHARS.has(text[pos])) {
    const token = pos >= to || text[pos] === '\n' ? 'newline' : text[pos];
    state.errors.push({ message: `syntax error near unexpected token \`${token}': ${redirect.op} needs a target`, range: { start, end: start + redirect.length }, severity: 'syntax' });
    tokens.push({ type: 'redirect', redirection });
    return pos;
  }
  const scanned = scanWord(state, pos, { mode: 'word', to }, true);
  const end = Math.max(scanned.end, pos + 1);
  redirection.target = makeWord(text, pos, end, scanned.parts);
  redirection.range = { start, end };
  if (redirect.op === '<<' || redirect.op === '<<-') {
    const quoted = scanned.parts.some((p) => p.kind !== 'literal');
    const delimiter = scanned.parts.map((p) => p.value ?? text.slice(p.range.start, p.range.end)).join('');
    pending.push({ redirection, delimiter, stripTabs: redirect.op === '<<-', quoted });
  }
  tokens.push({ type: 'redirect', redirection });
  return end;
}

/** Reads the bodies of pending here-documents starting at `pos` (just after a newline). */
function readHeredocBodies(state: ScanState, pending: PendingHeredoc[], pos: number, to: number): number {
  const text = state.text;
  while (pending.length) {
    const doc = pending.shift()!;
    const bodyStart = pos;
    let terminated = false;
    let bodyEnd = to;
    while (pos < to) {
      let lineEnd = text.indexOf('\n', pos);
      if (lineEnd === -1 || lineEnd > to) lineEnd = to;
      let line = text.slice(pos, lineEnd);
      if (doc.stripTabs) line = line.replace(/^\t+/, '');
      if (line === doc.delimiter) {
        bodyEnd = pos;
        terminated = true;
        pos = Math.min(lineEnd + 1, to);
        break;
      }
      pos = lineEnd + 1;
    }
    if (!terminated) {
      pos = to;
      state.errors.push({
        message: `here-document delimited by end of file (wanted '${doc.delimiter}')`,
        range: doc.redirection.range,
        severity: 'warning',
      });
    }
    doc.redirection.heredoc = { bodyRange: { start: bodyStart, end: bodyEnd }, body: text.slice(bodyStart, bodyEnd), quoted: doc.quoted, terminated };
  }
  return pos;
}

/** The `))` closing an arithmetic command `((`, or undefined when the parentheses pair otherwise. */
function findDoubleParenEnd(text: string, from: number, to: number): number | undefined {
  let depth = 0;
  for (let pos = from; pos < to; pos++) {
    const c = text[pos];
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth > 0) depth--;
      else return text[pos + 1] === ')' ? pos : undefined;
    }
  }
  return undefined;
}
