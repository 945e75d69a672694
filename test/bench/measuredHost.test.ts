import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeMeasuredHost } from '../../bench/measuredHost';
import { countPages } from '../../engine/measure/summary';
import { loadMeasurement } from '../../engine/node/measurementFile';
import { validateScenario } from '../../engine/whatif/validate';
import { scenarioToSimConfig } from '../../engine/whatif/toSimConfig';
import { simulate } from '../../engine/sim/simulate';

test('the bench\'s measured host is a valid measurement: zero, shared and single pages as described, and it runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-measured-host-'));
  try {
    const path = writeMeasuredHost(dir, 'small', 4, 64);
    const checked = validateScenario(JSON.parse(readFileSync(path, 'utf8')));
    assert.ok(checked.ok, JSON.stringify(checked));
    const m = loadMeasurement(checked.scenario, path)!;
    const { total } = countPages(m);
    assert.equal(total.pages, 4 * 64 * 256);
    assert.equal(total.resident, total.pages);
    assert.equal(total.thp, total.pages);
    // By 2 MiB block: about a quarter zero, a tenth shared with the other guest of the same OS.
    assert.ok(Math.abs(total.zero / total.pages - 0.25) < 0.08, `zero ${total.zero}`);
    assert.ok(Math.abs(total.shared / total.pages - 0.1) < 0.06, `shared ${total.shared}`);
    assert.equal(m.positions?.length, m.sharedContentCount);
    const result = simulate({ ...scenarioToSimConfig(checked.scenario, m), durationSeconds: 120 });
    assert.ok(result.samples.at(-1)!.ksm.pages_sharing > 0, "nothing merged in 2 minutes");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
