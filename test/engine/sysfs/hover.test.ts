/** Issue 14: a knob hover puts the line about this host first and stays short; the details come after a rule. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS, type HostFacts } from '../../../engine/language/types';

const host: HostFacts = { pageSize: 4096, kernelRelease: '6.18.44', meminfo: { MemTotal: 24 * 2 ** 20 } as HostFacts['meminfo'], ksm: { run: '1', pages_shared: '60', pages_sharing: '14940', pages_unshared: '30', sleep_millisecs: '20', pages_to_scan: '100' } };

function hoverAt(fileName: string, text: string, needle: string): string {
  const analysis = analyzeDocument(text, { fileName }, { settings: DEFAULT_SETTINGS, host });
  const hover = analysis.hoverAt(text.indexOf(needle) + 2);
  assert.ok(hover, `a hover on ${needle}`);
  return hover.markdown;
}

function topSection(markdown: string): string[] {
  const [top] = markdown.split('\n---\n');
  return top.split('\n').filter((line) => line.trim() !== '');
}

test('a knob hover: the summary, this host, the accepted values; details after a rule', () => {
  const md = hoverAt('/x/tune.sh', 'echo 1200 > /sys/kernel/mm/ksm/pages_to_scan\n', 'pages_to_scan');
  const top = topSection(md);
  assert.match(top[0], /^\*\*\/sys\/kernel\/mm\/ksm\/pages_to_scan\*\* — /);
  assert.match(top[1], /^\*\*This host:\*\* `100` — at most ≈5000 pages\/s/);
  assert.match(top.at(-1)!, /^accepts .* · default `100` · Linux 2\.6\.32\+$/);
  assert.ok(top.length <= 4, `short: ${top.length} lines before the details`);
  assert.match(md.split('\n---\n')[1], /\| access \| read-write \(root\) \|/, 'the full table is still there, below');
});
