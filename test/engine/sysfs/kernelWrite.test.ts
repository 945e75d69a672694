import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyKnobWrite, nextKnobState, SYSFS_WRITE_MAX, WRITE_HANDLED_KNOBS, type KnobWriteState } from '../../../engine/sysfs/kernelWrite';
import { majorMinor, writableKnobs } from '../../../engine/knowledge/knobs';
import { loadCorpus } from './corpus';

const corpus = loadCorpus();

test('the corpus is large enough and covers every writable knob and every errno', () => {
  assert.ok(corpus.cases.length >= 150, `${corpus.cases.length} cases`);
  for (const knob of writableKnobs()) assert.ok(corpus.cases.some((c) => c.knob === knob.name), knob.name);
  const errnos = new Set(corpus.cases.map((c) => (c.result.ok ? 'ok' : c.result.errno)));
  for (const e of ['ok', 'EINVAL', 'ERANGE', 'EACCES', 'EBUSY', 'ENOENT']) assert.ok(errnos.has(e), e);
});

test('applyKnobWrite agrees with the real kernel on every recorded write', () => {
  const disagreements: string[] = [];
  for (const c of corpus.cases) {
    const state: KnobWriteState = { knobs: c.before, ksmPagesExist: c.ksmPagesExist, kernel: majorMinor(corpus.kernel), numa: corpus.numa };
    const got = applyKnobWrite(c.knob, c.raw, state);
    const label = `${c.knob} ← ${JSON.stringify(c.raw.slice(0, 40))} (${JSON.stringify(c.setup)}${c.ksmPagesExist ? ', merged' : ''})`;
    const want = c.result.ok ? 'ok' : c.result.errno;
    if ((got.ok ? 'ok' : got.errno) !== want) {
      disagreements.push(`${label}: kernel ${want}, model ${got.ok ? 'ok' : `${got.errno} (${got.reason})`}`);
      continue;
    }
    if (!got.ok || !c.result.ok) continue;
    if (c.result.bytes !== Math.min(c.raw.length, SYSFS_WRITE_MAX)) disagreements.push(`${label}: kernel accepted ${c.result.bytes} bytes`);
    const predicted = nextKnobState(state, got).knobs;
    for (const [name, value] of Object.entries(c.after)) {
      if (predicted[name] !== value) disagreements.push(`${label}: ${name} is ${value} afterwards, model says ${predicted[name]}`);
    }
    if (Number(got.readBack) !== c.after[c.knob] && got.readBack !== c.after[c.knob]) disagreements.push(`${label}: reads back ${c.after[c.knob]}, model ${got.readBack}`);
  }
  const agreement = (100 * (corpus.cases.length - disagreements.length)) / corpus.cases.length;
  assert.deepEqual(disagreements, [], `agreement ${agreement.toFixed(1)}%`);
});

test('every writable knob of the table has a write handler', () => {
  assert.deepEqual([...WRITE_HANDLED_KNOBS].sort(), writableKnobs().map((k) => k.name).sort());
});

test('state-dependent rules: EBUSY, scan-time, run=2 and kernel versions', () => {
  const merged: KnobWriteState = { knobs: {}, ksmPagesExist: true };
  assert.deepEqual(pick(applyKnobWrite('merge_across_nodes', '0\n', merged)), 'EBUSY');
  assert.deepEqual(pick(applyKnobWrite('merge_across_nodes', '1\n', merged)), 'ok');
  const unmerge = applyKnobWrite('run', '2\n', merged);
  assert.ok(unmerge.ok && unmerge.unmergedAll);
  assert.equal(pick(applyKnobWrite('max_page_sharing', '512\n', nextKnobState(merged, unmerge))), 'ok');
  const scan = applyKnobWrite('advisor_mode', 'scan-time', { knobs: { advisor_min_pages_to_scan: 900 }, ksmPagesExist: false });
  assert.ok(scan.ok);
  assert.deepEqual(scan.updates, { advisor_mode: 'scan-time', pages_to_scan: 900 });
  assert.equal(pick(applyKnobWrite('pages_to_scan', '100\n', { knobs: { advisor_mode: 'scan-time' }, ksmPagesExist: false })), 'EINVAL');
  assert.equal(pick(applyKnobWrite('smart_scan', '1\n', { knobs: {}, ksmPagesExist: false, kernel: '6.6' })), 'ENOENT');
  assert.equal(pick(applyKnobWrite('smart_scan', '1\n', { knobs: {}, ksmPagesExist: false, kernel: '6.7' })), 'ok');
  assert.equal(pick(applyKnobWrite('merge_across_nodes', '1\n', { knobs: {}, ksmPagesExist: false, numa: false })), 'ENOENT');
  const cpu = applyKnobWrite('advisor_max_cpu', '4294967367', { knobs: {}, ksmPagesExist: false });
  assert.ok(cpu.ok && cpu.value === 71 && cpu.note);
});

function pick(r: ReturnType<typeof applyKnobWrite>): string {
  return r.ok ? 'ok' : r.errno;
}
