import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeSysfs } from '../../../engine/sysfs/analyzer';
import { applyKnobWrite } from '../../../engine/sysfs/kernelWrite';
import { detectKind, type DocumentKind } from '../../../engine/language/documentKind';
import { DEFAULT_SETTINGS, type AnalysisContext, type TextRange } from '../../../engine/language/types';
import { LineIndex } from '../../../engine/text/lineIndex';
import { KNOB_NAMES } from '../../../engine/knowledge/knobs';

const ctx: AnalysisContext = { settings: DEFAULT_SETTINGS, host: { pageSize: 4096, ksm: { run: '1', pages_shared: '3', pages_sharing: '0', advisor_mode: '[none] scan-time' } } };
const FILES = ['/x/a.sh', '/etc/sysfs.conf', '/etc/tmpfiles.d/k.conf', '/etc/systemd/system/k.service', '/etc/ksmtuned.conf', '/x/README.md'];
const TOKENS = [
  'echo ', 'echo -n ', 'echo -e ', 'printf ', "'%s' ", '"%d\\n" ', ' > ', ' >> ', ' | tee ', 'sudo ', 'cat <<< ', 'cat <<EOF\n', '\nEOF\n', "sh -c '", "'", '"', '$(', ')', '${', '}', '$KSM', 'KSM=',
  '/sys/kernel/mm/ksm/', 'kernel/mm/ksm/', '/proc/self/ksm_stat', ...KNOB_NAMES, ' = ', '=', '#', 'w ', 'w+ ', ' - - - - ', 'mode ', 'ExecStart=', '/bin/sh -c ', '[Service]\n',
  '0', '1', '2', '0x10', '-1', '+5', '18446744073709551616', 'scan-time', 'none', 'yes', ' ', '\t', '\n', '\r\n', '\\', '\\n', '\u0000', '%', '*', 'é', '😀', 'if true; then ', '; fi', 'f() { ', '; }', '&&', '||',
];

function document(fileName: string, text: string) {
  const kind: DocumentKind = detectKind(fileName, text);
  return { fileName, text, kind, index: new LineIndex(text) };
}

function inside(range: TextRange, length: number): boolean {
  return Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end <= length;
}

function checkOne(fileName: string, text: string, probes: number[]): void {
  const features = analyzeSysfs(document(fileName, text), ctx);
  for (const f of features.findings) {
    assert.ok(inside(f.range, text.length), `${f.ruleId} range ${JSON.stringify(f.range)} outside ${text.length}`);
    for (const fix of f.fixes ?? []) for (const e of fix.edits) assert.ok(inside(e.range, text.length), `fix range of ${f.ruleId}`);
  }
  for (const p of probes) {
    const offset = Math.min(p, text.length);
    const hover = features.hoverAt?.(offset);
    if (hover) assert.ok(inside(hover.range, text.length));
    for (const c of features.completeAt?.(offset) ?? []) if (c.range) assert.ok(inside(c.range, text.length));
  }
}

const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((parts) => parts.join(''));
const anyText = fc.oneof(tokenText, fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.uint8Array({ maxLength: 400 }).map((b) => String.fromCharCode(...b)));

test('random and token-soup files of every kind never crash, and every range stays inside the document', () => {
  fc.assert(
    fc.property(fc.constantFrom(...FILES), anyText, fc.array(fc.nat(400), { maxLength: 8 }), (file, text, probes) => checkOne(file, text, probes)),
    { numRuns: 1500 },
  );
});

test('mutated realistic files never crash', () => {
  const seeds = [
    '#!/bin/bash\nKSM=/sys/kernel/mm/ksm\necho 2 > $KSM/run\necho 0 > "$KSM/merge_across_nodes"\necho 1 | tee /sys/kernel/mm/ksm/run\ncat <<EOF > /sys/kernel/mm/ksm/pages_to_scan\n100\nEOF\n',
    'kernel/mm/ksm/run = 1\nmode kernel/mm/ksm/run = 0644 # x\nkernel/mm/ksm/* = 1\n',
    'w /sys/kernel/mm/ksm/run - - - - 1\nw+ "/sys/kernel/mm/ksm/sleep_millisecs" - - - - 1\\n\n',
    "[Service]\nExecStart=-/bin/sh -c 'echo 1 > /sys/kernel/mm/ksm/run'\nExecStop=/bin/echo 0 > /sys/kernel/mm/ksm/run\n",
  ];
  const mutation = fc.tuple(fc.nat(), fc.nat(8), fc.string({ maxLength: 6 }));
  fc.assert(
    fc.property(fc.constantFrom(...seeds.keys()), fc.array(mutation, { maxLength: 6 }), fc.array(fc.nat(300), { maxLength: 5 }), (i, mutations, probes) => {
      let text = seeds[i];
      for (const [at, drop, insert] of mutations) {
        const p = at % (text.length + 1);
        text = text.slice(0, p) + insert + text.slice(p + drop);
      }
      checkOne(FILES[i], text, probes);
    }),
    { numRuns: 1500 },
  );
});

test('huge files finish quickly', () => {
  const line = 'echo 0x10 > /sys/kernel/mm/ksm/pages_to_scan\n';
  for (const [file, text] of [
    ['/x/a.sh', line.repeat(8000)],
    ['/etc/sysfs.conf', 'kernel/mm/ksm/run = 7\n'.repeat(30000)],
    ['/x/README.md', 'pages_sharing '.repeat(100000)],
    ['/etc/tmpfiles.d/k.conf', 'w /sys/kernel/mm/ksm/run - - - - ' + '9'.repeat(1_000_000)],
  ] as const) {
    const started = Date.now();
    checkOne(file, text, [0, text.length >> 1, text.length]);
    assert.ok(Date.now() - started < 20000, `${file} took ${Date.now() - started} ms`);
  }
});

test('applyKnobWrite returns a verdict for any bytes and any knob', () => {
  fc.assert(
    fc.property(fc.constantFrom(...KNOB_NAMES, 'nope', ''), fc.string({ unit: 'binary', maxLength: 5000 }), fc.boolean(), (knob, raw, pages) => {
      const r = applyKnobWrite(knob, raw, { knobs: {}, ksmPagesExist: pages });
      assert.ok(r.ok ? r.readBack !== undefined : ['EINVAL', 'ERANGE', 'EACCES', 'EBUSY', 'ENOENT'].includes(r.errno));
    }),
    { numRuns: 2000 },
  );
});
