import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS } from '../../../engine/language/types';
import { checkDocument } from '../../fuzz/targets';
import { KsmtunedDaemon } from '../../../engine/ksmtuned/daemon';
import { effectiveKsmtunedValues } from '../../../engine/ksmtuned/effectiveValues';
import { explainKsmtunedLog } from '../../../engine/ksmtuned/explainLog';

const CTX = { settings: { ...DEFAULT_SETTINGS, maxFindings: 100_000 }, host: { meminfo: { MemTotal: 16_000_000 } } };
const SEEDS = readdirSync(join('test', 'fixtures', 'ksmtuned')).map((f) => readFileSync(join('test', 'fixtures', 'ksmtuned', f), 'utf8'));

/** Everything an editor would ask of a document (every range inside it), then the daemon and log models. */
function exercise(text: string): void {
  checkDocument(text, '/etc/ksmtuned.conf');
  const conf = effectiveKsmtunedValues(text.slice(0, 200_000));
  const daemon = new KsmtunedDaemon(conf.daemonValues(), 'debian', 8_000_000);
  daemon.adjust({ memTotalKb: 8_000_000, memFreeKb: 1_000_000, buffersKb: 0, cachedKb: 0, processes: [] });
  explainKsmtunedLog(text.slice(0, 50_000), { values: conf.daemonValues() });
}

const TOKENS = ['KSM_NPAGES_MAX', 'KSM_SLEEP_MSEC', 'DEBUG', 'PIDFILE', 'KSM_MONITOR_INTERVAL', '=', ' = ', '0', '08', '1x', '5.5', '-50', '$(', ')', '`', '"', "'", '${', '}', '$[', ']', '$((', '))', '#', '\n', '\r\n', '\\\n', ';', '&&', '|', 'if ', 'then ', 'fi', 'exit', 'set -u', 'f() {', '<<E\n', 'E\n', '\ufeff', '\u0000', 'é', '\ud800', 'readonly ', 'export '];

test('property: random token soups never crash, hang or leave the document', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((t) => t.join('')), exercise), { numRuns: 1500 });
});

test('property: mutated fixture confs never crash, hang or leave the document', () => {
  fc.assert(
    fc.property(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.nat(8), fc.string({ maxLength: 6 })), { maxLength: 8 }), (seed, edits) => {
      let text = seed;
      for (const [at, del, insert] of edits) {
        const p = text.length ? at % text.length : 0;
        text = text.slice(0, p) + insert + text.slice(p + del);
      }
      exercise(text);
    }),
    { numRuns: 1000 },
  );
});

test('10 MB confs and binary input finish with bounded output', () => {
  const big = 'KSM_NPAGES_MAX=1x\n'.repeat(600_000); // ≈10.8 MB
  let start = performance.now();
  const a = analyzeDocument(big, { fileName: '/etc/ksmtuned.conf' }, { ...CTX, settings: DEFAULT_SETTINGS });
  assert.ok(a.findings.some((f) => f.ruleId === 'ksmtuned/too-large'));
  assert.ok(a.findings.length <= DEFAULT_SETTINGS.maxFindings + 1);
  assert.ok(performance.now() - start < 60_000, `10 MB took ${performance.now() - start} ms`);
  const binary = Array.from({ length: 200_000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
  start = performance.now();
  exercise(binary);
  assert.ok(performance.now() - start < 60_000);
});
