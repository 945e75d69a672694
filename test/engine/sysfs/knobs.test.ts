import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { release } from 'node:os';
import { KNOBS, KNOB_NAMES, knobByName, knobDefaults, knobExistsIn, majorMinor } from '../../../engine/knowledge/knobs';
import { KSM_STAT_FIELDS } from '../../../engine/knowledge/procFiles';
import { loadCorpus } from './corpus';

test('the table has the 24 attributes of Linux 6.18, each fully described', () => {
  assert.equal(KNOBS.length, 24);
  assert.equal(new Set(KNOB_NAMES).size, 24);
  for (const k of KNOBS) {
    assert.ok(k.summary && k.description && k.kernelType && k.unit && k.accepts && k.since, k.name);
    assert.equal(k.access === 'RW', k.default !== undefined, `${k.name}: writable knobs have a default`);
    assert.equal(k.access === 'RO', k.parse === 'read-only', k.name);
  }
  assert.equal(KSM_STAT_FIELDS.length, 6);
});

test('defaults match what the 6.18 kernel showed before any write in the corpus', () => {
  const first = loadCorpus().cases[0].before;
  assert.deepEqual(knobDefaults(), first);
});

test('existence by kernel version follows `since`', () => {
  assert.ok(knobExistsIn('run', '2.6.32'));
  assert.ok(!knobExistsIn('run', '2.6.31'));
  assert.ok(!knobExistsIn('advisor_mode', '6.7'));
  assert.ok(knobExistsIn('advisor_mode', '6.8'));
  assert.ok(knobExistsIn('pages_skipped', '6.18.44-fc'));
  assert.ok(!knobExistsIn('merge_across_nodes', '6.18', false));
  assert.ok(!knobExistsIn('nope', '6.18'));
  assert.equal(knobByName('general_profit')?.since, '6.4');
});

test('on a 6.18 host the table lists exactly the files in /sys/kernel/mm/ksm', (t) => {
  if (!existsSync('/sys/kernel/mm/ksm') || majorMinor(release()) !== '6.18') return t.skip('not a 6.18 host with KSM');
  assert.deepEqual([...KNOB_NAMES].sort(), readdirSync('/sys/kernel/mm/ksm').sort());
});
