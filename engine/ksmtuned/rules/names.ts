/** Which names the conf assigns: unknown ones, repeated ones, and ones the script overwrites. */
import { KSMTUNED_SCRIPT_VARIABLES, KSMTUNED_VARIABLES, ksmtunedVariable } from '../../knowledge/ksmtunedVariables';
import type { Finding } from '../../language/types';
import { aloneOnLine, finding, lineWithBreak, replaceFix, type Rule, type RuleInput } from './context';

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = next;
    }
  }
  return row[b.length];
}

/** The ksmtuned variable a misspelt name most likely meant. */
export function didYouMean(name: string): string | undefined {
  const upper = name.toUpperCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const v of KSMTUNED_VARIABLES) {
    if (upper === v.name || `KSM_${upper}` === v.name || upper.replace(/^KSMTUNED_/, 'KSM_') === v.name) return v.name;
    const d = editDistance(upper, v.name);
    if (d < bestDistance) {
      bestDistance = d;
      best = v.name;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

/** Names read somewhere in the conf ($X, ${X...} or as a word inside an arithmetic-looking value). */
function namesUsed(input: RuleInput): Set<string> {
  const used = new Set<string>();
  for (const m of input.text.matchAll(/\$\{?[#!]?([A-Za-z_][A-Za-z0-9_]*)/g)) used.add(m[1]);
  for (const [, list] of input.conf.sourced.assignments) {
    for (const a of list) for (const m of (a.value?.text ?? '').matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) used.add(m[0]);
  }
  return used;
}

/** Variables bash or the commands ksmtuned runs read themselves: setting them changes the daemon. */
const SHELL_VARIABLES: Record<string, string> = {
  IFS: 'changes how bash splits every unquoted value ksmtuned uses (its [ ] tests, its function arguments, its sysfs writes)',
  PATH: 'changes which pgrep, ps, awk, sleep and touch ksmtuned runs, as root',
  LANG: 'changes the locale of the date in every log line',
  LC_ALL: 'changes the locale of the date in every log line and of awk',
  LC_TIME: 'changes the date format of every log line',
  TZ: 'changes the time zone of the date in every log line',
  POSIXLY_CORRECT: 'switches bash and the tools ksmtuned runs to POSIX behaviour',
  BASH_ENV: 'makes every bash child ksmtuned starts read that file first',
  SHELLOPTS: 'turns on shell options for the whole daemon',
};

export const shellVariable: Rule = (input) => {
  const out: Finding[] = [];
  for (const [name, list] of input.conf.sourced.assignments) {
    const effect = SHELL_VARIABLES[name];
    if (!effect) continue;
    for (const a of list) out.push(finding('shell-variable', 'warning', a.nameRange, `${name} is not a ksmtuned setting: bash and the commands ksmtuned runs read it, so setting it here ${effect}.`));
  }
  return out;
};

export const unknownVariable: Rule = (input) => {
  const out: Finding[] = [];
  const used = namesUsed(input);
  const script = new Set<string>(KSMTUNED_SCRIPT_VARIABLES);
  for (const command of input.conf.script.commands) {
    if (command.words.length > 0 && command.declarations.length === 0) continue; // prefix assignments only set a command's environment
    for (const a of [...command.assignments, ...command.declarations]) {
      if (ksmtunedVariable(a.name) || used.has(a.name) || script.has(a.name) || a.name in SHELL_VARIABLES) continue;
      const suggestion = didYouMean(a.name);
      const fixes = suggestion ? [replaceFix(`Change to ${suggestion}`, a.nameRange, suggestion)] : undefined;
      out.push(
        finding('unknown-variable', 'information', a.nameRange, `ksmtuned does not read ${a.name}${suggestion ? `; did you mean ${suggestion}?` : '.'} bash sets it and nothing uses it.`, fixes),
      );
    }
  }
  return out;
};

export const duplicate: Rule = (input) => {
  const out: Finding[] = [];
  for (const [name, list] of input.conf.sourced.assignments) {
    if (list.length < 2 || !ksmtunedVariable(name)) continue;
    const last = list[list.length - 1];
    const lastLine = input.index.positionAt(last.range.start).line + 1;
    for (const a of list.slice(0, -1)) {
      const fixes = aloneOnLine(input, a.range) ? [replaceFix('Remove this overridden assignment', lineWithBreak(input, a.range.start), '')] : undefined;
      out.push(finding('duplicate', 'warning', a.range, `${name} is assigned again on line ${lastLine}; the last assignment wins, so this one has no effect.`, fixes, ['unnecessary']));
    }
  }
  return out;
};

export const scriptVariable: Rule = (input) => {
  const out: Finding[] = [];
  for (const name of KSMTUNED_SCRIPT_VARIABLES) {
    for (const a of input.conf.sourced.assignments.get(name) ?? []) {
      const survives = name === 'sleep' || name === 'thres' ? ' (it survives only if ksmtuned\'s own arithmetic for it fails)' : '';
      out.push(finding('script-variable', 'warning', a.nameRange, `ksmtuned computes \`${name}\` itself after reading the conf, so this assignment is overwritten${survives}.`, undefined, ['unnecessary']));
    }
  }
  return out;
};
