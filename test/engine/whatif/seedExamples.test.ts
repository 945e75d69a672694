/**
 * examples/seed-*.json are the built-in seed scenario with only the setting under test changed
 * (issue 7 item 5): KSM_THRES_COEF, mem-merge, and the 3-minute duration of 2on-2off. In
 * particular all four share the seed's ksmtuned state assumption.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { seedScenario } from '../../../engine/whatif/seed';

const load = (name: string) => JSON.parse(readFileSync(`examples/seed-${name}.json`, 'utf8'));

/** The scenario with the row's own settings and its titles removed. */
function common(s: ReturnType<typeof seedScenario>) {
  const { name: _n, description: _d, $schema: _s, durationSeconds: _t, guests, ksmtuned, ...rest } = s as ReturnType<typeof seedScenario> & { $schema?: string };
  const { KSM_THRES_COEF: _c, ...values } = ksmtuned.values;
  return { ...rest, ksmtuned: { ...ksmtuned, values }, guests: guests.map(({ name: _g, count: _k, memMerge: _m, ...g }) => g) };
}

test('the four seed examples differ from the seed only in COEF, mem-merge and (2on-2off) the duration', () => {
  const seed = seedScenario();
  assert.equal(seed.ksmtuned.state, 'running');
  const rows: Record<string, { coef: string; on: number; off: number; seconds: number }> = {
    coef95: { coef: '95', on: 4, off: 0, seconds: 600 },
    coef20: { coef: '20', on: 4, off: 0, seconds: 600 },
    'all-off': { coef: '95', on: 0, off: 4, seconds: 600 },
    '2on-2off': { coef: '95', on: 2, off: 2, seconds: 180 },
  };
  for (const [name, row] of Object.entries(rows)) {
    const example = load(name);
    const base = common(seed);
    for (const g of common(example).guests) assert.deepEqual(g, base.guests[0], name);
    assert.deepEqual({ ...common(example), guests: [] }, { ...base, guests: [] }, name);
    assert.equal(example.ksmtuned.values.KSM_THRES_COEF, row.coef, name);
    const count = (merge: boolean) => example.guests.filter((g: { memMerge: boolean }) => g.memMerge === merge).reduce((n: number, g: { count: number }) => n + g.count, 0);
    assert.deepEqual([count(true), count(false)], [row.on, row.off], name);
    assert.equal(example.durationSeconds, row.seconds, name);
  }
});
