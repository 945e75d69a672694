/**
 * Debian sysfsutils files (/etc/sysfs.conf, /etc/sysfs.d/*.conf) read the way its init script
 * does: `#` starts a comment anywhere, `ATTR = VALUE` (or `ATTR VALUE`) writes VALUE to
 * /sys/ATTR with printf '%s' (no newline) and retries with echo (newline) if that fails;
 * `mode ATTR = MODE` / `owner ATTR = OWNER` run chmod/chown. The value is one word; a line with
 * more words is a syntax error, at which the script exits and applies nothing more.
 */
import type { Finding, TextRange } from '../language/types';
import type { LineIndex } from '../text/lineIndex';
import type { KnobWriteSite } from './knobWrite';
import { echoOutput } from './shellOutput';

export interface ConfToken {
  text: string;
  range: TextRange;
}

export type SysfsConfLine =
  | { kind: 'write'; attr: ConfToken; value: ConfToken; line: number }
  | { kind: 'mode' | 'owner'; attr: ConfToken; value: ConfToken; line: number }
  | { kind: 'syntax-error'; fields: ConfToken[]; range: TextRange; line: number };

/** [[:space:]] in the C locale. */
const SPACE = /[ \t\r\f\v]/;

interface Field {
  text: string;
  start: number;
}

/**
 * The init script's sed split `^[[:space:]]*([^=[:space:]]*)[[:space:]]*([^=[:space:]]*)[[:space:]]*=[[:space:]]*(.*)$`,
 * done by hand: as a regular expression it backtracks cubically over long runs of blanks (a
 * 4 KB line took 20 s). Before the first `=` there are at most two words; the third field is
 * everything after the `=` and the blanks that follow it. Undefined when the line does not match.
 */
export function sedFields(text: string): [Field, Field, Field] | undefined {
  const eq = text.indexOf('=');
  if (eq === -1) return undefined;
  const words: Field[] = [];
  for (let i = 0; i < eq; ) {
    if (SPACE.test(text[i])) {
      i++;
      continue;
    }
    const start = i;
    while (i < eq && !SPACE.test(text[i])) i++;
    words.push({ text: text.slice(start, i), start });
  }
  if (words.length > 2) return undefined;
  let value = eq + 1;
  while (value < text.length && SPACE.test(text[value])) value++;
  const empty = { text: '', start: eq };
  return [words[0] ?? empty, words[1] ?? empty, { text: text.slice(value), start: value }];
}

/** Splits like `read` with the default IFS (spaces and tabs; a CR stays in the word). */
function words(text: string, base: number): ConfToken[] {
  const out: ConfToken[] = [];
  for (const m of text.matchAll(/[^ \t]+/g)) out.push({ text: m[0], range: { start: base + (m.index ?? 0), end: base + (m.index ?? 0) + m[0].length } });
  return out;
}

export function parseSysfsConf(index: LineIndex): SysfsConfLine[] {
  const out: SysfsConfLine[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const start = index.lineStart(line);
    let text = index.text.slice(start, line + 1 < index.lineCount ? index.lineStart(line + 1) - 1 : index.text.length);
    const hash = text.indexOf('#');
    if (hash !== -1) text = text.slice(0, hash);
    if (/^[ \t\r\f\v]*$/.test(text)) continue;
    const fields = sedFields(text);
    const tokens = fields ? fields.flatMap((f) => words(f.text, start + f.start)) : words(text, start);
    const [f1, f2, ...rest] = tokens;
    const f3 = rest.length ? rest : undefined;
    if (f1 && (f1.text === 'mode' || f1.text === 'owner') && f2 && f3) {
      out.push({ kind: f1.text, attr: f2, value: { text: f3.map((t) => t.text).join(' '), range: { start: f3[0].range.start, end: f3[f3.length - 1].range.end } }, line });
    } else if (f1 && f2 && !f3) {
      out.push({ kind: 'write', attr: f1, value: f2, line });
    } else {
      const range = tokens.length ? { start: tokens[0].range.start, end: tokens[tokens.length - 1].range.end } : { start, end: start + text.length };
      out.push({ kind: 'syntax-error', fields: tokens, range, line });
    }
  }
  return out;
}

const KSM_ATTR = /^kernel\/+mm\/+ksm\/+([^/]*)$/;
const ABSOLUTE_KSM = /^\/(?:sys\/+)?(kernel\/+mm\/+ksm\/+[^/]*)$/;
const CHMOD_MODE = /^(?:[0-7]{1,4}|(?:[ugoa]*(?:[-+=](?:[rwxXst]*|[ugo]))+)(?:,[ugoa]*(?:[-+=](?:[rwxXst]*|[ugo]))+)*)$/;

export interface SysfsConfAnalysis {
  writes: KnobWriteSite[];
  findings: Finding[];
}

function knobSite(attr: ConfToken, knob: string, value: ConfToken | undefined, index: LineIndex, line: number): KnobWriteSite {
  const lineStart = index.lineStart(line);
  return {
    knob,
    nameRange: { start: attr.range.end - knob.length, end: attr.range.end },
    pathRange: attr.range,
    // The init script runs under /bin/sh: its echo retry is dash's, which also expands backslashes.
    attempts: value ? [[value.text], [echoOutput([value.text], 'dash') ?? value.text + '\n']] : undefined,
    valueRange: value?.range,
    spellValue: (v) => v,
    via: 'sysfs.conf',
    conditional: false,
    inFunction: false,
    insertBefore: (k, v) => ({ range: { start: lineStart, end: lineStart }, newText: `kernel/mm/ksm/${k} = ${v}\n` }),
  };
}

/** KSM writes of a sysfs.conf file plus the file-level problems sysfsutils would trip over. */
export function analyzeSysfsConf(index: LineIndex): SysfsConfAnalysis {
  const writes: KnobWriteSite[] = [];
  const findings: Finding[] = [];
  let stopped = false;
  for (const entry of parseSysfsConf(index)) {
    if (entry.kind === 'syntax-error') {
      if (!stopped) {
        findings.push({
          ruleId: 'sysfs/conf-syntax',
          severity: 'error',
          message:
            entry.fields.length >= 3
              ? `sysfsutils reads '${entry.fields[0].text}' '${entry.fields[1].text}' '${entry.fields.slice(2).map((f) => f.text).join(' ')}': a value must be one word, so this is a syntax error and the init script exits here: nothing after this line (nor any later sysfs.d file) is applied.`
              : `sysfsutils expects 'ATTRIBUTE = VALUE' (or 'mode'/'owner' lines) but finds no value here; it reports a syntax error and exits, so nothing after this line is applied.`,
          range: entry.range,
        });
      }
      stopped = true;
      continue;
    }
    const absolute = ABSOLUTE_KSM.exec(entry.attr.text);
    if (absolute) {
      findings.push({
        ruleId: 'sysfs/conf-absolute-path',
        severity: 'error',
        message: `sysfsutils puts /sys/ in front of every attribute, so this names /sys${entry.attr.text.startsWith('/') ? '' : '/'}${entry.attr.text}, which does not exist ("unknown attribute"); write ${absolute[1]}.`,
        range: entry.attr.range,
        fixes: [{ title: `Use ${absolute[1]}`, edits: [{ range: entry.attr.range, newText: absolute[1] }], preferred: true }],
      });
      continue;
    }
    const knob = KSM_ATTR.exec(entry.attr.text)?.[1];
    if (knob === undefined) continue;
    if (entry.kind === 'write') {
      const site = knobSite(entry.attr, knob, entry.value, index, entry.line);
      if (stopped) continue;
      if (/[*?[]/.test(knob)) site.glob = true;
      writes.push(site);
    } else {
      // mode/owner: the attribute must exist (checked with the writes' name rules); chmod must understand the mode.
      writes.push({ ...knobSite(entry.attr, knob, undefined, index, entry.line), via: entry.kind === 'mode' ? 'sysfs.conf mode' : 'sysfs.conf owner', attempts: undefined, spellValue: undefined, glob: false });
      if (entry.kind === 'mode' && !CHMOD_MODE.test(entry.value.text)) {
        findings.push({
          ruleId: 'sysfs/conf-syntax',
          severity: 'error',
          message: `chmod does not understand the mode '${entry.value.text}'; under the init script's set -e this failure stops it, so nothing after this line is applied.`,
          range: entry.value.range,
        });
        stopped = true;
      }
    }
  }
  return { writes, findings };
}
