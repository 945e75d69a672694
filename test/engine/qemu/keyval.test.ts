import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKeyval } from '../../../engine/qemu/keyval';
import { parseQemuOpts } from '../../../engine/qemu/qemuOpts';

test('keyval: implied type, keys, values and their exact spans', () => {
  const r = parseKeyval('q35,mem-merge=off,smp.cpus=2');
  assert.equal(r.error, undefined);
  assert.deepEqual(r.pairs.map((p) => [p.key, p.value, p.implied]), [['type', 'q35', true], ['mem-merge', 'off', false], ['smp.cpus', '2', false]]);
  assert.deepEqual(r.pairs[1].keySpan, { start: 4, end: 13 });
  assert.deepEqual(r.pairs[1].valueSpan, { start: 14, end: 17 });
  assert.deepEqual(r.pairs[2].fragments.map((f) => f.name), ['smp', 'cpus']);
});

test('keyval: ,, escapes a comma in values but not in the implied type', () => {
  const v = parseKeyval('q35,append=a,,b');
  assert.equal(v.pairs[1].value, 'a,b');
  assert.deepEqual(v.pairs[1].valueIndex, [11, 13, 14]);
  const t = parseKeyval('q35,,mem-merge=off');
  assert.equal(t.pairs[0].value, 'q35');
  assert.equal(t.error?.message, "Invalid parameter ''");
});

test('keyval: the errors QEMU reports while parsing', () => {
  assert.equal(parseKeyval('q35,mem-merge').error?.message, "Expected '=' after parameter 'mem-merge'");
  assert.equal(parseKeyval(',mem-merge=off').error?.message, "Invalid parameter ''");
  assert.equal(parseKeyval('q35, mem-merge=off').error?.message, "Invalid parameter ' mem-merge'");
  assert.equal(parseKeyval('q35,a..b=1').error?.message, "Invalid parameter 'a..b'");
  assert.equal(parseKeyval(`q35,${'a'.repeat(130)}=1`).error?.kind, 'too-long');
  assert.equal(parseKeyval('q35,').error, undefined, 'one trailing comma is allowed');
  assert.equal(parseKeyval('q35,,').error?.message, "Invalid parameter ''");
});

test('keyval: help and ? anywhere, but not helpx', () => {
  assert.ok(parseKeyval('help').help);
  assert.ok(parseKeyval('?').help);
  assert.ok(parseKeyval('q35,mem-merge=off,help').help);
  assert.equal(parseKeyval('q35,helpx').error?.message, "Expected '=' after parameter 'helpx'");
});

test('QemuOpts: implied value honours ,, and bare names are short-form booleans', () => {
  const r = parseQemuOpts('memory-backend-ram,,x,id=m,merge,noshare', 'qom-type');
  assert.equal(r.pairs[0].value, 'memory-backend-ram,x');
  assert.deepEqual(r.pairs.slice(1).map((p) => [p.name, p.value, p.shortForm ?? null]), [['id', 'm', null], ['merge', 'on', 'on'], ['share', 'off', 'off']]);
});
