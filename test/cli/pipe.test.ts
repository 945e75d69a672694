import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

test('the bundled CLI stops quietly when its reader closes the pipe early', () => {
  assert.ok(existsSync('dist/cli/samepage.js'), 'build first: npm run build');
  const run = spawnSync('bash', ['-c', 'set -o pipefail; node dist/cli/samepage.js --help | head -c 1 >/dev/null; echo "status=$?"'], { encoding: 'utf8' });
  assert.equal(run.stderr, '');
  const big = spawnSync('bash', ['-c', 'node dist/cli/samepage.js replay test/fixtures/traces/s25_chain_20001_mps2.jsonl --json | head -n 1 >/dev/null'], { encoding: 'utf8' });
  assert.doesNotMatch(big.stderr, /EPIPE|Unhandled/);
  assert.equal(big.status, 0);
});
