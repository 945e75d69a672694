import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from './runCaptured';

const TRACE = join('test', 'fixtures', 'traces', 's25_chain_20001_mps2.jsonl');

const cli = (...args: string[]) => runCaptured(args);

test('replay --json prints one line per recorded sample with the trace counter names', async () => {
  const { code, stdout, stderr } = await cli('replay', TRACE, '--json');
  assert.equal(code, 0, stderr);
  const rows = stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(rows.length, 150);
  assert.equal(rows[0].t, 0.0001); // the trace's first sample time
  for (const name of ['pages_shared', 'pages_sharing', 'pages_unshared', 'pages_volatile', 'full_scans', 'pages_scanned', 'stable_node_dups', 'ksm_zero_pages', 'run']) {
    assert.ok(name in rows[0].ksm, name);
  }
  const last = rows.at(-1);
  // 20001 identical pages, max_page_sharing=2: the kernel's N mod M = 1 case
  assert.equal(last.ksm.pages_shared, 10000);
  assert.equal(last.ksm.pages_sharing, 10000);
  assert.ok(last.ksm.full_scans >= 2);
});

test('replay without --json prints a table', async () => {
  const { code, stdout } = await cli('replay', TRACE);
  assert.equal(code, 0);
  const lines = stdout.trimEnd().split('\n');
  assert.match(lines[0], /^\s+t\s+shared\s+sharing/);
  assert.equal(lines.length, 151);
});

test('replay: usage and input errors', async () => {
  assert.equal((await cli('replay')).code, 2);
  assert.equal((await cli('replay', TRACE, '--hz', 'fast')).code, 2);
  assert.equal((await cli('replay', TRACE, '--variant', 'arch')).code, 2);
  const missing = await cli('replay', 'no/such/trace.jsonl');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read no\/such\/trace\.jsonl: ENOENT/);
  const dir = mkdtempSync(join(tmpdir(), 'samepage-replay-'));
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, '{"type":"sample","t":0}\n');
  const malformed = await cli('replay', bad);
  assert.equal(malformed.code, 1);
  assert.match(malformed.stderr, /line 1: the first line must be the header/);
});
