/** Issue 14: a knob hover puts the line about this host first and stays short; the details come after a rule. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt, topSection } from '../language/hoverSections';

test('a knob hover: the summary, this host, the accepted values; details after a rule', () => {
  const md = hoverAt('/x/tune.sh', 'echo 1200 > /sys/kernel/mm/ksm/pages_to_scan\n', 'pages_to_scan');
  const top = topSection(md);
  assert.match(top[0], /^\*\*\/sys\/kernel\/mm\/ksm\/pages_to_scan\*\* — /);
  assert.match(top[1], /^\*\*This host:\*\* `100` — at most ≈5000 pages\/s/);
  assert.match(top.at(-1)!, /^accepts .* · default `100` · Linux 2\.6\.32\+$/);
  assert.ok(top.length <= 4, `short: ${top.length} lines before the details`);
  assert.match(md.split('\n---\n')[1], /\| access \| read-write \(root\) \|/, 'the full table is still there, below');
});
