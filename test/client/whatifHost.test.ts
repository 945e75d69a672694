import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml, contentSecurityPolicy } from '../../client/whatif/html';
import { changedKsmtunedValues, ksmtunedEdits, scenarioFileEdit } from '../../engine/whatif/applyEdits';
import { toRunView } from '../../client/whatif/runView';
import { parseToWebview } from '../../client/webview/protocol';
import { seedScenario } from '../../engine/whatif/seed';
import { summarize } from '../../engine/whatif/summary';
import { fakeResult } from '../engine/whatif/fakeResult';

test('the page has a strict CSP with the nonce, and only nonce-bearing scripts', () => {
  const html = renderHtml({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abcdefghijklmnopqrstuvwx', scriptUri: 'https://x/main.js', styleUris: ['https://x/a.css'] });
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-abcdefghijklmnopqrstuvwx'; style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net;/);
  assert.doesNotMatch(contentSecurityPolicy('s', 'n'), /unsafe-inline|unsafe-eval|https?:\/\/(?!s)/);
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0], /nonce="abcdefghijklmnopqrstuvwx"/);
  assert.throws(() => renderHtml({ cspSource: 's', nonce: "x' 'unsafe-inline", scriptUri: '', styleUris: [] }));
});

test('a run view passes the webview validator', () => {
  const scenario = seedScenario();
  const result = fakeResult({ samples: 60, interval: 10, finalSharing: 5_000_000, from: 60, to: 400, log: [{ t: 0, line: 'x: thres 125218766' }] });
  const view = toRunView({ scenario, config: {} as never, result, summary: summarize(result, 4096, 600) }, 'Edited configuration');
  assert.equal(view.thresGiB, Number((125218766 / 2 ** 20).toFixed(4)));
  assert.equal(parseToWebview({ type: 'result', slot: 'a', runId: 1, run: view })?.type, 'result');
});

test('Apply edits: the last assignment of a changed ksmtuned variable, new ones appended, CRLF kept', () => {
  const text = '# conf\r\nKSM_THRES_COEF=20\r\nKSM_NPAGES_MAX=1250';
  const changes = changedKsmtunedValues({ KSM_THRES_COEF: '20', KSM_NPAGES_MAX: '1250' }, { KSM_THRES_COEF: '95', KSM_NPAGES_MAX: '1250', KSM_SLEEP_MSEC: '20', LOGFILE: '/tmp/x', KSM_NPAGES_MIN: '$(reboot)' });
  assert.deepEqual(changes, [['KSM_THRES_COEF', '95'], ['KSM_SLEEP_MSEC', '20']]);
  const start = text.indexOf('20');
  const edits = ksmtunedEdits(text, changes, { KSM_THRES_COEF: { start, end: start + 2 } });
  assert.deepEqual(edits, [
    { start, end: start + 2, newText: '95' },
    { start: text.length, end: text.length, newText: '\r\nKSM_SLEEP_MSEC=20\r\n' },
  ]);
  const file = scenarioFileEdit('{}\n', seedScenario());
  assert.equal(file.start, 0);
  assert.deepEqual(JSON.parse(file.newText), seedScenario());
});
