/**
 * systemd-tmpfiles lines that write KSM knobs: `w PATH MODE USER GROUP AGE ARGUMENT` (and `w+`,
 * which appends). The argument is written without a newline, after C-style unescaping and `%`
 * specifier expansion; a missing argument or `-` means tmpfiles writes nothing and logs an error.
 * (Checked against systemd-tmpfiles 252.)
 */
import type { Finding, TextRange } from '../language/types';
import type { LineIndex } from '../text/lineIndex';
import type { KnobWriteSite } from './knobWrite';

interface Field {
  text: string;
  /** The field after removing quotes. */
  value: string;
  range: TextRange;
}

const C_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'", s: ' ' };

/** systemd's cunescape for the argument; undefined for escapes it rejects (e.g. a NUL byte). */
export function cUnescape(s: string): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') {
      out += s[i];
      continue;
    }
    const e = s[++i];
    if (e === undefined) return undefined;
    if (e in C_ESCAPES) out += C_ESCAPES[e];
    else if (e === 'x' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      const code = parseInt(s.slice(i + 1, i + 3), 16);
      if (code === 0) return undefined;
      out += String.fromCharCode(code);
      i += 2;
    } else if (/[0-7]/.test(e) && /^[0-7]{3}$/.test(s.slice(i, i + 3))) {
      const code = parseInt(s.slice(i, i + 3), 8);
      if (code === 0 || code > 255) return undefined;
      out += String.fromCharCode(code);
      i += 2;
    } else return undefined;
  }
  return out;
}

/** `%%` → `%`; any other specifier depends on the machine, so the value is unknown. */
function expandSpecifiers(s: string): string | undefined {
  if (!s.includes('%')) return s;
  if (/%[^%]/.test(s.replace(/%%/g, ''))) return undefined;
  return s.replace(/%%/g, '%');
}

function splitFields(line: string, base: number, count: number): { fields: Field[]; rest?: { text: string; start: number } } {
  const fields: Field[] = [];
  let pos = 0;
  while (fields.length < count) {
    while (pos < line.length && /[ \t]/.test(line[pos])) pos++;
    if (pos >= line.length) return { fields };
    const start = pos;
    let value = '';
    while (pos < line.length && !/[ \t]/.test(line[pos])) {
      const q = line[pos];
      if (q === '"' || q === "'") {
        const close = line.indexOf(q, pos + 1);
        const end = close === -1 ? line.length : close;
        value += line.slice(pos + 1, end);
        pos = close === -1 ? line.length : close + 1;
      } else value += line[pos++];
    }
    fields.push({ text: line.slice(start, pos), value, range: { start: base + start, end: base + pos } });
  }
  while (pos < line.length && /[ \t]/.test(line[pos])) pos++;
  const text = line.slice(pos).replace(/[ \t\r]+$/, '');
  return { fields, rest: text ? { text, start: base + pos } : undefined };
}

const KSM_PATH = /^\/sys\/+kernel\/+mm\/+ksm\/+([^/]*)$/;

/** The bytes a `w` argument writes (unescaped, specifiers expanded), or undefined when unknown or refused. */
export function tmpfilesWriteBytes(type: string, argument: string | undefined): string | undefined {
  if (argument === undefined || argument === '-' || type.includes('^')) return undefined;
  const unescaped = cUnescape(argument);
  return unescaped === undefined ? undefined : expandSpecifiers(unescaped);
}

/** Type, path and argument of one tmpfiles.d line, as systemd-tmpfiles splits it. */
export function splitTmpfilesLine(line: string): { type?: string; path?: string; argument?: string } {
  const { fields, rest } = splitFields(line, 0, 6);
  return { type: fields[0]?.value, path: fields[1]?.value, argument: rest?.text };
}

export function analyzeTmpfiles(index: LineIndex): { writes: KnobWriteSite[]; findings: Finding[] } {
  const writes: KnobWriteSite[] = [];
  const findings: Finding[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const start = index.lineStart(line);
    const text = index.lineText(line);
    if (/^\s*(#|$)/.test(text)) continue;
    const { fields, rest } = splitFields(text, start, 6);
    const [type, path] = fields;
    if (!type || !path || !/^w[-+!=~^]*$/.test(type.value)) continue;
    const knob = KSM_PATH.exec(path.value)?.[1];
    if (knob === undefined) continue;
    const argument = rest && rest.text !== '-' ? rest : undefined;
    if (!argument) {
      findings.push({
        ruleId: 'sysfs/tmpfiles-no-argument',
        severity: 'error',
        message: `systemd-tmpfiles writes nothing for a 'w' line without an argument${rest ? " ('-' counts as none)" : ''}; it logs "Write file requires argument".`,
        range: { start: type.range.start, end: rest ? start + text.length : path.range.end },
      });
    }
    const raw = tmpfilesWriteBytes(type.value, argument?.text);
    const lineStart = start;
    writes.push({
      knob,
      nameRange: { start: path.range.end - knob.length - (path.text.endsWith('"') || path.text.endsWith("'") ? 1 : 0), end: path.range.end - (path.text.endsWith('"') || path.text.endsWith("'") ? 1 : 0) },
      pathRange: path.range,
      attempts: argument && raw !== undefined ? [[raw]] : undefined,
      valueRange: argument ? { start: argument.start, end: argument.start + argument.text.length } : undefined,
      spellValue: (v) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/%/g, '%%'),
      via: `tmpfiles ${type.value}`,
      conditional: false,
      inFunction: !argument,
      glob: /[*?[]/.test(knob),
      insertBefore: (k, v) => ({ range: { start: lineStart, end: lineStart }, newText: `w /sys/kernel/mm/ksm/${k} - - - - ${v}\n` }),
    });
  }
  return { writes, findings };
}
