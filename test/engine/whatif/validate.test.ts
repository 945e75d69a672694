import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { validateScenario, MAX_SIMULATED_PAGES } from '../../../engine/whatif/validate';
import { seedScenario } from '../../../engine/whatif/seed';

const seed = () => JSON.parse(JSON.stringify(seedScenario()));

function errorsOf(raw: unknown): string[] {
  const r = validateScenario(raw);
  assert.equal(r.ok, false, 'expected the scenario to be rejected');
  return r.ok ? [] : r.errors;
}

test('the seed scenario and every shipped example are valid', () => {
  assert.equal(validateScenario(seed()).ok, true);
  for (const name of readdirSync('examples').filter((n) => n.endsWith('.json'))) {
    const r = validateScenario(JSON.parse(readFileSync(`examples/${name}`, 'utf8')));
    assert.ok(r.ok, `${name}: ${r.ok ? '' : r.errors.join('; ')}`);
  }
});

test('non-objects are rejected with a clear message', () => {
  for (const raw of [null, undefined, 42, 'scenario', [], true]) {
    const errors = errorsOf(raw);
    assert.match(errors[0], /^scenario: expected an object/);
  }
});

test('wrong types name the field and what was found', () => {
  const s = seed();
  s.host.memTotalKb = '131809228';
  s.guests[0].memMerge = 'yes';
  s.durationSeconds = null;
  const errors = errorsOf(s);
  assert.ok(errors.some((e) => e === "host.memTotalKb: expected a number, got the string '131809228'"), errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith('guests[0].memMerge: expected true or false')));
  assert.ok(errors.some((e) => e.startsWith('durationSeconds: expected a number, got null')));
});

test('NaN, Infinity, negative and huge numbers are rejected', () => {
  for (const [path, value, pattern] of [
    ['durationSeconds', NaN, /finite/],
    ['durationSeconds', Infinity, /finite/],
    ['durationSeconds', -5, /out of range/],
    ['durationSeconds', 1e12, /out of range/],
  ] as const) {
    const s = seed();
    s[path] = value;
    assert.match(errorsOf(s).join('\n'), pattern);
  }
  const s = seed();
  s.host.memTotalKb = 2 ** 60; // about 1 EiB
  assert.match(errorsOf(s).join('\n'), /host\.memTotalKb: .* out of range/);
  const t = seed();
  t.guests[0].count = 1e9;
  assert.match(errorsOf(t).join('\n'), /guests\[0\]\.count/);
  const u = seed();
  u.guests[0].memoryMiB = 1.5;
  assert.match(errorsOf(u).join('\n'), /whole number/);
});

test('prototype-pollution keys are refused and nothing is polluted', () => {
  const raw = JSON.parse('{"host":{"__proto__":{"polluted":1}},"guests":[],"ksmtuned":{"enabled":true,"variant":"debian"},"durationSeconds":60}');
  assert.match(errorsOf(raw).join('\n'), /'__proto__' is not allowed/);
  const raw2 = seed();
  raw2.ksmtuned.values = JSON.parse('{"__proto__":{"x":1},"KSM_THRES_COEF":"20"}');
  assert.match(errorsOf(raw2).join('\n'), /__proto__/);
  const raw3 = seed();
  raw3.knobs = { constructor: 1 };
  assert.match(errorsOf(raw3).join('\n'), /'constructor' is not allowed/);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

test('accessors, class instances and oversized strings are refused', () => {
  const s = seed();
  Object.defineProperty(s.host, 'cpus', { get: () => 8, enumerable: true });
  assert.match(errorsOf(s).join('\n'), /accessor/);
  const t = seed();
  t.host = new (class Host {})();
  assert.match(errorsOf(t).join('\n'), /plain JSON object/);
  const u = seed();
  u.name = 'x'.repeat(10_000_000);
  assert.match(errorsOf(u).join('\n'), /name: string is too long \(10000000 characters, at most 120\)/);
  const v = seed();
  v.ksmtuned.values.KSM_THRES_COEF = 'y'.repeat(300);
  assert.match(errorsOf(v).join('\n'), /too long/);
  const w = seed();
  w.guests[0].binary = '/usr/bin/qemu; rm -rf /';
  assert.match(errorsOf(w).join('\n'), /guests\[0\]\.binary/);
});

test('unknown properties and bad enums are named', () => {
  const s = seed();
  s.host.memtotal = 1;
  s.guests[0].profile = 'windows-xp';
  s.knobs.advisor_mode = 'fast';
  s.ksmtuned.variant = 'arch';
  const errors = errorsOf(s).join('\n');
  assert.match(errors, /host: unknown property 'memtotal'/);
  assert.match(errors, /guests\[0\]\.profile: expected one of 'windows10-idle'/);
  assert.match(errors, /knobs\.advisor_mode: expected one of 'none', 'scan-time'/);
  assert.match(errors, /ksmtuned\.variant/);
});

test('knob values are bounded by the knowledge table', () => {
  const s = seed();
  s.knobs = { run: 3, max_page_sharing: 1, pages_to_scan: 2 ** 33 };
  const errors = errorsOf(s).join('\n');
  assert.match(errors, /knobs\.run: 3 is out of range \(0 to 2\)/);
  assert.match(errors, /knobs\.max_page_sharing: 1 is out of range/);
  assert.match(errors, /knobs\.pages_to_scan: .* out of range/);
});

test('a knob the scenario kernel lacks is a warning, not an error', () => {
  const s = seed();
  s.knobs = { smart_scan: 1 };
  const r = validateScenario(s);
  assert.ok(r.ok);
  assert.match(r.ok ? r.warnings.join('\n') : '', /kernel 3\.10 has no smart_scan/);
});

test('guests that cannot fit, or that exceed what the simulator holds, are refused', () => {
  const s = seed();
  s.guests[0].count = 20; // 160 GiB on a 128 GiB host
  assert.match(errorsOf(s).join('\n'), /more than MemTotal/);
  const t = seed();
  t.host.memTotalKb = 2 ** 36;
  t.guests[0].count = 1000; // about 8 TiB of guests
  assert.match(errorsOf(t).join('\n'), new RegExp(`more than the simulator handles \\(${(MAX_SIMULATED_PAGES * 4096) / 2 ** 30} GiB`));
});

test('a measured host with one guest group per guest is not limited to 64 groups', () => {
  const s = seed();
  s.host.memTotalKb = 2 ** 32;
  s.guests = Array.from({ length: 300 }, (_, i) => ({ ...seed().guests[0], name: `vm${i}`, count: 1, memoryMiB: 1024 }));
  const r = validateScenario(s);
  assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
  s.guests.push(...Array.from({ length: 800 }, (_, i) => ({ ...seed().guests[0], name: `more${i}`, count: 1, memoryMiB: 1024 })));
  assert.match(errorsOf(s).join('\n'), /too many guest groups \(1100, at most 1024\)/);
});

test('duplicate guest names and too many samples are refused', () => {
  const s = seed();
  s.guests.push({ ...s.guests[0], count: 0 });
  assert.match(errorsOf(s).join('\n'), /'win10' is used by another guest group/);
  const t = seed();
  t.durationSeconds = 86400;
  t.sampleIntervalSeconds = 0.1;
  assert.match(errorsOf(t).join('\n'), /samples; at most/);
});

test('the validated scenario is a fresh object, not the input', () => {
  const raw = seed();
  const r = validateScenario(raw);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.notEqual(r.scenario.host, raw.host);
  raw.host.memTotalKb = 1;
  assert.equal(r.scenario.host.memTotalKb, 131809228);
});

test('ksmtuned.state: fresh or running, anything else is named and refused', () => {
  for (const state of ['fresh', 'running']) {
    const s = seed();
    s.ksmtuned.state = state;
    const r = validateScenario(s);
    assert.ok(r.ok && r.scenario.ksmtuned.state === state, state);
  }
  const unset = seed();
  delete unset.ksmtuned.state;
  const r = validateScenario(unset);
  assert.ok(r.ok && !('state' in r.scenario.ksmtuned), 'omitted stays omitted (fresh)');
  for (const bad of ['warm', 'RUNNING', 'running ', 'running\u0000', '', 1, 0, true, null, {}, ['running'], 'x'.repeat(100_000)]) {
    const s = seed();
    s.ksmtuned.state = bad;
    const errors = errorsOf(s);
    assert.ok(errors.some((e) => e.startsWith("ksmtuned.state: expected one of 'fresh', 'running'")), `${JSON.stringify(bad)?.slice(0, 30)}: ${errors.join('; ')}`);
  }
});

test('ksmtuned.state as an accessor or an inherited property never reaches the scenario', () => {
  const s = seed();
  delete s.ksmtuned.state;
  let read = false;
  Object.defineProperty(s.ksmtuned, 'state', { enumerable: true, get: () => ((read = true), 'running') });
  assert.ok(errorsOf(s).some((e) => e === 'ksmtuned.state: accessor properties are not allowed'));
  assert.equal(read, false, 'the getter is never called');
  const inherited = seed();
  delete inherited.ksmtuned.state;
  inherited.ksmtuned = Object.assign(Object.create({ state: 'running' }), inherited.ksmtuned);
  assert.ok(errorsOf(inherited).some((e) => e.startsWith('ksmtuned: expected a plain JSON object')));
  const parsed = JSON.parse('{"__proto__": {"state": "running"}}');
  const polluted = seed();
  delete polluted.ksmtuned.state;
  polluted.ksmtuned = Object.assign(parsed, polluted.ksmtuned);
  assert.ok(errorsOf(polluted).some((e) => e.includes("property name '__proto__' is not allowed")));
});
