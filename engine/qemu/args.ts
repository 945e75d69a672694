/**
 * One word of a QEMU command line as the checks see it: its value after the shell's quote removal
 * (absent when the shell expands something in it at run time) and, per value character, where that
 * character is written in the document, so findings land on the exact characters even inside
 * quotes and escapes.
 */
import type { TextRange } from '../language/types';
import type { ShellWord, WordPart } from '../shell';
import type { Span } from './keyval';

export interface QemuArg {
  /** Undefined when the word depends on a variable or an expansion. */
  value?: string;
  range: TextRange;
  /** Document offset where value character i starts, and where it ends (when not `linear`). */
  starts?: number[];
  ends?: number[];
  /** Value character i is written at document offset linear + i (plain words: no arrays needed). */
  linear?: number;
  /** For dynamic words: the source text, shown on hover. */
  source?: string;
}

/** A literal argument laid out at `offset` in a virtual document (tests, the agreement corpus). */
export function plainArg(value: string, offset: number): QemuArg {
  return { value, range: { start: offset, end: offset + value.length }, linear: offset };
}

/** Document offset where value character i starts (i < value length). */
export function charStart(arg: QemuArg, i: number): number {
  return arg.linear !== undefined ? arg.linear + i : (arg.starts?.[i] ?? arg.range.start);
}

function charEnd(arg: QemuArg, i: number): number {
  return arg.linear !== undefined ? arg.linear + i + 1 : (arg.ends?.[i] ?? arg.range.end);
}

/** Document range of value characters [span.start, span.end). Empty spans sit where they would be. */
export function rangeOf(arg: QemuArg, span: Span): TextRange {
  if (arg.value === undefined || (arg.linear === undefined && (!arg.starts || !arg.ends))) return arg.range;
  const n = arg.value.length;
  const startIndex = Math.max(0, Math.min(span.start, n));
  const start = startIndex < n ? charStart(arg, startIndex) : n > 0 ? charEnd(arg, n - 1) : arg.range.start;
  if (span.end <= span.start) return { start, end: start };
  const end = charEnd(arg, Math.min(span.end, n) - 1);
  return { start, end: Math.max(start, end) };
}

/** Range covering the value characters listed in `index` (a keyval/QemuOpts value with `,,` escapes). */
export function rangeOfIndexed(arg: QemuArg, index: number[], fallback: Span): TextRange {
  if (index.length === 0) return rangeOf(arg, fallback);
  return rangeOf(arg, { start: index[0], end: index[index.length - 1] + 1 });
}

function mapDoubleQuoted(text: string, part: WordPart, starts: number[], ends: number[]): boolean {
  for (const inner of part.parts ?? []) {
    if (inner.kind !== 'literal' || inner.value === undefined) return false;
    let i = inner.range.start;
    let produced = 0;
    while (i < inner.range.end) {
      if (text[i] === '\\' && i + 1 < inner.range.end && '"\\$`\n'.includes(text[i + 1])) {
        if (text[i + 1] === '\n') {
          i += 2;
          continue;
        }
        starts.push(i);
        ends.push(i + 2);
        i += 2;
      } else {
        starts.push(i);
        ends.push(i + 1);
        i += 1;
      }
      produced++;
    }
    if (produced !== inner.value.length) return false;
  }
  return true;
}

/** Builds the argument for a shell word; `text` is the document the word's ranges point into. */
export function argFromWord(text: string, word: ShellWord): QemuArg {
  if (word.dynamic || word.value === undefined) return { range: word.range, source: word.text };
  const only = word.parts.length === 1 ? word.parts[0] : undefined;
  if (only?.kind === 'literal' && word.value.length === only.range.end - only.range.start) return { value: word.value, range: word.range, linear: only.range.start };
  const starts: number[] = [];
  const ends: number[] = [];
  for (const part of word.parts) {
    const value = part.value ?? '';
    if (part.kind === 'literal' && value.length === part.range.end - part.range.start) {
      for (let i = 0; i < value.length; i++) {
        starts.push(part.range.start + i);
        ends.push(part.range.start + i + 1);
      }
    } else if (part.kind === 'single-quoted' && value.length === part.range.end - part.range.start - 2) {
      for (let i = 0; i < value.length; i++) {
        starts.push(part.range.start + 1 + i);
        ends.push(part.range.start + 2 + i);
      }
    } else if (part.kind === 'double-quoted' && mapDoubleQuoted(text, part, starts, ends)) {
      // mapped character by character
    } else {
      // escaped characters and anything else: every character maps to the whole part
      for (let i = 0; i < value.length; i++) {
        starts.push(part.range.start);
        ends.push(part.range.end);
      }
    }
  }
  if (starts.length !== word.value.length) {
    const fallbackStarts = Array.from({ length: word.value.length }, () => word.range.start);
    return { value: word.value, range: word.range, starts: fallbackStarts, ends: fallbackStarts.map(() => word.range.end) };
  }
  return { value: word.value, range: word.range, starts, ends };
}
