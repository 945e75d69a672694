import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseWorkloadArgs } from '../../../engine/trace/workloadArgs';
import { workloadPlan, workloadReadyFields } from '../../../engine/trace/workloadLayout';

/** The plan as "kind cls" lines, the format of a debug dump of the C program's arrays. */
function dump(args: string[]): string {
  const plan = workloadPlan(parseWorkloadArgs(args));
  let out = '';
  for (let i = 0; i < plan.kind.length; i++) out += `${plan.kind[i]} ${plan.cls[i]}\n`;
  return out;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

// Expected values come from workload.c itself, built with a debug print of kind[]/cls[] after
// the shuffle (see test/fixtures/traces/README.md).
test('small shuffled plan equals the C program, page by page', () => {
  const expected = '1 -1;2 -1;2 -1;0 2;1 -1;0 0;1 -1;0 1;2 -1;0 1;0 0;1 -1;2 -1;0 2;0 1;2 -1;0 0;0 1;0 0;0 2;';
  const got = dump(['--pages', '20', '--distinct', '3', '--zero-frac', '0.2', '--unique-frac', '0.25', '--seed', '7']).replace(/\n/g, ';');
  assert.equal(got, expected);
});

test('a 64-bit hexadecimal seed is read as strtoull(.., 0) does', () => {
  const expected = '1 -1;0 2;2 -1;0 2;0 1;1 -1;2 -1;0 2;0 1;2 -1;1 -1;0 0;2 -1;1 -1;2 -1;0 1;0 0;0 0;0 1;0 0;';
  const got = dump(['--pages', '20', '--distinct', '3', '--zero-frac', '0.2', '--unique-frac', '0.25', '--seed', '0x123456789abcdef0']).replace(/\n/g, ';');
  assert.equal(got, expected);
});

test('large plans equal the C program (digest of the whole dump)', () => {
  assert.equal(md5(dump(['--pages', '20000', '--distinct', '4'])), 'f754a7f6d69114e01b1773d68fe37a9c');
  assert.equal(md5(dump(['--pages', '10000', '--mult', '3000,2000,1000,500', '--layout', 'seq'])), '676183297882b573f1376125b93e6d74');
  assert.equal(md5(dump(['--pages', '80000', '--distinct', '64', '--zero-frac', '0.2', '--unique-frac', '0.3', '--seed', '7'])), 'acd44271ce17333b57c1427f27277dc5');
});

test('READY and CLASSES lines match what the program printed in the traces', () => {
  const r = workloadReadyFields(parseWorkloadArgs(['--pages', '20000', '--distinct', '4']));
  assert.deepEqual(r, { dup: 20000, classes: 4, zero: 0, unique: 0, classesLine: 'CLASSES 5000 5000 5000 5000' });
  const g = workloadReadyFields(parseWorkloadArgs(['--pages', '80000', '--distinct', '64', '--zero-frac', '0.2', '--unique-frac', '0.3', '--quiet']));
  assert.deepEqual(g, { dup: 40000, classes: 64, zero: 16000, unique: 24000, classesLine: null });
});

test('--distinct gives the remainder to the low classes; --mult leftovers become unique', () => {
  assert.equal(workloadReadyFields(parseWorkloadArgs(['--pages', '10', '--distinct', '3'])).classesLine, 'CLASSES 4 3 3');
  const m = workloadReadyFields(parseWorkloadArgs(['--pages', '10000', '--mult', '3000,2000,1000,500']));
  assert.deepEqual(m, { dup: 6500, classes: 4, zero: 0, unique: 3500, classesLine: 'CLASSES 3000 2000 1000 500' });
  assert.match(workloadReadyFields(parseWorkloadArgs(['--pages', '100', '--distinct', '70'])).classesLine!, /\.\.\.\(70 classes\)$/);
});

test('sequential layout: classes, then zero, then unique pages', () => {
  const plan = workloadPlan(parseWorkloadArgs(['--pages', '10', '--distinct', '2', '--zero-frac', '0.2', '--unique-frac', '0.3', '--layout', 'seq']));
  assert.deepEqual([...plan.kind], [0, 0, 0, 0, 0, 1, 1, 2, 2, 2]);
  assert.deepEqual([...plan.cls], [0, 0, 0, 1, 1, -1, -1, -1, -1, -1]);
});

test('every recorded workload: READY and CLASSES lines equal what its argv computes', async () => {
  const { readFileSync } = await import('node:fs');
  const { parseTrace } = await import('../../../engine/trace/parseTrace');
  const { ownTraceDir, publishedTraceDir } = await import('./traceFiles');
  let checked = 0;
  for (const file of [...publishedTraceDir.files(), ...ownTraceDir.files()]) {
    const trace = parseTrace(readFileSync(file, 'utf8'));
    const output = [...trace.header.outputBeforeT0, ...trace.events.flatMap((e) => (e.action === 'output' ? [{ label: e.label, line: e.line }] : []))];
    for (const p of trace.header.procs) {
      if (!p.cmd[0].endsWith('workload') || !p.readyLine) continue;
      const want = workloadReadyFields(parseWorkloadArgs(p.cmd.slice(1)));
      const ready = Object.fromEntries([...p.readyLine.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
      assert.deepEqual([Number(ready.dup), Number(ready.classes), Number(ready.zero), Number(ready.unique)], [want.dup, want.classes, want.zero, want.unique], `${file} ${p.label}`);
      const classes = output.find((o) => o.label === p.label && o.line.startsWith('CLASSES'));
      if (classes) assert.equal(classes.line, want.classesLine, `${file} ${p.label}`);
      checked++;
    }
  }
  assert.ok(checked >= 9, `${checked} workload processes checked`);
});
