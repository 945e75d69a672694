/**
 * Finds QEMU command lines in a document: shell scripts, systemd units (ExecStart= and friends) and
 * shell code blocks in markdown. Non-shell text is blanked out (keeping every offset) so the shared
 * bash parser reads only the command lines and its ranges stay document ranges.
 */
import type { DocumentKind } from '../language/documentKind';
import { parseShell, type ShellScript, type ShellWord, type SimpleCommand } from '../shell';
import { argFromWord, type QemuArg } from './args';

export const QEMU_PROGRAM = /^(qemu-system-[A-Za-z0-9_-]+|qemu-kvm|kvm)$/;
/** The x86 emulators, whose machine types Samepage knows. */
const X86_PROGRAM = /^(qemu-system-(x86_64|i386)|qemu-kvm|kvm)$/;
/** Commands that run the next word as the program. */
const WRAPPERS = new Set(['sudo', 'doas', 'exec', 'nohup', 'env', 'time', 'nice', 'ionice', 'taskset', 'numactl', 'chrt', 'setsid', 'stdbuf', 'command', 'builtin', 'systemd-run', 'runuser', 'cgexec', 'unshare']);

export interface Invocation {
  program: string;
  programWord: ShellWord;
  args: QemuArg[];
  /** False for qemu-system-aarch64 and other non-x86 emulators: only dynamic-word hovers apply. */
  x86: boolean;
  range: { start: number; end: number };
}

function blank(text: string, keep: Array<[number, number]>): string {
  const out = text.replace(/[^\n]/g, ' ').split('');
  for (const [start, end] of keep) for (let i = start; i < end; i++) out[i] = text[i];
  return out.join('');
}

/** systemd: the values of Exec*= lines, with their backslash continuations. */
function systemdRegions(text: string): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  const re = /^[ \t]*Exec(Start|StartPre|StartPost|Reload|Stop|StopPost)[ \t]*=[ \t]*[-@:+!]*/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    let end = start;
    for (;;) {
      const nl = text.indexOf('\n', end);
      const lineEnd = nl === -1 ? text.length : nl;
      const line = text.slice(end, lineEnd).replace(/\r$/, '');
      if (!line.endsWith('\\') || nl === -1) {
        end = lineEnd;
        break;
      }
      end = nl + 1;
    }
    regions.push([start, end]);
  }
  return regions;
}

/** markdown: fenced blocks tagged sh/bash/shell/console/zsh or untagged; prompts are dropped. */
function markdownRegions(text: string): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  const fence = /^([ \t]*)(```+|~~~+)[ \t]*([\w+-]*)[^\n]*$/gm;
  let open: { marker: string; lang: string; bodyStart: number } | undefined;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    if (!open) {
      open = { marker: m[2], lang: m[3].toLowerCase(), bodyStart: m.index + m[0].length + 1 };
    } else if (m[2].startsWith(open.marker[0]) && m[2].length >= open.marker.length && m[3] === '') {
      if (['', 'sh', 'bash', 'shell', 'console', 'zsh', 'shell-session', 'ksh'].includes(open.lang)) {
        let i = open.bodyStart;
        while (i < m.index) {
          const nl = text.indexOf('\n', i);
          const lineEnd = nl === -1 || nl > m.index ? m.index : nl;
          // A "$ " prompt is dropped everywhere, a "# " root prompt only in console blocks (elsewhere it is a comment).
          const prompt = /^[ \t]*([$#])[ \t]+/.exec(text.slice(i, lineEnd));
          const console = open.lang === 'console' || open.lang === 'shell-session';
          const skip = prompt && (prompt[1] === '$' || console) ? prompt[0].length : 0;
          regions.push([i + skip, lineEnd]);
          i = lineEnd + 1;
        }
      }
      open = undefined;
    }
  }
  return regions;
}

export function scriptFor(kind: DocumentKind, text: string): ShellScript | undefined {
  if (kind === 'shell') return parseShell(text);
  if (kind === 'systemd-unit') {
    const regions = systemdRegions(text);
    return regions.length ? parseShell(blank(text, regions)) : undefined;
  }
  if (kind === 'markdown') {
    const regions = markdownRegions(text);
    return regions.length && /qemu|kvm/.test(text) ? parseShell(blank(text, regions)) : undefined;
  }
  return undefined;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `"${name[@]}"` and `${name[*]}`: the words of an array assigned earlier from literal elements. */
function arrayWords(script: ShellScript, text: string, word: ShellWord, before: number): ShellWord[] | undefined {
  const m = /^"?\$\{([A-Za-z_][A-Za-z0-9_]*)\[[@*]\]\}"?$/.exec(word.text);
  if (!m) return undefined;
  let words: ShellWord[] | undefined;
  for (const command of script.commands) {
    if (command.range.start >= before) break;
    for (const a of command.assignments) {
      if (a.name !== m[1]) continue;
      if (!a.array) words = undefined;
      else words = a.append && words ? [...words, ...a.array] : [...a.array];
    }
  }
  void text;
  return words;
}

function programIndex(command: SimpleCommand): number {
  const words = command.words;
  for (let i = 0; i < Math.min(words.length, 12); i++) {
    const value = words[i].value;
    if (value === undefined) return -1;
    if (QEMU_PROGRAM.test(baseName(value))) return i;
    if (i === 0 && !WRAPPERS.has(baseName(value))) return -1;
  }
  return -1;
}

export function findInvocations(kind: DocumentKind, text: string): Invocation[] {
  if (!/qemu|kvm/.test(text)) return [];
  const script = scriptFor(kind, text);
  if (!script) return [];
  const found: Invocation[] = [];
  for (const command of script.commands) {
    const at = programIndex(command);
    if (at < 0) continue;
    const programWord = command.words[at];
    const program = baseName(programWord.value!);
    const args: QemuArg[] = [];
    for (const word of command.words.slice(at + 1)) {
      const fromArray = word.dynamic ? arrayWords(script, text, word, command.range.start) : undefined;
      if (fromArray) args.push(...fromArray.map((w) => argFromWord(text, w)));
      else args.push(argFromWord(text, word));
    }
    found.push({ program, programWord, args, x86: X86_PROGRAM.test(program), range: command.range });
  }
  return found;
}
