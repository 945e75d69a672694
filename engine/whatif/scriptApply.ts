/**
 * "Apply" into a shell script: the edits that make the script's /sys/kernel/mm/ksm writes leave the
 * knobs an edited scenario has. A knob the script writes is changed where bash last writes it, in
 * the word's own quoting; a knob it never writes gets a line next to its other KSM writes (in the
 * same style as one of them), else before its first QEMU command line, else at the end. Before
 * answering, the edited text is read again by the same parser the what-if uses, and an edit that
 * would not leave exactly these knobs (a write the kernel refuses, a later write undoing it) is
 * never offered. Values a controller keeps elsewhere (ksmtuned.conf, MoM, KubeVirt, Harvester) are
 * named with the place they belong in.
 */
import type { SourceDocument } from '../language/analyzer';
import { SCRIPT_ANALYSIS_LIMIT_CHARS } from '../language/limits';
import { CONTROLLERS } from '../knowledge/controllers';
import { knobByName, KSM_SYSFS_DIR } from '../knowledge/knobs';
import { findInvocations } from '../qemu/findInvocations';
import { knobWritesOf } from '../sysfs/analyzer';
import type { KnobWriteSite } from '../sysfs/knobWrite';
import { LineIndex } from '../text/lineIndex';
import { applyLineEdits, changedKsmtunedValues, type LineEdit } from './applyEdits';
import { knobsWrittenBy } from './documentFacts';
import { controllerOf, type Scenario } from './scenario';

export type ScriptApply =
  | {
      ok: true;
      /** One undoable edit; empty when the script already writes these knobs. */
      edits: LineEdit[];
      /** The knobs changed or added, as `name=value`. */
      written: string[];
      /** What the script cannot hold, and where it goes instead. */
      notes: string[];
    }
  | { ok: false; message: string };

type Knobs = Record<string, string | number>;

function shellDoc(fileName: string, text: string): SourceDocument {
  return { fileName, text, kind: 'shell', index: new LineIndex(text) };
}

/** Writes that run every time the script does, at the point they are written. */
const runsInOrder = (s: KnobWriteSite) => !s.conditional && !s.inFunction && !s.glob;

/**
 * The order new writes go in: advisor_mode=none before pages_to_scan (the kernel refuses
 * pages_to_scan while the scan-time advisor runs), advisor_mode=scan-time after it, run last so
 * ksmd starts with its settings in place.
 */
function writeOrder([name, value]: [string, string]): number {
  if (name === 'advisor_mode') return value === 'none' ? 0 : 2;
  return name === 'run' ? 3 : 1;
}

function lineBounds(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  return { start, end: nl < 0 ? text.length : nl };
}

/** The line of `site` as a pattern for new writes, when it holds that one write and nothing spans lines. */
function templateLine(text: string, site: KnobWriteSite, sites: readonly KnobWriteSite[]): { start: number; end: number } | undefined {
  if (!site.valueRange || !site.spellValue || text.slice(site.nameRange.start, site.nameRange.end) !== site.knob) return undefined;
  const line = lineBounds(text, site.nameRange.start);
  const inLine = (r: { start: number; end: number }) => r.start >= line.start && r.end <= line.end;
  if (!inLine(site.valueRange) || !inLine(site.pathRange)) return undefined;
  if (sites.some((s) => s !== site && inLine(s.pathRange))) return undefined;
  const body = text.slice(line.start, line.end).replace(/\r$/, '');
  const continued = line.start > 0 && /\\\r?$/.test(text.slice(lineBounds(text, line.start - 1).start, line.start - 1));
  if (continued || /\\$/.test(body) || /<<(?!<)/.test(body)) return undefined;
  return line;
}

/** `site`'s line with another knob and value in it. */
function fromTemplate(text: string, line: { start: number; end: number }, site: KnobWriteSite, knob: string, value: string): string {
  const at = (r: { start: number; end: number }) => ({ start: r.start - line.start, end: r.end - line.start });
  const body = text.slice(line.start, line.end).replace(/\r$/, '');
  return applyLineEdits(body, [
    { ...at(site.nameRange), newText: knob },
    { ...at(site.valueRange!), newText: site.spellValue!(value) },
  ]);
}

/** Start of the line a command starting at `offset` begins on, over `\` continuations. */
function commandLineStart(text: string, offset: number): number {
  let start = lineBounds(text, offset).start;
  while (start > 0 && /\\\r?\n$/.test(text.slice(Math.max(0, start - 3), start))) start = lineBounds(text, start - 1).start;
  return start;
}

const same = (a: unknown, b: unknown) => a !== undefined && b !== undefined && String(a) === String(b);

/** A knob's value after the script: what it writes, else the kernel default (a write of the default changes nothing). */
const valueOf = (knobs: Knobs, name: string) => knobs[name] ?? knobByName(name)?.default;

/** Edits making the script's unconditional writes leave `wanted`'s knobs (the others as they were). */
export function scriptKnobEdits(fileName: string, text: string, wanted: Knobs): ScriptApply {
  if (text.length > SCRIPT_ANALYSIS_LIMIT_CHARS) return { ok: false, message: `${fileName} is larger than Samepage reads (${SCRIPT_ANALYSIS_LIMIT_CHARS} characters).` };
  const doc = shellDoc(fileName, text);
  const before = knobsWrittenBy(doc) as Knobs;
  const changes = Object.entries(wanted)
    .filter(([k, v]) => !same(valueOf(before, k), v))
    .map(([k, v]): [string, string] => [k, String(v)]);
  if (changes.length === 0) return { ok: true, edits: [], written: [], notes: [] };
  const sites = knobWritesOf(doc).writes;
  const ordered = sites.filter(runsInOrder);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: LineEdit[] = [];
  const missing: Array<[string, string]> = [];
  const notes: string[] = [];
  /** Knobs written from a variable: left to the user. */
  const left = new Set<string>();
  for (const [knob, value] of changes) {
    const last = ordered.filter((s) => s.knob === knob).pop();
    if (!last) missing.push([knob, value]);
    else if (last.valueRange && last.spellValue) edits.push({ start: last.valueRange.start, end: last.valueRange.end, newText: last.spellValue(value) });
    else {
      left.add(knob);
      notes.push(`line ${doc.index.positionAt(last.pathRange.start).line + 1} writes ${knob} with a value known only when the script runs; set it to ${value} there`);
    }
  }
  if (missing.length) {
    missing.sort((a, b) => writeOrder(a) - writeOrder(b));
    const template = [...ordered].reverse().map((s) => ({ site: s, line: templateLine(text, s, sites) })).find((t) => t.line);
    if (template?.line) {
      const lines = missing.map(([k, v]) => fromTemplate(text, template.line!, template.site, k, v));
      const end = text[template.line.end - 1] === '\r' ? template.line.end - 1 : template.line.end;
      edits.push({ start: end, end, newText: lines.map((l) => eol + l).join('') + (end === text.length ? eol : '') });
    } else {
      const qemu = findInvocations('shell', text)[0];
      const at = ordered[0] ? commandLineStart(text, ordered[0].pathRange.start) : qemu ? commandLineStart(text, qemu.range.start) : text.length;
      const indent = at < text.length ? /^[ \t]*/.exec(text.slice(at))![0] : '';
      const lead = at === text.length && text.length > 0 && !text.endsWith('\n') ? eol : '';
      edits.push({ start: at, end: at, newText: lead + missing.map(([k, v]) => `${indent}echo ${v} > ${KSM_SYSFS_DIR}/${k}${eol}`).join('') });
    }
  }
  const after = knobsWrittenBy(shellDoc(fileName, applyLineEdits(text, edits))) as Knobs;
  const expected = (k: string) => (k in wanted ? wanted[k] : valueOf(before, k));
  const wrong = Object.keys({ ...before, ...wanted }).filter((k) => !left.has(k) && !same(valueOf(after, k), expected(k)));
  if (wrong.length) {
    // The usual cause with Windows line ends: bash keeps the CR in a redirection's file name.
    const crlf = text.includes('\r\n')
      ? ' The script has Windows (CRLF) line ends: bash reads the CR into the file name of a redirection at the end of a line (`run\\r`), so such a write sets no knob; convert the script to LF line ends first.'
      : ' Edit its KSM writes by hand.';
    return { ok: false, message: `Samepage could not change ${fileName} so that it leaves ${wrong.map((k) => `${k}=${expected(k)}`).join(', ')}: read as the kernel takes the writes, the edited script would leave ${wrong.map((k) => `${k}=${valueOf(after, k)}`).join(', ')}.${crlf}` };
  }
  return { ok: true, edits, written: changes.filter(([k]) => !left.has(k)).map(([k, v]) => `${k}=${v}`), notes };
}

/**
 * What Apply does to a shell script for an edited scenario: the knob edits, and where the
 * controller's own settings go (ksmtuned reads /etc/ksmtuned.conf, not the script that starts it).
 */
export function scriptApply(fileName: string, text: string, edited: Scenario, current: Scenario): ScriptApply {
  const result = scriptKnobEdits(fileName, text, edited.knobs as Knobs);
  if (!result.ok) return result;
  const controller = controllerOf(edited);
  const ksmtuned = changedKsmtunedValues(current.ksmtuned.values, edited.ksmtuned.values);
  if (controller === 'ksmtuned' && ksmtuned.length) {
    result.notes.push(`ksmtuned reads ${ksmtuned.map(([k, v]) => `${k}=${v}`).join(' ')} from /etc/ksmtuned.conf, not from this script: put them there (open it and Apply, or the Suggest settings action on it)`);
  }
  const settings = Object.entries(edited.controllerSettings ?? {}).filter(([k, v]) => current.controllerSettings?.[k] !== v);
  if (controller !== 'ksmtuned' && settings.length) {
    result.notes.push(`${CONTROLLERS[controller].title} keeps ${settings.map(([k, v]) => `${k}=${v}`).join(' ')} in its own configuration, not in this script: copy them from the advice in its own format`);
  }
  return result;
}

/** Whether a script may write KSM knobs or start QEMU: a cheap test for offering the action; the reading waits until it is chosen. */
export function scriptMayConfigureKsm(text: string): boolean {
  return /\/sys\/+kernel\/+mm\/+ksm|qemu|kvm/.test(text);
}
