import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from './runCaptured';

const TRACE = join('test', 'fixtures', 'traces', 's25_chain_20001_mps2.jsonl');

const cli = (...args: string[]) => runCaptured(args);

test('fidelity prints per counter final error, MAE over peak, first merge and targets', async () => {
  const { code, stdout, stderr } = await cli('fidelity', TRACE);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^s25_chain_20001_mps2 \(/);
  assert.match(stdout, /\n  pages_sharing\s+10000\s+\d+/);
  assert.match(stdout, /first merge: real 5\.00 s, sim \d+\.\d\d s/);
  assert.match(stdout, /(ok  |MISS) final pages_shared within 1%/);
});

test('fidelity --json is machine-readable', async () => {
  const { code, stdout } = await cli('fidelity', TRACE, '--json');
  assert.equal(code, 0);
  const report = JSON.parse(stdout);
  assert.equal(report.trace, 's25_chain_20001_mps2');
  assert.equal(report.samples, 150);
  const sharing = report.counters.find((c: { counter: string }) => c.counter === 'pages_sharing');
  assert.equal(sharing.realFinal, 10000);
  assert.equal(typeof sharing.meanAbsErrorOfPeak, 'number');
  assert.equal(report.firstMerge.real, 5.0002); // s25 as recorded at 22:47 UTC
  assert.ok(Array.isArray(report.targets) && report.targets.length >= 7);
});

test('fidelity --summary prints a Markdown row per trace', async () => {
  const { code, stdout } = await cli('fidelity', TRACE, '--summary');
  assert.equal(code, 0);
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[2], /^\| s25_chain_20001_mps2 \| 10000 \/ \d+ \|/);
});

test('fidelity exits 1 when a trace cannot be read, and still reports the others', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-fidelity-'));
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, 'not json\n');
  const { code, stdout, stderr } = await cli('fidelity', bad, TRACE, '--summary');
  assert.equal(code, 1);
  assert.match(stderr, /bad\.jsonl: line 1: not JSON/);
  assert.match(stdout, /s25_chain_20001_mps2/);
  assert.equal((await cli('fidelity')).code, 2);
  assert.equal((await cli('fidelity', TRACE, '--json', '--summary')).code, 2);
});

test('fidelity --host applies a calibrated cost to the traces of that host only', async () => {
  const host = join('test', 'fixtures', 'traces', 'recording-host.json');
  const sweep = join('test', 'fixtures', 'traces', 's29_rate_sweep.jsonl');
  const scans = async (...extra: string[]) => {
    const { code, stdout } = await cli('fidelity', sweep, '--json', ...extra);
    assert.equal(code, 0);
    return JSON.parse(stdout).counters.find((c: { counter: string }) => c.counter === 'full_scans');
  };
  // Recorded on a host that spends ~2x the default CPU per tree visit: the default cost scans too fast.
  const byDefault = await scans();
  const calibrated = await scans('--host', host);
  assert.ok(byDefault.simFinal > byDefault.realFinal + 5, `default: ${byDefault.simFinal} vs ${byDefault.realFinal}`);
  assert.ok(Math.abs(calibrated.simFinal - calibrated.realFinal) <= 1, `calibrated: ${calibrated.simFinal} vs ${calibrated.realFinal}`);
  const dir = mkdtempSync(join(tmpdir(), 'samepage-host-'));
  const other = join(dir, 'other.json');
  writeFileSync(other, JSON.stringify({ kernel: 'another-host', perPageCostNs: 9600 }));
  assert.equal((await scans('--host', other)).simFinal, byDefault.simFinal, 'a profile of another host changes nothing');
  writeFileSync(other, '{"kernel": 5}');
  const bad = await cli('fidelity', sweep, '--host', other);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /not a host profile: "kernel" must be/);
});
