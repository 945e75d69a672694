import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../../engine/sim/simulate';
import { runWhatIf } from '../../../engine/whatif/run';
import { smallScenario } from './smallScenario';
import type { Scenario } from '../../../engine/whatif/scenario';
import { validateScenario } from '../../../engine/whatif/validate';

/** The small scenario with one change, run; the first sentence of its summary. */
function small(change: (s: Scenario) => void): string {
  const s = smallScenario();
  s.durationSeconds = 60;
  change(s);
  const checked = validateScenario(s);
  assert.ok(checked.ok, checked.ok ? '' : checked.errors.join('\n'));
  return runWhatIf(checked.scenario, simulate).summary.sentences[0];
}

test('a run that merges says how much, not why nothing', () => {
  assert.match(small(() => {}), /^KSM saves [\d.]+ GiB/);
});

test('when nothing is saved the words say why', () => {
  assert.match(small((s) => (s.guests[0].memMerge = false)), /saves nothing in 60 s: no guest is mergeable/);
  assert.match(small((s) => (s.knobs = { run: 0 })), /saves nothing in 60 s: KSM is off: \/sys\/kernel\/mm\/ksm\/run is 0 and no ksmtuned runs/);
  // 100 pages every 20 ms: the first pass over 2 × 512 MiB is not over after 20 s
  assert.match(
    small((s) => {
      s.knobs = { run: 1, pages_to_scan: 100, sleep_millisecs: 20 };
      s.durationSeconds = 20;
    }),
    /saves nothing in 20 s: the run ends before ksmd has finished two passes \(full_scans=0\)/,
  );
  assert.match(
    small((s) => {
      s.knobs = {};
      s.ksmtuned = { enabled: true, variant: 'fedora', values: { KSM_MONITOR_INTERVAL: '5' } };
    }),
    /saves nothing in 60 s: ksmtuned stopped it: free memory is above its threshold/,
  );
  assert.match(
    small((s) => {
      s.knobs = { run: 0 };
      s.ksmtuned = { enabled: true, variant: 'fedora', values: {} };
      s.durationSeconds = 30;
    }),
    /saves nothing in 30 s: KSM is off \(run=0\) and ksmtuned has not switched it on: its first check comes one KSM_MONITOR_INTERVAL after it starts/,
  );
});
