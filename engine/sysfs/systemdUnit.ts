/**
 * Knob writes in systemd unit files: Exec*= lines that run `sh -c '...'` (the script is analysed
 * as shell), and Exec lines that try to redirect without a shell, which systemd does not do.
 */
import type { Finding, TextRange } from '../language/types';
import type { LineIndex } from '../text/lineIndex';
import type { KnobWriteSite } from './knobWrite';
import { shellKnobWrites } from './shellWrites';

const EXEC_KEY = /^[ \t]*(Exec(?:Start|StartPre|StartPost|Stop|StopPost|Reload|Condition))[ \t]*=[ \t]*/;
const SHELL = /^(?:\/usr)?(?:\/bin\/)?(sh|bash|dash)$/;

interface UnitWord {
  value: string;
  range: TextRange;
  /** Offset of the quoted content when the word is one quoted string. */
  contentStart?: number;
}

/** systemd's command-line splitting: whitespace, "..." and '...' quoting, backslash escapes. */
function splitCommand(line: string, base: number): UnitWord[] {
  const words: UnitWord[] = [];
  let pos = 0;
  while (pos < line.length) {
    while (pos < line.length && /[ \t]/.test(line[pos])) pos++;
    if (pos >= line.length) break;
    const start = pos;
    let value = '';
    let contentStart: number | undefined;
    let quoted = 0;
    while (pos < line.length && !/[ \t]/.test(line[pos])) {
      const c = line[pos];
      if (c === '"' || c === "'") {
        const close = line.indexOf(c, pos + 1);
        const end = close === -1 ? line.length : close;
        contentStart = base + pos + 1;
        quoted++;
        value += line.slice(pos + 1, end);
        pos = close === -1 ? line.length : close + 1;
      } else if (c === '\\' && pos + 1 < line.length) {
        value += line[pos + 1];
        pos += 2;
      } else value += line[pos++];
    }
    const single = quoted === 1 && (line[start] === '"' || line[start] === "'") && /["']$/.test(line.slice(start, pos));
    words.push({ value, range: { start: base + start, end: base + pos }, contentStart: single ? contentStart : undefined });
  }
  return words;
}

export function analyzeSystemdUnit(index: LineIndex): { writes: KnobWriteSite[]; findings: Finding[] } {
  const writes: KnobWriteSite[] = [];
  const findings: Finding[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const text = index.lineText(line);
    const key = EXEC_KEY.exec(text);
    if (!key) continue;
    const start = index.lineStart(line) + key[0].length;
    const command = text.slice(key[0].length);
    const prefix = /^[-@:+!|]*/.exec(command)![0];
    const words = splitCommand(command.slice(prefix.length), start + prefix.length);
    if (words.length === 0) continue;
    const argv0 = words[0].value;
    const dashC = words.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w.value));
    if (SHELL.test(argv0) && dashC > 0 && words[dashC + 1]) {
      const body = words[dashC + 1];
      if (body.contentStart === undefined) continue;
      writes.push(
        ...shellKnobWrites({ text: index.text, base: body.contentStart, source: body.value, dialect: SHELL.exec(argv0)![1] === 'bash' ? 'bash' : 'dash', conditional: key[1] === 'ExecCondition' }),
      );
      continue;
    }
    const redirect = words.findIndex((w) => /^(\d?>>?|>\|)$/.test(w.value) || /^\d?>>?\/sys\//.test(w.value));
    if (redirect > 0 && words.slice(redirect).some((w) => w.value.includes('/sys/kernel/mm/ksm'))) {
      const script = command.slice(prefix.length).replace(/'/g, "'\\''");
      findings.push({
        ruleId: 'sysfs/unit-no-shell',
        severity: 'error',
        message: `systemd runs ${argv0} directly, without a shell: '>' and the path are passed to it as plain arguments and nothing is written to /sys. Wrap the command in /bin/sh -c '...'.`,
        range: { start: words[redirect].range.start, end: words[words.length - 1].range.end },
        fixes: [{ title: "Run it through /bin/sh -c '...'", edits: [{ range: { start: start + prefix.length, end: start + command.length }, newText: `/bin/sh -c '${script}'` }], preferred: true }],
      });
    }
  }
  return { writes, findings };
}
