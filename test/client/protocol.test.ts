import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePersistedState, parseToHost, parseToWebview, type RunView } from '../../client/webview/protocol';
import { formKnowledge } from '../../client/whatif/formKnowledge';
import { KSMTUNED_VARIABLES } from '../../engine/knowledge/ksmtunedVariables';
import { GUEST_PROFILE_IDS } from '../../engine/knowledge/guestProfiles';

const series = { t: [0, 1], savedGiB: [0, 1], pages_shared: [0, 1], pages_sharing: [0, 2], pages_unshared: [0, 0], pages_volatile: [5, 0], pages_to_scan: [100, 100], ksmdCpuPercent: [0, 1], freeGiB: [80, 81], generalProfitGiB: [0, 0.99] };
const figures = { generalProfitBytes: 1.06e9, ksmdCpuSeconds: 3, savedBytesPerCpuSecond: 3.5e8, settledSeconds: null, zeroPageSavedBytes: 0, perGuest: [{ name: 'win10', mergingPages: 262144, zeroPages: 0, rmapItems: 300000, profitBytes: 1e9 }], perGuestTotal: 1 };
const run: RunView = { label: 'A', scenario: { name: 'x' }, sentences: ['KSM saves 1 GiB.'], savedGiB: 1, t50: 1, t90: 1, ksmdCpuMeanPercent: 0.5, thresGiB: 25, series, figures };

test('the host accepts exactly the webview messages of the protocol', () => {
  assert.deepEqual(parseToHost({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseToHost({ type: 'run', slot: 'b', scenario: { a: 1 } }), { type: 'run', slot: 'b', scenario: { a: 1 } });
  assert.deepEqual(parseToHost({ type: 'export', slot: 'a', format: 'csv' }), { type: 'export', slot: 'a', format: 'csv' });
  assert.deepEqual(parseToHost({ type: 'apply', scenario: {} }), { type: 'apply', scenario: {} });
});

test('the host drops hostile or malformed webview messages', () => {
  const hostile: unknown[] = [
    null, undefined, 'ready', 42, [], { type: 'READY' }, { type: 'ready', extra: 1 }, { type: 'toString' }, { type: '__proto__' },
    { type: 'run', slot: 'c', scenario: {} }, { type: 'run', slot: 'a', scenario: [] }, { type: 'run', slot: 'a', scenario: 'x' },
    { type: 'run', slot: 'a', scenario: { big: 'x'.repeat(300_000) } }, { type: 'export', slot: 'a', format: 'xml' },
    { type: 'export', slot: 'a', format: 'csv', path: '/etc/passwd' }, { type: 'apply' }, { type: 'cancel', now: true },
    JSON.parse('{"type":"run","slot":"a","scenario":{},"__proto__":{"polluted":1}}'),
    Object.assign(Object.create({ type: 'ready' }), {}), { type: 'run', slot: 'a', scenario: new Date() },
  ];
  for (const message of hostile) assert.equal(parseToHost(message), undefined, JSON.stringify(message)?.slice(0, 80));
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  assert.equal(parseToHost({ type: 'run', slot: 'a', scenario: circular }), undefined);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('the webview accepts well-formed extension messages', () => {
  assert.equal(parseToWebview({ type: 'result', slot: 'a', runId: 3, run })?.type, 'result');
  assert.equal(parseToWebview({ type: 'progress', runId: 3, phase: 'simulating', fraction: 0.5 })?.type, 'progress');
  assert.equal(parseToWebview({ type: 'progress', runId: 3, phase: 'preparing', fraction: 0 })?.type, 'progress');
  assert.deepEqual(parseToWebview({ type: 'cancelled', slot: 'b', runId: 4 }), { type: 'cancelled', slot: 'b', runId: 4 });
  assert.deepEqual(parseToWebview({ type: 'notice', ok: true, message: 'Exported.' }), { type: 'notice', ok: true, message: 'Exported.' });
  const init = parseToWebview({ type: 'init', v: 1, panelId: 'abcdefgh1234', scenario: {}, source: { kind: 'ksmtuned', label: 'ksmtuned.conf', canApply: true }, form: formKnowledge(), notes: ['n'], keepResults: false });
  assert.equal(init?.type, 'init');
});

test("the form's profiles, ksmtuned variables and knobs come from the knowledge tables", () => {
  const form = formKnowledge();
  assert.deepEqual(form.profiles, [...GUEST_PROFILE_IDS]);
  const coef = form.ksmtunedVariables.find((v) => v.name === 'KSM_THRES_COEF');
  const known = KSMTUNED_VARIABLES.find((v) => v.name === 'KSM_THRES_COEF')!;
  assert.deepEqual(coef, { name: 'KSM_THRES_COEF', default: known.default, ...known.range });
  assert.deepEqual(form.knobs.map((k) => k.name), ['run', 'pages_to_scan', 'sleep_millisecs', 'merge_across_nodes', 'use_zero_pages', 'max_page_sharing', 'stable_node_chains_prune_millisecs', 'smart_scan']);
  assert.deepEqual(form.knobs.find((k) => k.name === 'smart_scan'), { name: 'smart_scan', default: '1', hint: 'Linux 6.7+', min: 0, max: 1, step: 1 });
  assert.equal(form.knobs.find((k) => k.name === 'pages_to_scan')?.hint, '', 'no note for a knob every kernel has');
  assert.equal(parseToWebview({ type: 'init', v: 1, panelId: 'abcdefgh1234', scenario: {}, source: { kind: 'default', label: 'x', canApply: false }, form: { ...form, defaultProfile: 'nope' }, notes: [], keepResults: false }), undefined);
});

test('the webview drops hostile or malformed extension messages', () => {
  const bad: unknown[] = [
    { type: 'result', slot: 'a', runId: 3, run: { ...run, savedGiB: NaN } },
    { type: 'result', slot: 'a', runId: 3, run: { ...run, series: { ...series, t: [0] } } },
    { type: 'result', slot: 'a', runId: 3, run: { ...run, series: { ...series, savedGiB: [0, Infinity] } } },
    { type: 'result', slot: 'a', runId: 3, run: { ...run, series: { ...series, evil: [1, 2] } } },
    { type: 'result', slot: 'a', runId: 3, run: { ...run, figures: undefined } },
    { type: 'result', slot: 'a', runId: 3, run: { ...run, figures: { ...figures, generalProfitBytes: NaN } } },
    { type: 'result', slot: 'a', runId: 3, run: { ...run, figures: { ...figures, perGuest: [{ ...figures.perGuest[0], name: 'x'.repeat(100) }] } } },
    { type: 'result', slot: 'a', runId: 3, run: { ...run, figures: { ...figures, perGuest: Array(65).fill(figures.perGuest[0]) } } },
    { type: 'result', slot: 'a', runId: -1, run },
    { type: 'result', slot: 'a', runId: 1.5, run },
    { type: 'result', slot: 'a', runId: 3, run: { ...run, sentences: ['<img src=x onerror=alert(1)>'.repeat(200)] } },
    { type: 'progress', runId: 3, phase: 'simulating', fraction: 2 },
    { type: 'progress', runId: 3, phase: 'simulating', fraction: NaN },
    { type: 'progress', runId: 3, fraction: 0.5 },
    { type: 'progress', runId: 3, phase: 'sleeping', fraction: 0.5 },
    { type: 'cancelled', slot: 'c', runId: 1 },
    { type: 'error', message: 'x'.repeat(10_000) },
    { type: 'init', v: 2, panelId: 'abcdefgh1234', scenario: {}, source: { kind: 'ksmtuned', label: 'a', canApply: true }, form: formKnowledge(), notes: [], keepResults: false },
    { type: 'init', v: 1, panelId: 'abcdefgh1234', scenario: {}, source: { kind: 'ksmtuned', label: 'a', canApply: true, uri: 'file:///etc/passwd' }, form: formKnowledge(), notes: [], keepResults: false },
    { type: 'init', v: 1, panelId: '../../x', scenario: {}, source: { kind: 'ksmtuned', label: 'a', canApply: true }, form: formKnowledge(), notes: [], keepResults: false },
    { type: 'init', v: 1, panelId: 'abcdefgh1234', scenario: {}, source: { kind: 'evil', label: 'a', canApply: true }, form: formKnowledge(), notes: [], keepResults: false },
    { type: 'init', v: 1, panelId: 'abcdefgh1234', scenario: {}, source: { kind: 'host', label: 'a', canApply: false }, form: { ...formKnowledge(), ranges: { x: { min: 2, max: 1 } } }, notes: [], keepResults: false },
    { type: 'notice', ok: 'yes', message: '' },
    { type: 'applied', ok: true, message: '' },
    { type: 'unknown' },
  ];
  for (const message of bad) assert.equal(parseToWebview(message), undefined, JSON.stringify(message).slice(0, 100));
});

test('persisted webview state is validated like a message', () => {
  assert.ok(parsePersistedState({ v: 1, scenario: {}, source: { kind: 'default', label: 'seed', canApply: false } }));
  for (const bad of [undefined, null, { v: 2, scenario: {}, source: {} }, { v: 1, scenario: 'x', source: { kind: 'default', label: 's', canApply: false } }, { v: 1, scenario: {}, source: { kind: 'default', label: 's' } }]) {
    assert.equal(parsePersistedState(bad), undefined);
  }
});
