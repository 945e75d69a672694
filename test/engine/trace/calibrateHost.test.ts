import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../../../engine/sim/simulate';
import { DEFAULT_PER_PAGE_COST_NS } from '../../../engine/sim/timing';
import { calibrateHost, CalibrationError } from '../../../engine/trace/calibrateHost';
import { parseTrace } from '../../../engine/trace/parseTrace';
import { ownTraceDir, publishedTraceDir, recordingHost } from './traceFiles';

const load = (file: string) => parseTrace(readFileSync(file, 'utf8'));

test('the committed host profile is what calibrate measures on our rate-sweep recording', async () => {
  const c = await calibrateHost(load(join(ownTraceDir.dir, 's29_rate_sweep.jsonl')), simulate);
  const committed = recordingHost();
  assert.equal(c.profile.kernel, committed.kernel);
  assert.equal(c.profile.calibratedFrom, 's29_rate_sweep');
  assert.ok(Math.abs(c.profile.perPageCostNs - committed.perPageCostNs) / committed.perPageCostNs < 0.01, `${c.profile.perPageCostNs} vs ${committed.perPageCostNs}`);
  assert.ok(c.meanAbsErrorOfFinal < 0.01, `fit ${c.meanAbsErrorOfFinal}`);
});

test('on the reference machine the same procedure gives the default cost', { skip: !publishedTraceDir.exists() && 'published traces not next to the repository' }, async () => {
  const c = await calibrateHost(load(join(publishedTraceDir.dir, '14_rate_sweep.jsonl')), simulate);
  assert.ok(Math.abs(c.profile.perPageCostNs - DEFAULT_PER_PAGE_COST_NS) / DEFAULT_PER_PAGE_COST_NS < 0.05, `${c.profile.perPageCostNs}`);
});

test('a trace whose scan rate is set by sleeps, not CPU, cannot calibrate a host', async () => {
  await assert.rejects(calibrateHost(load(join(ownTraceDir.dir, 's22_late_joiner.jsonl')), simulate), CalibrationError);
});

test('a trace whose header names no kernel cannot make a profile (no trace could match it)', async () => {
  const trace = load(join(ownTraceDir.dir, 's29_rate_sweep.jsonl'));
  trace.header.kernel = '';
  await assert.rejects(calibrateHost(trace, simulate), /names no kernel/);
});
