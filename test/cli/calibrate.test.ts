import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCaptured } from './runCaptured';

const cli = (...args: string[]) => runCaptured(args);

test('calibrate prints a host profile, and refuses a trace whose rate CPU does not set', async () => {
  const bad = await cli('calibrate', join('test', 'fixtures', 'traces', 's22_late_joiner.jsonl'));
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /does not pin down its CPU cost/);
  assert.equal((await cli('calibrate')).code, 2);
});
