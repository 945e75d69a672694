/**
 * Knob writes in bash/sh source: `echo V > /sys/kernel/mm/ksm/K`, `printf`, `cat <<<`, here
 * documents, `... | tee K`, and scripts nested in `sh -c '...'`. Uses the shared parser in
 * engine/shell; resolves variables that the script assigns once to a literal (KSM=/sys/kernel/mm/ksm).
 */
import { parseShell, type ShellScript, type ShellWord, type SimpleCommand, type WordPart } from '../shell';
import type { TextEdit, TextRange } from '../language/types';
import type { KnobWriteSite } from './knobWrite';
import { echoOutput, printfOutput } from './shellOutput';

const KSM_PATH = /^\/sys\/+kernel\/+mm\/+ksm\/+([^/]*)$/;
const OUTPUT_REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>']);
const SHELLS = /^(?:\/usr)?(?:\/bin\/)?(sh|bash|dash)$/;
const MAX_NESTED_SCRIPTS = 20;

export interface ShellSource {
  /** The full document text (ranges index into it). */
  text: string;
  /** Where the shell source starts in `text` (non-zero for `sh -c` strings and unit files). */
  base: number;
  /** The shell source itself. */
  source: string;
  dialect: 'bash' | 'dash';
  /** Writes here are already conditional (e.g. the enclosing command is). */
  conditional?: boolean;
  inFunction?: boolean;
}

type Vars = Map<string, string | undefined>;

/** Variables assigned exactly one literal value anywhere in the script (others are unknown). */
function literalVariables(script: ShellScript): Vars {
  const vars: Vars = new Map();
  const note = (name: string, value: string | undefined) => {
    if (vars.has(name) && vars.get(name) !== value) vars.set(name, undefined);
    else vars.set(name, value);
  };
  for (const c of script.commands) {
    for (const a of [...c.assignments, ...c.declarations]) {
      if (c.words.length > 0 && c.assignments.includes(a)) continue; // prefix assignment: command env only
      note(a.name, a.append || a.array ? undefined : a.value && !a.value.dynamic ? a.value.value : undefined);
    }
    const name = c.words[0]?.value;
    if (name === 'read' || name === 'for' || name === 'mapfile') for (const w of c.words.slice(1)) if (w.value) vars.set(w.value, undefined);
  }
  return vars;
}

function partValue(part: WordPart, vars: Vars): string | undefined {
  if (part.value !== undefined && part.kind !== 'parameter') return part.value;
  if (part.kind === 'double-quoted') {
    let out = '';
    for (const p of part.parts ?? []) {
      const v = partValue(p, vars);
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  }
  if (part.kind === 'parameter' && part.name && !part.prefix && !part.operator) return vars.get(part.name);
  return undefined;
}

/** The word's value with known variables substituted; undefined when anything else expands. */
export function resolveWord(word: ShellWord | undefined, vars: Vars): string | undefined {
  if (!word) return undefined;
  if (!word.dynamic) return word.value;
  let out = '';
  for (const part of word.parts) {
    const v = partValue(part, vars);
    if (v === undefined) return undefined;
    out += v;
  }
  return out;
}

/** The knob name when `path` is /sys/kernel/mm/ksm/NAME. */
export function knobOfPath(path: string | undefined): string | undefined {
  return path === undefined ? undefined : KSM_PATH.exec(path)?.[1];
}

/** Where the knob name sits inside the path word (end of the word when it is a plain literal). */
function nameRangeIn(word: ShellWord, knob: string): TextRange {
  const end = word.range.end - (/['"]$/.test(word.text) && word.text.length > 1 ? 1 : 0);
  if (word.text.slice(0, end - word.range.start).endsWith(knob)) return { start: end - knob.length, end };
  return word.range;
}

/** A value word that a fix can overwrite with plain digits or a word, in the word's own quotes when it had them. */
function simpleValueSpelling(word: ShellWord | undefined): ((v: string) => string) | undefined {
  if (!word || word.dynamic) return undefined;
  const quote = /^(["'])[^"'$`\\]*\1$/.exec(word.text)?.[1];
  return (v) => {
    const plain = /^[A-Za-z0-9_+.-]*$/.test(v) && v !== '';
    if (plain) return quote ? `${quote}${v}${quote}` : v;
    return `'${v.replace(/'/g, "'\\''")}'`;
  };
}

interface Output {
  raw?: string;
  valueWord?: ShellWord;
  via: string;
  /** bash's builtin echo/printf: stdout is line-buffered, so every line is its own write(2). */
  lineBuffered?: boolean;
}

/** The write(2) calls a line-buffered writer makes for `raw`: one per line. */
export function lineWrites(raw: string): string[] {
  const lines = raw.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [raw];
}

function attemptsOf(out: Output): string[][] | undefined {
  if (out.raw === undefined) return undefined;
  return [out.lineBuffered ? lineWrites(out.raw) : [out.raw]];
}

function hereInput(c: SimpleCommand, vars: Vars): Output | undefined {
  for (const r of c.redirections) {
    if (r.op === '<<<') {
      const v = resolveWord(r.target, vars);
      return { raw: v === undefined ? undefined : v + '\n', valueWord: r.target, via: 'here-string' };
    }
    if ((r.op === '<<' || r.op === '<<-') && r.heredoc) {
      let body = r.heredoc.body;
      if (r.op === '<<-') body = body.replace(/^\t+/gm, '');
      const expands = !r.heredoc.quoted && /[$`\\]/.test(body);
      return { raw: expands ? undefined : body, via: 'here-document' };
    }
  }
  return undefined;
}

/** What a command prints on stdout, as far as it can be known. */
function commandOutput(c: SimpleCommand, vars: Vars, dialect: 'bash' | 'dash', previous?: SimpleCommand): Output {
  const words = stripPrefixes(c.words);
  const name = words[0]?.value?.replace(/^.*\//, '');
  const args = words.slice(1).map((w) => resolveWord(w, vars));
  const known = args.every((a) => a !== undefined) ? (args as string[]) : undefined;
  if (name === 'echo') {
    const valueWords = words.slice(1).filter((w) => !/^-[neE]+$/.test(w.value ?? ''));
    const raw = known ? echoOutput(known, words[0].value === 'echo' ? dialect : 'bash') : undefined;
    return {
      raw,
      valueWord: valueWords.length === 1 ? valueWords[0] : undefined,
      via: raw !== undefined && !raw.endsWith('\n') ? 'echo -n' : 'echo',
      lineBuffered: dialect === 'bash' && words[0].value === 'echo',
    };
  }
  if (name === 'printf') {
    if (words[1]?.value === '-v') return { via: 'printf' };
    const raw = known && known.length > 0 ? printfOutput(known[0], known.slice(1)) : undefined;
    const valueWord = known && known.length === 2 && /^%s\\?n?$|^%s\\n$/.test(known[0]) ? words[2] : known && known.length === 1 && !/[%\\]/.test(known[0]) ? words[1] : undefined;
    return { raw, valueWord, via: 'printf', lineBuffered: dialect === 'bash' && words[0].value === 'printf' };
  }
  if (name === 'cat' && words.length === 1) return hereInput(c, vars) ?? { via: 'cat' };
  if (name === 'tee' && previous) return commandOutput(previous, vars, dialect);
  return { via: name ?? 'a command' };
}

/** `sudo`/`command`/`builtin` in front of the real command. */
function stripPrefixes(words: ShellWord[]): ShellWord[] {
  let i = 0;
  while (i < words.length - 1 && ['sudo', 'command', 'builtin', 'exec', 'nohup'].includes(words[i].value ?? '')) {
    i++;
    while (words[i]?.value?.startsWith('-') && words[i].value !== '-') i++;
  }
  return words.slice(i);
}

/** The command just before `c` in the same pipeline (`a | c`). */
function pipedFrom(script: ShellScript, index: number, text: string): SimpleCommand | undefined {
  const c = script.commands[index];
  for (let k = index - 1; k >= 0; k--) {
    const p = script.commands[k];
    if (p.range.end > c.range.start) continue;
    return /^[ \t]*\|(?!\|)[ \t\n]*$/.test(text.slice(p.range.end, c.range.start)) ? p : undefined;
  }
  return undefined;
}

function inserter(text: string, at: number, path: string): (knob: string, value: string) => TextEdit {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lead = text.slice(lineStart, at);
  return (knob, value) =>
    /^[ \t]*$/.test(lead)
      ? { range: { start: lineStart, end: lineStart }, newText: `${lead}echo ${value} > ${path}${knob}\n` }
      : { range: { start: at, end: at }, newText: `echo ${value} > ${path}${knob}; ` };
}

interface Target {
  pathWord: ShellWord;
  knob: string;
  out: Output;
}

/** The knob files command `index` writes to (redirections, tee arguments) and what it writes. */
function commandTargets(script: ShellScript, index: number, vars: Vars, dialect: 'bash' | 'dash', source: string): Target[] {
  const c = script.commands[index];
  const previous = pipedFrom(script, index, source);
  const targets: Target[] = [];
  for (const r of c.redirections) {
    if (!OUTPUT_REDIRECTS.has(r.op) || (r.fd !== undefined && r.fd !== '1') || !r.target) continue;
    const knob = knobOfPath(resolveWord(r.target, vars));
    if (knob !== undefined) targets.push({ pathWord: r.target, knob, out: commandOutput(c, vars, dialect, previous) });
  }
  const words = stripPrefixes(c.words);
  if (words[0]?.value?.replace(/^.*\//, '') === 'tee') {
    const out = hereInput(c, vars) ?? (previous ? commandOutput(previous, vars, dialect) : { via: 'tee' });
    for (const w of words.slice(1)) {
      const knob = knobOfPath(resolveWord(w, vars));
      if (knob !== undefined) targets.push({ pathWord: w, knob, out: { ...out, via: `${out.via} | tee`, lineBuffered: false } });
    }
  }
  return targets;
}

/**
 * Calls of helper functions such as `set_knob() { echo "$2" > /sys/kernel/mm/ksm/$1; }` with
 * literal arguments: the body's writes, with $1..$9 taken from the call.
 */
function helperCallTargets(script: ShellScript, call: SimpleCommand, vars: Vars, dialect: 'bash' | 'dash', source: string): Array<Target & { args: ShellWord[] }> {
  const name = call.words[0]?.value;
  if (!name || call.context.functionName === name || !script.functions.some((f) => f.name === name)) return [];
  const args = call.words.slice(1);
  const values = args.map((w) => resolveWord(w, vars));
  if (values.some((v) => v === undefined)) return [];
  const callVars: Vars = new Map(vars);
  for (let i = 1; i <= 9; i++) callVars.set(String(i), values[i - 1] ?? '');
  const out: Array<Target & { args: ShellWord[] }> = [];
  script.commands.forEach((c, index) => {
    if (c.context.functionName !== name) return;
    for (const t of commandTargets(script, index, callVars, dialect, source)) out.push({ ...t, args });
  });
  return out;
}

/** Every knob write in one shell source, in source order. */
export function shellKnobWrites(src: ShellSource, depth = 0): KnobWriteSite[] {
  const script = parseShell(src.source);
  const vars = literalVariables(script);
  const writes: KnobWriteSite[] = [];
  const shift = (r: TextRange): TextRange => ({ start: r.start + src.base, end: r.end + src.base });
  script.commands.forEach((c, index) => {
    const previous = pipedFrom(script, index, src.source);
    const conditional = (src.conditional ?? false) || c.context.conditional;
    const inFunction = (src.inFunction ?? false) || c.context.functionName !== undefined;
    const chainStart = previous ? previous.range.start : c.range.start;
    const insertBefore = (k: string, v: string) => {
      const edit = inserter(src.source, chainStart, '/sys/kernel/mm/ksm/')(k, v);
      return { range: shift(edit.range), newText: edit.newText };
    };
    for (const { pathWord, knob, out } of commandTargets(script, index, vars, src.dialect, src.source)) {
      writes.push({
        knob,
        nameRange: shift(nameRangeIn(pathWord, knob)),
        pathRange: shift(pathWord.range),
        attempts: attemptsOf(out),
        valueRange: out.valueWord ? shift(out.valueWord.range) : undefined,
        spellValue: out.raw !== undefined ? simpleValueSpelling(out.valueWord) : undefined,
        via: out.via,
        conditional,
        inFunction,
        insertBefore,
      });
    }
    for (const { knob, out, args } of helperCallTargets(script, c, vars, src.dialect, src.source)) {
      const nameArg = args.find((w) => w.value === knob || w.value?.endsWith(`/${knob}`));
      const valueArg = out.raw === undefined ? undefined : args.find((w) => w.value !== undefined && w !== nameArg && (out.raw === w.value || out.raw === `${w.value}\n`));
      writes.push({
        knob,
        nameRange: shift(nameArg ? nameRangeIn(nameArg, knob) : c.words[0].range),
        pathRange: shift(nameArg?.range ?? c.words[0].range),
        attempts: attemptsOf(out),
        valueRange: valueArg ? shift(valueArg.range) : undefined,
        spellValue: valueArg ? simpleValueSpelling(valueArg) : undefined,
        via: `${c.words[0].value} (${out.via})`,
        conditional,
        inFunction,
        insertBefore,
      });
    }
    const words = stripPrefixes(c.words);
    const name = words[0]?.value?.replace(/^.*\//, '');
    if (name && SHELLS.test(words[0].value ?? '') && depth < MAX_NESTED_SCRIPTS) {
      const dashC = words.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w.value ?? ''));
      const body = dashC > 0 ? words[dashC + 1] : undefined;
      const single = body && body.parts.length === 1 && (body.parts[0].kind === 'single-quoted' || (body.parts[0].kind === 'double-quoted' && !body.text.includes('\\')));
      if (body && single && body.value !== undefined) {
        writes.push(
          ...shellKnobWrites(
            { text: src.text, base: src.base + body.range.start + 1, source: body.value, dialect: SHELLS.exec(words[0].value ?? '')?.[1] === 'bash' ? 'bash' : 'dash', conditional, inFunction },
            depth + 1,
          ),
        );
      }
    }
  });
  return writes;
}
