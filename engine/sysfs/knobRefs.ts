/**
 * Finds references to KSM knobs and per-process KSM files in any text: absolute sysfs paths,
 * sysfs.conf-style paths relative to /sys, /proc/PID/ksm_* paths, and distinctive bare names.
 */
import { KNOB_NAMES } from '../knowledge/knobs';
import { KSM_STAT_FIELDS } from '../knowledge/procFiles';
import type { TextRange } from '../language/types';

export type KnobRefKind = 'sysfs-path' | 'relative-path' | 'directory' | 'proc-file' | 'bare-name' | 'stat-field';

export interface KnobRef {
  kind: KnobRefKind;
  /** The knob (or proc file / ksm_stat line) name as written. */
  name: string;
  nameRange: TextRange;
  /** The whole path, or the name for bare names. */
  range: TextRange;
}

const PATH = /(\/sys)?(\/?)kernel\/mm\/ksm\/([A-Za-z0-9_]*)/g;
const DIRECTORY = /\/sys\/kernel\/mm\/ksm\/?(?![A-Za-z0-9_/])/g;
const PROC = /\/proc\/[^/\s"'`]+\/(ksm_stat|ksm_merging_pages)\b/g;
/** Bare names worth a hover in prose and comments: long and unambiguous (not "run"). */
const DISTINCTIVE = new Set([...KNOB_NAMES.filter((n) => n.includes('_')), 'max_kernel_pages']);
const STAT_FIELDS = new Set(KSM_STAT_FIELDS.map((f) => f.name));
const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;

/** Every reference in `text` (offsets shifted by `base`), paths first, sorted by position. */
export function findKnobRefs(text: string, base = 0): KnobRef[] {
  const refs: KnobRef[] = [];
  const covered: TextRange[] = [];
  for (const m of text.matchAll(PATH)) {
    const start = m.index ?? 0;
    const before = start > 0 ? text[start - 1] : '';
    const absolute = m[1] !== undefined;
    if (!absolute && /[A-Za-z0-9_.]/.test(before)) continue;
    const nameStart = start + m[0].length - m[3].length;
    const range = { start: base + start, end: base + start + m[0].length };
    refs.push({ kind: absolute ? 'sysfs-path' : 'relative-path', name: m[3], nameRange: { start: base + nameStart, end: range.end }, range });
    covered.push(range);
  }
  for (const m of text.matchAll(DIRECTORY)) {
    const start = m.index ?? 0;
    const range = { start: base + start, end: base + start + m[0].length };
    if (covered.some((c) => c.start === range.start)) continue;
    refs.push({ kind: 'directory', name: '', nameRange: range, range });
  }
  for (const m of text.matchAll(PROC)) {
    const start = m.index ?? 0;
    const range = { start: base + start, end: base + start + m[0].length };
    refs.push({ kind: 'proc-file', name: m[1], nameRange: { start: range.end - m[1].length, end: range.end }, range });
    covered.push(range);
  }
  covered.sort((a, b) => a.start - b.start);
  let next = 0; // covered ranges before the current word can be skipped: words come in order
  for (const m of text.matchAll(WORD)) {
    const name = m[0];
    if (!DISTINCTIVE.has(name) && !STAT_FIELDS.has(name)) continue;
    const range = { start: base + (m.index ?? 0), end: base + (m.index ?? 0) + name.length };
    while (next < covered.length && covered[next].end < range.start) next++;
    if (next < covered.length && covered[next].start <= range.start && range.end <= covered[next].end) continue;
    refs.push({ kind: STAT_FIELDS.has(name) && !DISTINCTIVE.has(name) ? 'stat-field' : 'bare-name', name, nameRange: range, range });
  }
  return refs.sort((a, b) => a.range.start - b.range.start);
}

/** The reference whose range contains `offset` (end inclusive, so a cursor right after a name counts). */
export function refAt(refs: readonly KnobRef[], offset: number): KnobRef | undefined {
  return refs.find((r) => r.range.start <= offset && offset <= r.range.end);
}
