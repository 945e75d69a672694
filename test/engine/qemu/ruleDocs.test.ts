import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

test('every qemu/ rule id used by the engine has a heading in docs/rules/qemu.md', () => {
  const root = join(__dirname, '../../..');
  const doc = readFileSync(join(root, 'docs/rules/qemu.md'), 'utf8');
  const headings = new Set([...doc.matchAll(/^## (qemu\/[a-z0-9-]+)$/gm)].map((m) => m[1]));
  const used = new Set<string>();
  for (const file of readdirSync(join(root, 'engine/qemu'))) {
    for (const m of readFileSync(join(root, 'engine/qemu', file), 'utf8').matchAll(/'(qemu\/[a-z0-9-]+)'/g)) used.add(m[1]);
  }
  const missing = [...used].filter((id) => !headings.has(id));
  assert.deepEqual(missing, []);
  assert.ok(used.size >= 30, `${used.size} rules`);
});
