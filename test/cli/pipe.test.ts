import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

test('the bundled CLI never dumps a stack trace when its reader closes the pipe early', () => {
  assert.ok(existsSync('dist/cli/samepage.js'), 'build first: npm run build');
  const run = spawnSync('bash', ['-c', 'set -o pipefail; node dist/cli/samepage.js --help | head -c 1 >/dev/null; echo "status=$?"'], { encoding: 'utf8' });
  assert.doesNotMatch(run.stderr, /\n\s+at |Error|Unhandled/);
  const big = spawnSync('bash', ['-c', 'node dist/cli/samepage.js replay test/fixtures/traces/s25_chain_20001_mps2.jsonl --json | head -n 1 >/dev/null'], { encoding: 'utf8' });
  assert.doesNotMatch(big.stderr, /EPIPE|Unhandled/);
  assert.equal(big.status, 0);
});

test('a full stdout ends every command with one line on stderr and exit 1, never a stack trace', () => {
  for (const args of ['--help', 'lint test/fixtures/ksmtuned/octal-error.conf', 'config test/fixtures/ksmtuned/all-set.conf', 'replay test/fixtures/traces/s25_chain_20001_mps2.jsonl --json']) {
    const run = spawnSync('bash', ['-c', `node dist/cli/samepage.js ${args} >/dev/full`], { encoding: 'utf8' });
    assert.equal(run.status, 1, args);
    assert.match(run.stderr, /(?:^|\n)samepage: cannot write to standard output: ENOSPC: no space left on device\n$/, args);
    assert.doesNotMatch(run.stderr, /\n\s+at |Error:/, args);
  }
  const bothFull = spawnSync('bash', ['-c', 'node dist/cli/samepage.js lint test/fixtures/ksmtuned/octal-error.conf >/dev/full 2>/dev/full'], { encoding: 'utf8' });
  assert.equal(bothFull.status, 1);
  const stderrFull = spawnSync('bash', ['-c', 'node dist/cli/samepage.js lint /nonexistent 2>/dev/full'], { encoding: 'utf8' });
  assert.equal(stderrFull.status, 1);
});

test('a reader that closes the pipe ends the CLI with one line and the status of a SIGPIPE (141)', () => {
  const run = spawnSync('bash', ['-c', 'node dist/cli/samepage.js replay test/fixtures/traces/s25_chain_20001_mps2.jsonl --json | head -n 1 >/dev/null; echo "${PIPESTATUS[0]}"'], { encoding: 'utf8' });
  assert.equal(run.stderr, 'samepage: standard output was closed before the output ended\n');
  assert.equal(run.stdout.trim(), '141');
});
