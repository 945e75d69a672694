/** How bash reads the file: syntax errors, `KEY = value`, CRLF line ends, a byte-order mark. */
import { KSMTUNED_VARIABLES } from '../../knowledge/ksmtunedVariables';
import type { Finding } from '../../language/types';
import { MAX_NESTING, TOO_DEEP_SUFFIX } from '../../shell/words';
import { finding, replaceFix, type Rule } from './context';

export const syntaxError: Rule = ({ conf, index }) =>
  conf.script.errors.map((e) => {
    if (e.severity === 'warning') return finding('syntax-error', 'warning', e.range, `bash warns: ${e.message}.`);
    if (e.message.endsWith(TOO_DEEP_SUFFIX)) {
      return finding('syntax-error', 'warning', e.range, `Samepage cannot check this: ${e.message} (more than ${MAX_NESTING} levels); bash may well accept it. What it sets, and the lines below, are not checked.`);
    }
    const stopped = conf.script.stopsAt;
    const tail = stopped !== undefined ? ` bash stops reading the conf at line ${index.positionAt(stopped).line + 1}: that line and everything below it are ignored, so their variables keep their defaults.` : '';
    return finding('syntax-error', 'error', e.range, `bash: ${e.message}.${tail}`);
  });

/** `KEY = value`, `KEY =value` and `KEY= value`: not assignments in bash. */
export const spacesAroundEquals: Rule = ({ conf, text }) => {
  const out: Finding[] = [];
  for (const command of conf.script.commands) {
    const [first, second, third] = command.words;
    if (command.assignments.length === 0 && first && !first.dynamic && /^[A-Za-z_][A-Za-z0-9_]*$/.test(first.value ?? '') && second && !second.dynamic && (second.value ?? '').startsWith('=')) {
      const name = first.value!;
      const value = second.value === '=' ? (third?.text ?? '') : second.text.slice(1);
      const end = second.value === '=' && third ? third.range.end : second.range.end;
      const range = { start: first.range.start, end };
      out.push(
        finding(
          'spaces-around-equals',
          'error',
          range,
          `bash reads this as the command \`${name}\`, not an assignment ("${name}: command not found"), so ${name} keeps ${KSMTUNED_VARIABLES.some((v) => v.name === name) ? 'its default' : 'its previous value'}. Remove the spaces around =.`,
          [replaceFix(`Write ${name}=${value}`, range, `${name}=${value}`)],
        ),
      );
      continue;
    }
    // KEY= value: KEY is set to "" only for the command `value`, which then fails
    const last = command.assignments[command.assignments.length - 1];
    if (last && last.value?.text === '' && command.words.length > 0 && /[ \t]/.test(text[last.range.end] ?? '')) {
      const word = command.words[0];
      const range = { start: last.range.start, end: word.range.end };
      out.push(
        finding('spaces-around-equals', 'error', range, `The space after = makes bash run \`${word.text}\` as a command with ${last.name} set to "" in its environment; ${last.name} itself is not set. Remove the space.`, [
          replaceFix(`Write ${last.name}=${word.text}`, range, `${last.name}=${word.text}`),
        ]),
      );
    }
  }
  return out;
};

export const crlf: Rule = ({ text }) => {
  const first = text.indexOf('\r\n');
  if (first === -1) return [];
  const edits = [];
  for (let i = first; i !== -1; i = text.indexOf('\r\n', i + 2)) edits.push({ range: { start: i, end: i + 1 }, newText: '' });
  return [
    finding(
      'crlf',
      'error',
      { start: first, end: first + 1 },
      `This file has Windows (CRLF) line ends (${edits.length} line${edits.length === 1 ? '' : 's'}). bash keeps the carriage return in every value: KSM_NPAGES_MAX=100 becomes "100\\r", which breaks ksmtuned's [ ] tests (the clamp is skipped) and its arithmetic. Save the file with LF line ends.`,
      [{ title: 'Convert every line end to LF', edits, preferred: true }],
    ),
  ];
};

export const byteOrderMark: Rule = ({ conf }) => {
  if (!conf.script.hasBom) return [];
  return [
    finding('bom', 'error', { start: 0, end: 1 }, 'The file starts with a UTF-8 byte-order mark. bash reads it as part of the first word, so the first line becomes an unknown command and its assignment is lost. Remove the mark.', [
      replaceFix('Remove the byte-order mark', { start: 0, end: 1 }, ''),
    ]),
  ];
};
