import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PageTable } from '../../../engine/measure/pageTable';
import { RESIDENT } from '../../../engine/measure/format';

const N = 20_000;

/** Fingerprint halves for content `c` (bit 8 set, as pageHash gives every non-zero page). */
function fp(c: number): [number, number] {
  return [(Math.imul(c + 1, 0x9e3779b1) | 0x100) >>> 0, Math.imul(c + 7, 0x85ebca6b) >>> 0];
}

for (const [label, contentOf] of [
  ['all single', (i: number) => i],
  ['all in pairs', (i: number) => i >> 1],
  ['all one content', () => 0],
  ['half single, half in tens', (i: number) => (i % 2 ? i : 1_000_000 + (i % 1000))],
] as const) {
  test(`16 bytes a page at most, and the right ids: ${label}`, () => {
    const t = new PageTable(N);
    for (let i = 0; i < N; i++) t.append(RESIDENT, ...fp(contentOf(i)));
    t.dedupe();
    assert.ok(t.bytes <= 16 * N, `${t.bytes / N} B a page`);
    // Same content ⇔ same id (≥ 2), single content ⇔ id 1.
    const idOf = new Map<number, number>();
    const seen = new Map<number, number>();
    for (let i = 0; i < N; i++) seen.set(contentOf(i), (seen.get(contentOf(i)) ?? 0) + 1);
    for (let i = 0; i < N; i++) {
      const c = contentOf(i);
      if (seen.get(c) === 1) assert.equal(t.id(i), 1);
      else {
        if (!idOf.has(c)) idOf.set(c, t.id(i));
        assert.equal(t.id(i), idOf.get(c));
      }
    }
    assert.equal(t.sharedContentCount, idOf.size);
    assert.deepEqual([...new Set(idOf.values())].sort((a, b) => a - b), [...idOf.values()].map((_, k) => k + 2), 'first-seen numbering 2, 3, ...');
  });
}

test('zero and non-resident pages take no sorted slot; changes count, saturating at 255', () => {
  const t = new PageTable(4);
  t.append(RESIDENT, 0, 0);
  t.append(0, 123, 456);
  t.append(RESIDENT, ...fp(5));
  t.append(RESIDENT, ...fp(5));
  t.dedupe();
  assert.deepEqual([0, 1, 2, 3].map((i) => t.id(i)), [0, 1, 2, 2]);
  assert.equal(t.bytes, 4 * 8 + 2 * 8);
  for (let k = 0; k < 300; k++) t.observe(0, ...fp(10_000 + k));
  assert.equal(t.changes(0), 255);
  assert.equal(t.lastChange(0), 'fresh');
  t.observe(1, ...fp(9));
  assert.equal(t.changes(1), 0, 'a page not resident at the first pass has no churn');
  t.observe(2, 0, 0);
  assert.equal(t.lastChange(2), 'zero');
  t.observe(2, ...fp(5));
  assert.deepEqual([t.changes(2), t.lastChange(2)], [2, 'copy']);
});
