import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

test('every ksmtuned rule id used in the engine has a heading in docs/rules/ksmtuned.md', () => {
  const doc = readFileSync(join('docs', 'rules', 'ksmtuned.md'), 'utf8');
  const headings = new Set([...doc.matchAll(/^## (ksmtuned\/[a-z-]+)$/gm)].map((m) => m[1]));
  const dir = join('engine', 'ksmtuned', 'rules');
  const used = new Set<string>();
  for (const file of readdirSync(dir)) for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/finding\(\s*'([a-z-]+)'/g)) used.add(`ksmtuned/${m[1]}`);
  assert.ok(used.size >= 20, `found ${used.size} rule ids`);
  assert.deepEqual([...used].filter((id) => !headings.has(id)), []);
  assert.deepEqual([...headings].filter((id) => !used.has(id)), []);
});
