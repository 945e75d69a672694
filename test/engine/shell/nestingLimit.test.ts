import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShell } from '../../../engine/shell/parser';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS } from '../../../engine/language/types';

const N = 150; // past the analyser's nesting limit (100)
const DEEP: Array<[string, string]> = [
  ['quoted command substitutions', 'x=' + '"$(echo '.repeat(N) + 'a' + ')"'.repeat(N)],
  ['command substitutions', 'x=' + '$(echo '.repeat(N) + 'a' + ')'.repeat(N)],
  ['parameter expansions', 'x=' + '${a:-'.repeat(N) + 'a' + '}'.repeat(N)],
  ['quoted parameter expansions', 'x=' + '"${a:-'.repeat(N) + 'a' + '}"'.repeat(N)],
  ['brace groups', '{ '.repeat(N) + 'echo a; ' + '}; '.repeat(N)],
  ['subshells', '( '.repeat(N) + 'echo a ' + ') '.repeat(N)],
];

test('nesting past the limit gives one "nested too deeply to analyse" error, not a cascade of quote errors', () => {
  for (const [what, line] of DEEP) {
    const text = `KSM_NPAGES_MAX=1\n${line}\nKSM_THRES_COEF=20\n`;
    const errors = parseShell(text).errors.filter((e) => e.severity === 'syntax');
    assert.equal(errors.length, 1, `${what}: ${errors.length} errors: ${errors.slice(0, 3).map((e) => e.message).join(' | ')}`);
    assert.match(errors[0].message, /nested too deeply to analyse/, what);
    const findings = analyzeDocument(text, { fileName: 'ksmtuned.conf' }, { settings: DEFAULT_SETTINGS, host: {} }).findings.filter((f) => f.ruleId === 'ksmtuned/syntax-error');
    assert.equal(findings.length, 1, `${what}: ${findings.length} syntax-error findings`);
  }
});

test('nesting within the limit is analysed normally', () => {
  const text = 'x=' + '"$(echo '.repeat(20) + 'a' + ')"'.repeat(20) + '\n';
  assert.deepEqual(parseShell(text).errors, []);
});
