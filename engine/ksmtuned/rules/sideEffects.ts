/** Code that runs as root when ksmtuned sources the conf, and statements that change ksmtuned itself. */
import { KSMTUNED_EXTERNAL_COMMANDS, KSMTUNED_SCRIPT_FUNCTIONS } from '../../knowledge/ksmtunedVariables';
import type { Finding } from '../../language/types';
import type { WordPart } from '../../shell/types';
import { finding, lineWithBreak, replaceFix, type Rule } from './context';

const SET_OPTION_EFFECTS: Record<string, string> = {
  e: 'set -e makes ksmtuned exit on the first failing command: its loop dies the first time it stops KSM (adjust returns 1)',
  u: 'set -u makes ksmtuned exit on the first unset variable it reads: with DEBUG or LOGFILE unset (the usual case) it dies at startup',
  x: 'set -x traces every command ksmtuned runs to the journal, forever',
  f: 'set -f turns off globbing for the whole daemon',
  n: 'set -n makes bash read but no longer run anything: ksmtuned starts nothing',
  a: 'set -a exports every variable ksmtuned sets to the commands it runs',
  o: 'set -o changes a shell option for the whole daemon',
};

export const runsCommand: Rule = ({ conf }) => {
  const out: Finding[] = [];
  // `KEY = value` and a leading byte-order mark have their own, more precise rules
  const explained = new Set(
    conf.script.commands
      .filter((c) => (c.words[1]?.value ?? '').startsWith('=') || (c.words[0]?.value ?? '').startsWith('\ufeff') || (c.assignments.length > 0 && c.assignments[c.assignments.length - 1].value?.text === ''))
      .map((c) => c.range.start),
  );
  for (const event of conf.sourced.events) {
    if (event.kind === 'command' && explained.has(event.range.start)) continue;
    if (event.kind === 'command' && !event.harmless) {
      out.push(finding('runs-command', 'warning', event.range, `This ${event.message.replace(/^runs/, 'command runs')} as root every time ksmtuned starts. A conf should only assign variables.`));
    } else if (event.kind === 'source' || event.kind === 'eval') {
      out.push(finding('runs-command', 'warning', event.range, `This ${event.message}; it runs as root every time ksmtuned starts, and the values it sets cannot be checked here.`));
    }
  }
  const seen = new Set<number>();
  for (const command of conf.script.commands) {
    for (const word of [...command.words, ...command.assignments.flatMap((a) => (a.value ? [a.value] : a.array ?? []))]) {
      if (!word.dynamic) continue;
      for (const part of flatten(word.parts)) {
        if ((part.kind === 'command-substitution' || part.kind === 'backtick' || part.kind === 'process-substitution') && !seen.has(part.range.start)) {
          seen.add(part.range.start);
          out.push(finding('runs-command', 'warning', part.range, 'This command substitution runs as root every time ksmtuned starts, and its result is only known at run time. Write the value itself.'));
        }
      }
    }
  }
  return out;
};

function flatten(parts: WordPart[]): WordPart[] {
  return parts.flatMap((p) => [p, ...(p.parts ? flatten(p.parts) : []), ...(p.argument ? flatten(p.argument.parts) : [])]);
}

export const changesKsmtuned: Rule = (input) => {
  const out: Finding[] = [];
  for (const event of input.conf.sourced.events) {
    const remove = [replaceFix('Remove this line', lineWithBreak(input, event.range.start), '')];
    switch (event.kind) {
      case 'exit':
        out.push(finding('exit', 'error', event.range, 'exit in the conf ends ksmtuned itself while it reads its configuration: the daemon never starts.', remove));
        break;
      case 'return':
        out.push(finding('exit', 'warning', event.range, 'return stops reading the conf here: the lines below it are ignored.', remove));
        break;
      case 'set-option': {
        const effects = [...new Set(event.options ?? '')].map((o) => SET_OPTION_EFFECTS[o]).filter(Boolean);
        if (effects.length) out.push(finding('shell-option', 'error', event.range, `${effects.join('; ')}.`, remove));
        break;
      }
      case 'readonly':
        out.push(finding('readonly', 'warning', event.range, 'readonly variables make ksmtuned\'s own assignments to them fail with "readonly variable" errors; a conf only needs plain assignments.'));
        break;
      case 'error':
        if (/readonly variable|local: can only/.test(event.message)) out.push(finding('readonly', 'error', event.range, `bash: ${event.message}.`));
        else out.push(finding('arithmetic-error', 'error', event.range, `bash: ${event.message.replace(/\r/g, "\\r")}. bash abandons the rest of this line, so the assignments after it on the line do not happen.`));
        break;
    }
  }
  const own = new Set<string>(KSMTUNED_SCRIPT_FUNCTIONS);
  const external = new Set<string>(KSMTUNED_EXTERNAL_COMMANDS);
  for (const f of input.conf.script.functions) {
    if (f.context.functionName !== undefined) continue;
    if (own.has(f.name)) {
      out.push(finding('shadows-script-function', 'warning', f.nameRange, `ksmtuned defines its own ${f.name}() after reading the conf, so this definition is replaced and has no effect.`, undefined, ['unnecessary']));
    } else if (external.has(f.name) || f.name === '[') {
      out.push(finding('shadows-script-function', 'error', f.nameRange, `A function named ${f.name} replaces the \`${f.name}\` command ksmtuned relies on: every adjustment would run this code instead.`, [replaceFix('Remove this function', f.range, '')]));
    }
  }
  return out;
};

export const tooLarge = (shown: number, total: number): Finding =>
  finding('too-large', 'information', { start: 0, end: 0 }, `This file is ${Math.round(total / 1024)} KiB; only its first ${Math.round(shown / 1024)} KiB are checked.`);

export type { Finding };
