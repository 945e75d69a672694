/**
 * Issue 15: after a reload, "Apply" writes only to the document the extension recorded for that
 * panel. The page's saved state is replayed by VS Code as the page left it, so whatever it says
 * about a document (an old `uri`, a swapped panel id) must not choose the file Apply writes to.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordApplyTarget, recordedApplyTarget, restorePanel, type StateStore } from '../../client/whatif/applyTarget';

function memento(): StateStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: (k) => data.get(k), update: async (k, v) => void (v === undefined ? data.delete(k) : data.set(k, v)) };
}

const conf = { kind: 'ksmtuned' as const, uri: 'file:///srv/hosts/a/ksmtuned.conf', label: 'ksmtuned.conf' };
const pageState = (panelId: string | undefined, uri?: string) => ({
  v: 1,
  ...(panelId ? { panelId } : {}),
  scenario: { name: 'x' },
  source: { kind: 'ksmtuned', label: 'ksmtuned.conf', canApply: true, ...(uri ? { uri } : {}) },
});

test('a restored panel applies to the document the extension recorded for it', async () => {
  const store = memento();
  await recordApplyTarget(store, 'panel-aaaaaaaa', conf);
  const restored = restorePanel(pageState('panel-aaaaaaaa'), store);
  assert.deepEqual(restored?.target, conf);
  assert.equal(restored?.source.canApply, true);
  assert.equal(restored?.panelId, 'panel-aaaaaaaa');
});

test("a URI in the page's saved state is never an Apply target", async () => {
  const store = memento();
  // A 0.1.0 page kept the source URI in its own state; it is dropped, with or without a record.
  const unrecorded = restorePanel(pageState(undefined, 'file:///etc/sudoers'), store);
  assert.equal(unrecorded?.target, undefined);
  assert.equal(unrecorded?.source.canApply, false);
  assert.deepEqual(unrecorded?.scenario, { name: 'x' }, 'the scenario itself is restored');
  await recordApplyTarget(store, 'panel-aaaaaaaa', conf);
  const recorded = restorePanel(pageState('panel-aaaaaaaa', 'file:///etc/sudoers'), store);
  assert.deepEqual(recorded?.target, conf, 'the recorded document, not the one the page names');
});

test('a page that claims another panel id gets no Apply target', async () => {
  const store = memento();
  await recordApplyTarget(store, 'panel-aaaaaaaa', conf);
  assert.equal(restorePanel(pageState('panel-bbbbbbbb'), store)?.target, undefined);
  assert.equal(restorePanel(pageState('../../etc'), store)?.target, undefined);
  // A record in the store that this module did not write is ignored too.
  store.data.set('samepage.whatIf.applyTarget', { panelId: 'panel-aaaaaaaa', target: { kind: 'host', uri: 'file:///x', label: 'x' } });
  assert.equal(recordedApplyTarget(store, 'panel-aaaaaaaa'), undefined);
  await recordApplyTarget(store, 'panel-aaaaaaaa', undefined);
  assert.equal(recordedApplyTarget(store, 'panel-aaaaaaaa'), undefined);
});

test('a shell script recorded as the Apply target comes back after a reload', async () => {
  const store = memento();
  const script = { kind: 'shell' as const, uri: 'file:///srv/hosts/a/start-guests.sh', label: 'start-guests.sh' };
  await recordApplyTarget(store, 'panel-aaaaaaaa', script);
  assert.deepEqual(recordedApplyTarget(store, 'panel-aaaaaaaa'), script);
});
