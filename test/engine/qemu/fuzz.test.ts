import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS } from '../../../engine/language/types';
import { parseKeyval } from '../../../engine/qemu/keyval';
import { parseQemuOpts } from '../../../engine/qemu/qemuOpts';
import { parseSize } from '../../../engine/qemu/strtox';
import { checkCommandLine } from '../../../engine/qemu/check';
import { plainArg } from '../../../engine/qemu/args';

const ctx = { settings: DEFAULT_SETTINGS, host: {} };
const pieces = ['q35', 'pc', ',', ',,', '=', '.', 'mem-merge', 'mem_merge', 'smp', 'cpus', 'memory', 'size', 'on', 'ON', 'help', '?', '0x1G', '1.5', '-', ' ', 'sgx-epc', '0', 'accel', 'kvm:tcg', 'memory-backend', 'm'];
const keyvalish = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((a) => a.join(''));
const words = ['qemu-system-x86_64', '-M', '-machine', '-object', 'memory-backend-ram,id=m,size=1G', '-m', '1G', '-accel', 'tcg', '-enable-kvm', '"', "'", '\\', '\n', ' ', '$X', '${a[@]}', '-smp', '4', 'help', 'q35,mem-merge=off'];
const scriptish = fc.array(fc.oneof(fc.constantFrom(...words), keyvalish, fc.string({ maxLength: 8 })), { maxLength: 40 }).map((a) => a.join(' '));

function assertInside(text: string, ranges: Array<{ start: number; end: number }>): void {
  for (const r of ranges) assert.ok(r.start >= 0 && r.start <= r.end && r.end <= text.length, `range ${JSON.stringify(r)} outside ${text.length}`);
}

test('the parsers never throw and keep spans inside the input', () => {
  fc.assert(
    fc.property(fc.oneof(keyvalish, fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
      const k = parseKeyval(text);
      for (const p of k.pairs) assert.ok(p.span.end <= text.length && p.valueSpan.start <= p.valueSpan.end);
      parseQemuOpts(text, 'qom-type');
      parseSize(text);
    }),
    { numRuns: 2000 },
  );
});

test('checking random command lines never throws and every range is inside the document', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(keyvalish, fc.constantFrom(...words)), { maxLength: 20 }), (args) => {
      let offset = 0;
      const qargs = args.map((a) => {
        const arg = plainArg(a, offset);
        offset += a.length + 1;
        return arg;
      });
      const r = checkCommandLine('qemu-system-x86_64', qargs, '7.2');
      assertInside(args.join(' '), r.findings.map((f) => f.range));
    }),
    { numRuns: 1500 },
  );
});

test('whole documents: random scripts, hover and completion everywhere', () => {
  fc.assert(
    fc.property(scriptish, (body) => {
      const text = `qemu-system-x86_64 ${body}`;
      const analysis = analyzeDocument(text, { fileName: 'fuzz.sh' }, ctx);
      assertInside(text, analysis.findings.map((f) => f.range));
      for (let i = 0; i <= text.length; i += 3) {
        const h = analysis.hoverAt(i);
        if (h) assertInside(text, [h.range]);
        for (const c of analysis.completeAt(i)) if (c.range) assertInside(text, [c.range]);
      }
    }),
    { numRuns: 1000 },
  );
});

test('huge and binary input finish quickly', () => {
  const huge = `qemu-system-x86_64 -M q35${',mem-merge=on'.repeat(50_000)} ${'-M pc '.repeat(20_000)}\n`;
  const started = Date.now();
  analyzeDocument(huge, { fileName: 'big.sh' }, ctx);
  const binary = `qemu-system-x86_64 -M ${Array.from({ length: 100_000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')}`;
  analyzeDocument(binary, { fileName: 'bin.sh' }, ctx);
  const longKey = `qemu-system-x86_64 -M q35,${'a.'.repeat(100_000)}b=1`;
  analyzeDocument(longKey, { fileName: 'key.sh' }, ctx);
  assert.ok(Date.now() - started < 20_000, `${Date.now() - started} ms`);
});

test('completion on an opening quote stays inside the document (found by fuzzing)', () => {
  const text = 'qemu-system-x86_64   -machine " ';
  const analysis = analyzeDocument(text, { fileName: 'q.sh' }, ctx);
  for (let i = 0; i <= text.length; i++) for (const c of analysis.completeAt(i)) if (c.range) assertInside(text, [c.range]);
});

test('random systemd units and markdown code blocks', () => {
  fc.assert(
    fc.property(scriptish, fc.constantFrom('unit', 'md', 'md-console'), (body, shape) => {
      const text =
        shape === 'unit'
          ? `[Service]\nExecStart=-/usr/bin/qemu-system-x86_64 ${body.replace(/\n/g, ' \\\n')}\n`
          : `# VM\n\n\`\`\`${shape === 'md' ? 'sh' : 'console'}\n$ qemu-system-x86_64 ${body}\n\`\`\`\n`;
      const analysis = analyzeDocument(text, { fileName: shape === 'unit' ? 'vm.service' : 'README.md' }, ctx);
      assertInside(text, analysis.findings.map((f) => f.range));
      for (let i = 0; i <= text.length; i += 5) {
        const h = analysis.hoverAt(i);
        if (h) assertInside(text, [h.range]);
      }
    }),
    { numRuns: 300 },
  );
});
