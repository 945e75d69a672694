import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedScenario } from '../../engine/whatif/seed';
import { concludeTune, planTune } from '../../engine/whatif/tune';
import type { PointMetrics } from '../../engine/whatif/sweep';
import { toSuggestionView } from '../../client/whatif/suggestionView';
import { parseToHost, parseToWebview } from '../../client/webview/protocol';

test('a settings suggestion passes the webview validator, marks the current settings and the recommendation; malformed ones are dropped', () => {
  const s = seedScenario();
  s.controller = 'none';
  const plan = planTune(s, { fraction: 0.9, withinSeconds: 600, maxCpuPercent: 100 });
  // Synthetic metrics: more pages and shorter sleeps save sooner and cost more.
  const metrics: PointMetrics[] = plan.settings.map((set, i) => {
    const rate = i === 0 ? 0 : Number(set.pages_to_scan) / Number(set.sleep_millisecs);
    return { savedBytes: Math.min(1, rate / 50) * plan.bestBytes, t50Seconds: null, t90Seconds: null, ksmdCpuPercent: Math.min(100, rate / 10), ksmdCpuPeakPercent: Math.min(100, rate / 10), generalProfitBytes: 1, settledSeconds: null, cancelled: false, reachSeconds: rate >= 45 ? 60 : null };
  });
  const view = toSuggestionView(concludeTune(plan, metrics));
  const parsed = parseToWebview({ type: 'suggestion', advice: view });
  assert.ok(parsed, 'valid');
  assert.equal(view.current.savedGiB, 0);
  assert.deepEqual(Object.keys(view.current.settings).sort(), ['pages_to_scan', 'run', 'sleep_millisecs']);
  assert.equal(view.current.settings.run, '0');
  assert.equal(view.recommended.settings.run, '1');
  assert.ok(view.frontier.some((p) => JSON.stringify(p.settings) === JSON.stringify(view.recommended.settings)));
  assert.match(view.format.text, /\/sys\/kernel\/mm\/ksm\/pages_to_scan/);
  assert.equal(parseToWebview({ type: 'suggestion', advice: { ...view, frontier: 'x' } }), undefined);
  assert.equal(parseToWebview({ type: 'suggestProgress', done: 5, total: 3 }), undefined);
  assert.deepEqual(parseToHost({ type: 'suggest', scenario: s }), { type: 'suggest', scenario: s });
});
