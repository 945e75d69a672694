/** Issue 14: the ksmtuned hover puts the line about this host first and stays short; the details come after a rule. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt, topSection } from '../language/hoverSections';

test('a ksmtuned hover: the summary, then this host, then the value in effect; details after a rule', () => {
  const md = hoverAt('/etc/ksmtuned.conf', 'KSM_THRES_COEF=20\n', 'KSM_THRES_COEF');
  const top = topSection(md);
  assert.match(top[0], /^\*\*KSM_THRES_COEF\*\*: /);
  assert.match(top[1], /^\*\*On this host:\*\* thres = 20% of MemTotal = 4\.8 GiB here/);
  assert.match(top[2], /^Effective value: `20` \(line 1\)$/);
  assert.equal(top.length, 3);
  assert.match(md.split('\n---\n')[1], /\| Default \| `20` \|/);
});
