import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

interface Pattern {
  match?: string;
  begin?: string;
  end?: string;
  patterns?: Pattern[];
  include?: string;
}

test('the ksmtuned grammar is valid JSON, its regexes compile, and package.json points at it', () => {
  const grammar = JSON.parse(readFileSync('syntaxes/ksmtuned.tmLanguage.json', 'utf8')) as { scopeName: string; patterns: Pattern[]; repository: Record<string, Pattern> };
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const entry = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'ksmtuned');
  assert.equal(entry.scopeName, grammar.scopeName);
  const visit = (p: Pattern) => {
    for (const key of ['match', 'begin', 'end'] as const) if (p[key]) assert.doesNotThrow(() => new RegExp(p[key]!), `${key}: ${p[key]}`);
    if (p.include?.startsWith('#')) assert.ok(grammar.repository[p.include.slice(1)], `missing ${p.include}`);
    p.patterns?.forEach(visit);
  };
  grammar.patterns.forEach(visit);
  Object.values(grammar.repository).forEach(visit);
  const assignment = new RegExp(grammar.repository['spaced-assignment'].match!);
  assert.ok(assignment.test('KSM_NPAGES_MAX = 100'));
  assert.ok(!assignment.test('KSM_NPAGES_MAX=100'));
  JSON.parse(readFileSync('syntaxes/ksmtuned.language-configuration.json', 'utf8'));
});
