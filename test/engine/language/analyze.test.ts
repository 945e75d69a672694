import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS, type AnalysisContext } from '../../../engine/language/types';

const ctx = (rules: AnalysisContext['settings']['rules'] = {}): AnalysisContext => ({ settings: { ...DEFAULT_SETTINGS, rules }, host: {} });

test('binary content is reported as an error on the NUL byte', () => {
  const analysis = analyzeDocument('KSM_NPAGES_MAX=1\u0000\u0001', { fileName: 'ksmtuned.conf' }, ctx());
  const binary = analysis.findings.find((f) => f.ruleId === 'samepage/binary-content');
  assert.ok(binary);
  assert.equal(binary.severity, 'error');
  assert.deepEqual(binary.range, { start: 16, end: 17 });
});

test('a severity override and an inline comment silence a rule', () => {
  const text = 'a\u0000b\n';
  assert.equal(analyzeDocument(text, { fileName: 'x.sh' }, ctx({ 'samepage/binary-content': 'off' })).findings.length, 0);
  assert.equal(analyzeDocument(text, { fileName: 'x.sh' }, ctx({ 'samepage/': 'hint' })).findings[0].severity, 'hint');
  const silenced = '# samepage-disable-next-line samepage/binary-content\na\u0000b\n';
  assert.equal(analyzeDocument(silenced, { fileName: 'x.sh' }, ctx()).findings.length, 0);
  const otherRule = '# samepage-disable-next-line qemu/unknown-property\na\u0000b\n';
  assert.equal(analyzeDocument(otherRule, { fileName: 'x.sh' }, ctx()).findings.length, 1);
});

test('a script too large to check says so instead of staying silent', () => {
  const line = 'qemu-system-x86_64 -M q35,mem-merge=ON -m 4G\n';
  const big = analyzeDocument(line.repeat(50_000), { fileName: 'vms.sh' }, ctx());
  assert.deepEqual(big.findings.map((f) => f.ruleId), ['samepage/file-too-large']);
  const small = analyzeDocument(line, { fileName: 'vms.sh' }, ctx());
  assert.ok(!small.findings.some((f) => f.ruleId === 'samepage/file-too-large'));
});
