/** Completion of knob names after `.../kernel/mm/ksm/` and of values where a knob is being written. */
import { isKnobName, knobByName, KNOBS, knobExistsIn, type KnobInfo } from '../knowledge/knobs';
import { PROC_KSM_FILES } from '../knowledge/procFiles';
import type { AnalysisContext, CompletionEntry } from '../language/types';
import type { DocumentKind } from '../language/documentKind';
import type { LineIndex } from '../text/lineIndex';
import { knobHoverMarkdown } from './hover';
import { targetKernel } from './targetKernel';

function nameCompletions(partialStart: number, offset: number, ctx: AnalysisContext): CompletionEntry[] {
  const kernel = targetKernel(ctx);
  return KNOBS.filter((k) => knobExistsIn(k.name, kernel)).map((k, i) => ({
    label: k.name,
    kind: 'file',
    detail: `${k.access === 'RW' ? 'read-write' : 'read-only'} · ${k.summary}`,
    documentation: knobHoverMarkdown(k, ctx),
    range: { start: partialStart, end: offset },
    sortText: `${k.access === 'RW' ? '0' : '1'}${String(i).padStart(2, '0')}`,
  }));
}

/** Values worth offering for a knob: its words, or its default and bounds. */
export function valueCompletions(knob: KnobInfo, start: number, offset: number): CompletionEntry[] {
  if (knob.access !== 'RW') return [];
  const entries: Array<{ label: string; detail: string }> = [];
  if (knob.choices) {
    for (const c of knob.choices) entries.push({ label: c, detail: String(knob.default) === c ? 'default' : knob.accepts });
  } else {
    if (knob.default !== undefined) entries.push({ label: String(knob.default), detail: 'kernel default' });
    if (knob.range && String(knob.range.min) !== String(knob.default)) entries.push({ label: String(knob.range.min), detail: 'smallest accepted value' });
    if (knob.range && knob.range.max <= 4294967295 && knob.range.max !== knob.default) entries.push({ label: String(knob.range.max), detail: 'largest accepted value' });
  }
  return entries.map((e, i) => ({ label: e.label, kind: 'value', detail: `${knob.name}: ${e.detail}`, documentation: `${knob.summary}\n\nAccepts ${knob.accepts}.`, range: { start, end: offset }, sortText: String(i).padStart(2, '0') }));
}

const NAME_PREFIX = /(?:kernel\/+mm\/+ksm\/+)([A-Za-z0-9_]*)$/;
const PROC_PREFIX = /\/proc\/[^/\s]+\/(k[a-z_]*)?$/;
const SHELL_VALUE_BEFORE = /(?:\becho(?:[ \t]+-[neE]+)*|\bprintf[ \t]+(?:'%s'|"%s"|%s)|<<<)[ \t]+["']?([A-Za-z0-9_+-]*)$/;
const SHELL_TARGET_AFTER = /^[A-Za-z0-9_+-]*["']?[ \t]*(?:>>?|\|[ \t]*(?:sudo[ \t]+)?tee(?:[ \t]+-a)?)[ \t]*["']?[^ \t;|&]*\/([A-Za-z0-9_]+)\b/;

export function completeAt(kind: DocumentKind, index: LineIndex, offset: number, ctx: AnalysisContext): CompletionEntry[] {
  const pos = index.positionAt(offset);
  const lineStart = index.lineStart(pos.line);
  const before = index.text.slice(lineStart, offset);
  const after = index.text.slice(offset, index.lineEnd(pos.line));
  const name = NAME_PREFIX.exec(before);
  if (name) return nameCompletions(offset - name[1].length, offset, ctx);
  const proc = PROC_PREFIX.exec(before);
  if (proc) {
    const partial = proc[1] ?? '';
    return PROC_KSM_FILES.map((f) => ({ label: f.name, kind: 'file', detail: `Linux ${f.since}+`, documentation: f.description, range: { start: offset - partial.length, end: offset } }));
  }
  if (kind === 'sysfs-conf') {
    const m = /^[ \t]*kernel\/+mm\/+ksm\/+([A-Za-z0-9_]+)[ \t]*=[ \t]*([^ \t]*)$/.exec(before);
    const knob = m && knobByName(m[1]);
    if (knob) return valueCompletions(knob, offset - m[2].length, offset);
  }
  if (kind === 'tmpfiles') {
    const m = /^[ \t]*w[-+!=~^]*[ \t]+\/sys\/+kernel\/+mm\/+ksm\/+([A-Za-z0-9_]+)(?:[ \t]+[^ \t]+){4}[ \t]+([^ \t]*)$/.exec(before);
    const knob = m && knobByName(m[1]);
    if (knob) return valueCompletions(knob, offset - m[2].length, offset);
  }
  if (kind === 'shell' || kind === 'systemd-unit' || kind === 'markdown') {
    const valueBefore = SHELL_VALUE_BEFORE.exec(before);
    const target = SHELL_TARGET_AFTER.exec(after);
    if (valueBefore && target && isKnobName(target[1])) return valueCompletions(knobByName(target[1])!, offset - valueBefore[1].length, offset);
  }
  return [];
}
