import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cAtof, cAtol, cStrtoull0 } from '../../../engine/trace/cNumbers';
import { parseWorkloadArgs, RATE_NEVER_STOPS, WorkloadArgsError } from '../../../engine/trace/workloadArgs';
import { workloadCounts } from '../../../engine/trace/workloadLayout';

test('every option is read, with the program defaults', () => {
  const d = parseWorkloadArgs([]);
  assert.equal(d.pages, 1000);
  assert.equal(d.regions, 1);
  assert.equal(d.distinct, 1);
  assert.equal(d.seed, 1n);
  assert.equal(d.layout, 'shuffle');
  assert.equal(d.merge, 'madvise');
  assert.equal(d.duration, 60);
  const o = parseWorkloadArgs([
    '--pages', '8000', '--regions', '2', '--distinct', '8', '--zero-frac', '0.1', '--unique-frac', '0.2', '--seed', '9',
    '--id', '3', '--layout', 'seq', '--merge', 'prctl', '--thp', '--quiet', '--late', '8', '--duration', '20',
    '--rate', '1000:cls0:new', '--rate', '5:any:byte:2:7', '--burst', '15:5000:dup:same',
  ]);
  assert.equal(o.pages, 8000);
  assert.equal(o.regions, 2);
  assert.equal(o.distinct, 8);
  assert.equal(o.zeroFrac, 0.1);
  assert.equal(o.uniqueFrac, 0.2);
  assert.equal(o.seed, 9n);
  assert.equal(o.id, 3);
  assert.equal(o.layout, 'seq');
  assert.equal(o.merge, 'prctl');
  assert.equal(o.thp, true);
  assert.equal(o.quiet, true);
  assert.equal(o.late, 8);
  assert.equal(o.duration, 20);
  assert.deepEqual(o.writes, [
    { kind: 'rate', rate: 1000, target: { kind: 'cls', cls: 0 }, mode: 'new', start: 0, stop: RATE_NEVER_STOPS },
    { kind: 'rate', rate: 5, target: { kind: 'any' }, mode: 'byte', start: 2, stop: 7 },
    { kind: 'burst', at: 15, count: 5000, target: { kind: 'dup' }, mode: 'same' },
  ]);
});

test('--distinct after --mult clears it, as in the program', () => {
  assert.deepEqual(parseWorkloadArgs(['--mult', '1,2', '--distinct', '3']).mult, []);
  assert.deepEqual(parseWorkloadArgs(['--distinct', '3', '--mult', '1,,2']).mult, [1, 2]);
});

test('any --layout word other than shuffle means seq', () => {
  assert.equal(parseWorkloadArgs(['--layout', 'random']).layout, 'seq');
});

test('what the program rejects is rejected', () => {
  for (const args of [
    ['--pages'],
    ['--bogus'],
    ['--pages', '0'],
    ['--regions', '-1'],
    ['--merge', 'ksm'],
    ['--rate', '10:dup'],
    ['--burst', '1:2:dup'],
    ['--rate', '10:nowhere:new'],
    ['--rate', '10:dup:other'],
    Array.from({ length: 17 }, () => ['--burst', '1:1:any:new']).flat(),
  ]) {
    assert.throws(() => parseWorkloadArgs(args), WorkloadArgsError, args.join(' '));
  }
  assert.throws(() => workloadCounts(parseWorkloadArgs(['--pages', '10', '--zero-frac', '0.6', '--unique-frac', '0.5'])), /exceed 1/);
  assert.throws(() => workloadCounts(parseWorkloadArgs(['--pages', '10', '--mult', '6,5'])), /--mult exceeds/);
});

test('numbers are read like atol, atof and strtoull(.., 0)', () => {
  assert.equal(cAtol('  42abc'), 42);
  assert.equal(cAtol('x'), 0);
  assert.equal(cAtol('-7'), -7);
  assert.equal(cAtof('0.25s'), 0.25);
  assert.equal(cAtof('1e3'), 1000);
  assert.equal(cAtof('1e+08'), 1e8);
  assert.equal(cAtof('.5'), 0.5);
  assert.equal(cAtof('abc'), 0);
  assert.equal(cStrtoull0('0x10'), 16n);
  assert.equal(cStrtoull0('010'), 8n);
  assert.equal(cStrtoull0('7'), 7n);
  assert.equal(cStrtoull0('-1'), (1n << 64n) - 1n);
  assert.equal(parseWorkloadArgs(['--rate', '10:cls12x:new']).writes[0].target.kind, 'cls');
});
