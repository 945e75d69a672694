/**
 * QEMU's older QemuOpts grammar (util/qemu-option.c), still used by `-object`, `-accel` and `-m`:
 * `[implied][,name=value|,name|,noname]...`. Unlike keyval, `,,` escapes a comma in the implied value
 * too, and a bare `name`/`noname` is a deprecated short form of `name=on`/`name=off`.
 */
import type { Span } from './keyval';

export interface OptsPair {
  name: string;
  nameSpan: Span;
  value: string;
  valueSpan: Span;
  /** Index in the argument of each value character. */
  valueIndex: number[];
  implied: boolean;
  /** Written as a bare flag: `merge` (on) or `nomerge` (off). */
  shortForm?: 'on' | 'off';
  span: Span;
}

export interface OptsParse {
  pairs: OptsPair[];
  /** A bare `help` or `?` element. */
  help?: Span;
}

function readValue(text: string, start: number): { value: string; index: number[]; end: number; next: number } {
  let p = start;
  let value = '';
  const index: number[] = [];
  let end = start;
  while (p < text.length) {
    if (text[p] === ',') {
      if (text[p + 1] !== ',') break;
      p++;
    }
    index.push(p);
    value += text[p++];
    end = p;
  }
  return { value, index, end, next: p < text.length ? p + 1 : p };
}

export function parseQemuOpts(text: string, impliedName: string | undefined): OptsParse {
  const pairs: OptsPair[] = [];
  let help: Span | undefined;
  let p = 0;
  let implied = impliedName;
  while (p < text.length) {
    const start = p;
    let len = 0;
    while (p + len < text.length && text[p + len] !== '=' && text[p + len] !== ',') len++;
    if (text[p + len] !== '=') {
      if (implied) {
        const v = readValue(text, p);
        pairs.push({ name: implied, nameSpan: { start: p, end: p }, value: v.value, valueSpan: { start: p, end: v.end }, valueIndex: v.index, implied: true, span: { start, end: v.end } });
        p = v.next;
      } else {
        const raw = text.slice(p, p + len);
        const span = { start: p, end: p + len };
        if (raw === 'help' || raw === '?') help = span;
        const off = raw.startsWith('no');
        const name = off ? raw.slice(2) : raw;
        const nameStart = off ? p + 2 : p;
        pairs.push({
          name,
          nameSpan: { start: nameStart, end: p + len },
          value: off ? 'off' : 'on',
          valueSpan: span,
          valueIndex: [],
          implied: false,
          shortForm: off ? 'off' : 'on',
          span,
        });
        p += len;
        if (text[p] === ',') p++;
      }
    } else {
      const v = readValue(text, p + len + 1);
      pairs.push({
        name: text.slice(p, p + len),
        nameSpan: { start: p, end: p + len },
        value: v.value,
        valueSpan: { start: p + len + 1, end: v.end },
        valueIndex: v.index,
        implied: false,
        span: { start, end: v.end },
      });
      p = v.next;
    }
    implied = undefined;
  }
  return { pairs, help };
}

/** id_wellformed(): a letter, then letters, digits, '-', '.', '_'. */
export function isWellFormedId(id: string): boolean {
  return /^[A-Za-z][A-Za-z0-9\-._]*$/.test(id);
}
