import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// Each capability's rule ids (as used under engine/<capability>/) must have a heading in docs/rules/<capability>.md.
for (const [capability, minimum] of [['libvirt', 12], ['proxmox', 6]] as const) {
  test(`every ${capability}/ rule id used by the engine has a heading in docs/rules/${capability}.md`, () => {
    const root = join(__dirname, '../../..');
    const doc = readFileSync(join(root, `docs/rules/${capability}.md`), 'utf8');
    const headings = new Set([...doc.matchAll(new RegExp(`^## (${capability}/[a-z0-9-]+)$`, 'gm'))].map((m) => m[1]));
    const used = new Set<string>();
    for (const file of readdirSync(join(root, 'engine', capability))) {
      for (const m of readFileSync(join(root, 'engine', capability, file), 'utf8').matchAll(new RegExp(`'(${capability}/[a-z0-9-]+)'`, 'g'))) used.add(m[1]);
    }
    assert.deepEqual([...used].filter((id) => !headings.has(id)), []);
    assert.deepEqual([...headings].filter((id) => !used.has(id)), [], 'headings of rules the engine never reports');
    assert.ok(used.size >= minimum, `${used.size} rules`);
  });
}
