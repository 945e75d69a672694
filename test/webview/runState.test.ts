/** The page's run bookkeeping: a cancel keeps the result and says so, an edit marks results out of date until a new one arrives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cancelled, dimmed, edited, emptyRunState, finished, progressed, progressText, started } from '../../client/webview/runState';
import { comparisonSentence } from '../../client/webview/compare';
import type { RunView } from '../../client/webview/protocol';

const series = { t: [0, 1], savedGiB: [0, 1], pages_shared: [0, 1], pages_sharing: [0, 2], pages_unshared: [0, 0], pages_volatile: [5, 0], pages_to_scan: [100, 100], ksmdCpuPercent: [0, 1], freeGiB: [80, 81], generalProfitGiB: [0, 0.99] };
const figures = { generalProfitBytes: 1.06e9, ksmdCpuSeconds: 3, savedBytesPerCpuSecond: 3.5e8, settledSeconds: null, zeroPageSavedBytes: 0, perGuest: [{ name: 'win10', mergingPages: 262144, zeroPages: 0, rmapItems: 300000, profitBytes: 1e9 }], perGuestTotal: 1 };
const run = (savedGiB: number, label = 'A'): RunView => ({ label, scenario: {}, sentences: [], savedGiB, t50: 1, t90: 1, ksmdCpuMeanPercent: 0.5, thresGiB: 25, series: { ...series, savedGiB: [0, savedGiB] }, figures });

test('a cancelled rerun keeps the previous result and says that it was kept', () => {
  const state = emptyRunState();
  started(state, 'a', 1);
  finished(state, 'a', 1, run(3));
  started(state, 'a', 2);
  assert.ok(dimmed(state, 'a'), 'the old curve stays, dimmed, while the new run goes');
  assert.equal(state.runs.a?.savedGiB, 3);
  cancelled(state, 'a', 2);
  assert.equal(state.running, undefined);
  assert.equal(state.runs.a?.savedGiB, 3);
  assert.equal(state.status, 'Cancelled. A keeps its previous result.');
  assert.ok(!dimmed(state, 'a'));
});

test('an edit marks the results out of date until the new run has finished', () => {
  const state = emptyRunState();
  finished(state, 'a', 1, run(3));
  finished(state, 'b', 2, run(1, 'B'));
  edited(state);
  assert.ok(dimmed(state, 'a') && dimmed(state, 'b'));
  started(state, 'a', 3);
  cancelled(state, 'a', 3);
  assert.match(state.status, /keeps its previous result, which is out of date/);
  assert.ok(dimmed(state, 'a'), 'still out of date after the cancel');
  started(state, 'a', 4);
  finished(state, 'a', 4, run(4));
  assert.ok(!dimmed(state, 'a'));
  assert.ok(dimmed(state, 'b'), 'B was not rerun');
});

test('progress is shown from the start and only for the current run', () => {
  const state = emptyRunState();
  started(state, 'b', 7);
  assert.equal(progressText(state.running!), "Preparing B: building the guests' memory…");
  assert.equal(progressed(state, 6, 'simulating', 0.5), false, 'a superseded run is ignored');
  assert.equal(progressed(state, 7, 'simulating', 0.42), true);
  assert.equal(progressText(state.running!), 'Simulating B… 42%');
  cancelled(state, 'b', 7);
  assert.equal(state.status, 'Cancelled. B has no result yet.');
});

test('A and B: identical runs say "no difference", others say by how much', () => {
  assert.equal(comparisonSentence(run(3), undefined), undefined);
  assert.match(comparisonSentence(run(3), run(3, 'B'))!, /^No difference/);
  assert.equal(comparisonSentence(run(3), run(1.5, 'B')), 'B saves 1.50 GiB less than A, at the same ksmd CPU.');
  assert.equal(comparisonSentence(run(1), { ...run(2), ksmdCpuMeanPercent: 1.5 }), 'B saves 1.00 GiB more than A, with ksmd using 1.00 points of one CPU more.');
});
