import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../../engine/sim/simulate';
import { runWhatIf } from '../../../engine/whatif/run';
import { seedScenario } from '../../../engine/whatif/seed';
import type { Scenario } from '../../../engine/whatif/scenario';
import { validateScenario } from '../../../engine/whatif/validate';

/** Two 512 MiB Windows guests on a 16 GiB host, KSM on at a fixed rate, no ksmtuned: merges within seconds. */
function small(change: (s: Scenario) => void): string {
  const s = seedScenario();
  s.host = { ...s.host, memTotalKb: 16 * 2 ** 20, otherUsedKb: 2 ** 20, cachedKb: 2 ** 19 };
  s.guests = [{ ...s.guests[0], count: 2, memoryMiB: 512 }];
  s.knobs = { run: 1, pages_to_scan: 5000, sleep_millisecs: 10 };
  s.ksmtuned = { enabled: false, variant: 'fedora', values: {} };
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
