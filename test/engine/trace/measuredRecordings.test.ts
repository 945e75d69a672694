import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { simulate } from '../../../engine/sim/simulate';
import { loadMeasurement } from '../../../engine/node/measurementFile';
import { compareMeasured, measuredPredictionConfig } from '../../../engine/trace/measuredPrediction';
import { parseTrace } from '../../../engine/trace/parseTrace';
import { validateScenario } from '../../../engine/whatif/validate';
import { measuredTraceDir, recordingHost } from './traceFiles';

/**
 * Issue 11's proof on every measured recording (test/fixtures/measured, README there): the what-if
 * from the measurement alone predicts the real ksmd's final pages_shared and pages_sharing within
 * 5%, and its first merge and time to 90% of the final sharing within 25%, with the calibrated cost
 * of the machine that recorded them (recording-host.json) and with the simulator's default.
 * A miss listed in KNOWN_MISSES is reported as a todo with its cause; any other miss fails.
 */
const LOADED = 'recorded at a 1-minute load of 14-16 on 2 CPUs: the real ksmd ran its first pass at 29 k pages/s instead of the 36-41 k it reaches on a quiet machine, so merges came later than predicted (README in test/fixtures/measured)';
const KNOWN_MISSES: Record<string, string> = {
  'm1_guests_processes (recording host)': LOADED,
  'm1_guests_processes (default cost)': LOADED,
};

test('there are measured recordings to check', () => {
  assert.ok(measuredTraceDir.files().length >= 2);
});

for (const file of measuredTraceDir.files()) {
  const name = basename(file, '.jsonl');
  for (const [host, cost] of [['recording host', recordingHost().perPageCostNs], ['default cost', undefined]] as const) {
    test(`measured prediction: ${name} (${host})`, { todo: KNOWN_MISSES[`${name} (${host})`] }, (t) => {
      const trace = parseTrace(readFileSync(file, 'utf8'));
      const scenarioFile = join(measuredTraceDir.dir, `${name}.samepage.json`);
      const checked = validateScenario(JSON.parse(readFileSync(scenarioFile, 'utf8')));
      assert.ok(checked.ok, JSON.stringify(checked));
      const measurement = loadMeasurement(checked.scenario, scenarioFile);
      assert.ok(measurement);
      const c = compareMeasured(trace, simulate(measuredPredictionConfig(trace, checked.scenario, measurement, cost)));
      const pct = (e: number | null) => (e === null ? '-' : `${(e * 100).toFixed(1)}%`);
      t.diagnostic(
        `${name} (${host}): pages_shared ${c.real.pagesShared} real / ${c.predicted.pagesShared} predicted (${pct(c.errors.pagesShared)}), ` +
          `pages_sharing ${c.real.pagesSharing} / ${c.predicted.pagesSharing} (${pct(c.errors.pagesSharing)}), ` +
          `first merge ${c.real.firstMergeSeconds} / ${c.predicted.firstMergeSeconds} s (${pct(c.errors.firstMergeSeconds)}), ` +
          `t90 ${c.real.t90Seconds} / ${c.predicted.t90Seconds} s (${pct(c.errors.t90Seconds)})`,
      );
      assert.ok(c.ok, JSON.stringify(c));
    });
  }
}
