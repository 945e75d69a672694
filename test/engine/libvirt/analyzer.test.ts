import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS } from '../../../engine/language/types';
import { parseDomain } from '../../../engine/libvirt/analyzer';
import { parseScaledMemory, unitScale } from '../../../engine/libvirt/units';

const ctx = { settings: DEFAULT_SETTINGS, host: {} };
const analyze = (text: string, fileName = 'guest.xml') => analyzeDocument(text, { fileName }, ctx);
const fixture = (name: string) => readFileSync(`test/fixtures/libvirt/${name}`, 'utf8');

test('units follow virScaleInteger: 1024 for k/KiB/bare letters, 1000 for KB…EB, any case; KiB by default; bytes rounded up to KiB', () => {
  assert.equal(unitScale(undefined), 1024n);
  assert.equal(unitScale(''), 1024n);
  assert.equal(unitScale('bytes'), 1n);
  assert.equal(unitScale('KIB'), 1024n);
  assert.equal(unitScale('g'), 1024n ** 3n);
  assert.equal(unitScale('Gb'), 10n ** 9n);
  assert.equal(unitScale('EB'), 10n ** 18n);
  assert.equal(unitScale('GBi'), undefined);
  assert.equal(unitScale('x'), undefined);
  const twoGB = parseScaledMemory('2', 'GB');
  assert.ok(twoGB.ok && twoGB.kib === 1953125n);
  const plusOne = parseScaledMemory('1025', 'b');
  assert.ok(plusOne.ok && plusOne.kib === 2n);
  assert.equal(parseScaledMemory(' 1', 'MiB').ok, false);
  assert.equal(parseScaledMemory('8', 'EiB').ok, false, 'beyond LLONG_MAX bytes');
  assert.equal(parseScaledMemory('7', 'EiB').ok, true);
});

test('2 GB: the rounding finding sits on the value and names -m 1908', () => {
  const text = fixture('unit-2gb.xml');
  const a = analyze(text);
  assert.equal(a.kind, 'libvirt-domain');
  const f = a.findings.find((x) => x.ruleId === 'libvirt/unit-rounding')!;
  assert.equal(text.slice(f.range.start, f.range.end), '2');
  assert.match(f.message, /-m 1908/);
  assert.match(f.message, /powers of 1000/);
});

test('nosharepages, a shared NUMA cell and a memfd source each say why KSM never merges, on the deciding element', () => {
  const nosharepages = fixture('nosharepages.xml');
  const f1 = analyze(nosharepages).findings.find((x) => x.ruleId === 'libvirt/nosharepages')!;
  assert.equal(nosharepages.slice(f1.range.start, f1.range.end), 'nosharepages');
  assert.match(f1.message, /mem-merge=off/);

  const cell = fixture('numa-one-cell-shared.xml');
  const f2 = analyze(cell).findings.find((x) => x.ruleId === 'libvirt/never-merges')!;
  assert.match(cell.slice(f2.range.start, f2.range.end), /^<cell id='1'.*memAccess='shared'\/>$/);
  assert.match(f2.message, /NUMA cell 1 \(1024 MiB\).*3072 MiB of the guest's 4096 MiB can still merge/);

  const memfd = fixture('memfd-default-shared.xml');
  const f3 = analyze(memfd).findings.find((x) => x.ruleId === 'libvirt/never-merges')!;
  assert.equal(memfd.slice(f3.range.start, f3.range.end), "<source type='memfd'/>");
  assert.match(f3.message, /access mode="private"/);
  assert.equal(analyze(fixture('memfd-private.xml')).findings.filter((x) => x.ruleId === 'libvirt/never-merges').length, 0);
});

test('refusals are errors that quote libvirt', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['value-fraction.xml', 'libvirt/memory-value', /Invalid value '1\.5' for element or attribute '\.\/memory\[1\]'/],
    ['unit-unknown-gbi.xml', 'libvirt/memory-value', /unknown suffix 'GBi'/],
    ['value-too-large.xml', 'libvirt/memory-value', /value too large: 9EiB/],
    ['no-memory.xml', 'libvirt/no-memory', /Memory size must be specified/],
    ['maxmemory-no-slots.xml', 'libvirt/max-memory', /slot count must be specified/],
    ['maxmemory-below-memory.xml', 'libvirt/max-memory', /equal or greater than the actual memory size/],
    ['access-invalid-mode.xml', 'libvirt/invalid-attribute', /unknown memoryBacking\/access\/mode 'readonly'/],
    ['unknown-entity.xml', 'libvirt/not-well-formed', /Unknown entity/],
    ['unclosed-element.xml', 'libvirt/not-well-formed', /not closed/],
  ];
  for (const [file, rule, message] of cases) {
    const findings = analyze(fixture(file)).findings.filter((f) => f.ruleId === rule && f.severity === 'error');
    assert.ok(findings.some((f) => message.test(f.message)), `${file}: ${JSON.stringify(findings)}`);
  }
});

test('a disable comment silences the next line; severities follow samepage.rules', () => {
  const text = fixture('disable-comment.xml');
  assert.equal(analyze(text).findings.filter((f) => f.ruleId === 'libvirt/nosharepages').length, 0);
  const plain = analyzeDocument(fixture('nosharepages.xml'), { fileName: 'g.xml' }, { ...ctx, settings: { ...DEFAULT_SETTINGS, rules: { 'libvirt/nosharepages': 'warning' } } });
  assert.equal(plain.findings.find((f) => f.ruleId === 'libvirt/nosharepages')!.severity, 'warning');
});

test('hover on an element explains it and what it does here', () => {
  const text = fixture('numa-one-cell-shared.xml');
  const a = analyze(text);
  const cellHover = a.hoverAt(text.indexOf("cell id='1'") + 1)!;
  assert.match(cellHover.markdown, /memory-backend-file` of 1024 MiB, shared; KSM never merges it/);
  const memHover = a.hoverAt(text.indexOf('<memory') + 2)!;
  assert.match(memHover.markdown, /QEMU gets -m 4096; 3072 MiB in all within KSM's reach/);
  assert.match(memHover.markdown, /libvirt 9\.0\.0/);
  assert.equal(a.hoverAt(text.indexOf('<name>') + 2), undefined);
});

test("libvirt's live state file (<domstatus>) is read as the domain inside, with its QEMU pid", () => {
  const domain = fixture('numa-one-cell-shared.xml');
  const live = `<domstatus state='running' reason='booted' pid='4242'>\n  <monitor path='/var/lib/libvirt/qemu/x/monitor.sock' type='unix'/>\n${domain}</domstatus>\n`;
  const parsed = parseDomain(live);
  assert.equal(parsed.pid, 4242);
  assert.equal(parsed.memory!.mergeableKiB, 3072n * 1024n);
  const a = analyze(live, '/run/libvirt/qemu/x.xml');
  assert.equal(a.kind, 'libvirt-domain');
  assert.match(a.hoverAt(live.indexOf('<memory') + 2)!.markdown, /QEMU gets -m 4096/);
});

test('garbage of any kind as a libvirt document gives findings, never an exception', () => {
  let seed = 3;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pieces = ["<domain type='kvm'>", '</domain>', '<memory', " unit='", 'GB', "'>", '2', '</memory>', '<cpu><numa>', "<cell id='0' memory='", "'/>", '</numa></cpu>', '<memoryBacking>', '<nosharepages/>', '<hugepages>', "<page nodeset='", '0-', '</hugepages>', '&', '<!--', '>', '<domstatus pid="1">'];
  for (let i = 0; i < 2000; i++) {
    let text = '';
    const n = Math.floor(rand() * 40);
    for (let k = 0; k < n; k++) text += pieces[Math.floor(rand() * pieces.length)];
    const a = analyzeDocument(text, { fileName: 'x.xml', forcedKind: 'libvirt-domain' }, ctx);
    assert.ok(!a.findings.some((f) => f.ruleId === 'samepage/internal-error'), `${text}: ${JSON.stringify(a.findings)}`);
  }
});

test('hover on <currentMemory> and <maxMemory> gives their values in the units they were read in', () => {
  const text = fixture('maxmemory-hotplug.xml').replace('<vcpu', "<currentMemory unit='MB'>1500</currentMemory>\n  <vcpu");
  const a = analyze(text);
  assert.match(a.hoverAt(text.indexOf('<currentMemory') + 2)!.markdown, /balloon target of 1464844 KiB/);
  assert.match(a.hoverAt(text.indexOf('<maxMemory') + 2)!.markdown, /up to 8 GiB with hot-plugged memory in 4 slots/);
});
