/** Issue 14: the ksmtuned hover puts the line about this host first and stays short; the details come after a rule. */
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

test('a ksmtuned hover: the summary, then this host, then the value in effect; details after a rule', () => {
  const md = hoverAt('/etc/ksmtuned.conf', 'KSM_THRES_COEF=20\n', 'KSM_THRES_COEF');
  const top = topSection(md);
  assert.match(top[0], /^\*\*KSM_THRES_COEF\*\*: /);
  assert.match(top[1], /^\*\*On this host:\*\* thres = 20% of MemTotal = 4\.8 GiB here/);
  assert.match(top[2], /^Effective value: `20` \(line 1\)$/);
  assert.equal(top.length, 3);
  assert.match(md.split('\n---\n')[1], /\| Default \| `20` \|/);
});
