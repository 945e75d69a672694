import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KsmKnobs } from '../../../engine/sim/api';
import { initialKnobs } from '../../../engine/sim/knobControl';
import { knobDefaults, WRITABLE_KNOB_NAMES } from '../../../engine/knowledge/knobs';
import { SimConfigError } from '../../../engine/sim/errors';

test("the simulator's knobs are the knowledge table's writable knobs, with its defaults", () => {
  // A complete KsmKnobs literal: the compiler rejects it when a field is added or removed.
  const every: KsmKnobs = {
    run: 0, pages_to_scan: 0, sleep_millisecs: 0, merge_across_nodes: 0, use_zero_pages: 0, max_page_sharing: 0,
    stable_node_chains_prune_millisecs: 0, smart_scan: 0, advisor_mode: 'none', advisor_max_cpu: 0,
    advisor_min_pages_to_scan: 0, advisor_max_pages_to_scan: 0, advisor_target_scan_time: 0,
  };
  assert.deepEqual(Object.keys(every).sort(), [...WRITABLE_KNOB_NAMES].sort());
  const defaults = knobDefaults();
  const knobs = initialKnobs({}, '6.18') as unknown as Record<string, unknown>;
  for (const name of WRITABLE_KNOB_NAMES) assert.equal(knobs[name], defaults[name], name);
  assert.throws(() => initialKnobs({ pages_shared: 1 } as unknown as Partial<KsmKnobs>, '6.18'), SimConfigError);
});
