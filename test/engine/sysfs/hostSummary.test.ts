import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatBytes, statusBarText, summarizeKsm, summaryMarkdown } from '../../../engine/sysfs/hostSummary';
import { readKsmHost } from '../../../engine/node/ksmHost';

test('the summary derives saved memory, both ratios and the ksmd state', () => {
  const s = summarizeKsm({ run: '1', pages_shared: '129547', pages_sharing: '5119146', pages_unshared: '1760924', ksm_zero_pages: '0', general_profit: '20158298048', advisor_mode: 'none [scan-time]' }, 4096)!;
  assert.equal(s.ksmdState, 'running');
  assert.equal(s.savedBytes, 5119146 * 4096);
  assert.equal(s.sharingRatio!.toFixed(1), '39.5');
  assert.equal(s.unsharedRatio!.toFixed(3), '0.344');
  assert.equal(s.advisorMode, 'scan-time');
  assert.equal(statusBarText(s), 'KSM 19.5 GiB saved · 39.52× · running');
  assert.match(summaryMarkdown(s, { run: '1' }), /\| run \| 1 \|/);
  assert.equal(summarizeKsm(undefined), undefined);
  assert.equal(summarizeKsm({ run: '2' })!.ksmdState, 'unmerged');
  assert.equal(summarizeKsm({ run: '5' })!.ksmdState, 'offlining');
  assert.equal(formatBytes(-2048), '-2.00 KiB');
  assert.equal(formatBytes(0), '0 B');
});

test('zero pages count as saved memory; no pages shared means no ratio', () => {
  const s = summarizeKsm({ run: '0', pages_shared: '0', pages_sharing: '0', ksm_zero_pages: '512' }, 4096)!;
  assert.equal(s.savedBytes, 2 * 1024 * 1024);
  assert.equal(s.sharingRatio, undefined);
  assert.equal(statusBarText(s), 'KSM 2.00 MiB saved · stopped');
});

test('the node adapter reads a sysfs-like directory and reports nothing where it is missing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-ksm-'));
  writeFileSync(join(dir, 'run'), '1\n');
  writeFileSync(join(dir, 'pages_shared'), '10\n');
  writeFileSync(join(dir, 'pages_sharing'), '90\n');
  const host = readKsmHost(dir, 4096)!;
  assert.equal(host.ksm.run, '1');
  assert.equal(host.summary.sharingRatio, 9);
  assert.equal(readKsmHost(join(dir, 'missing')), undefined);
});
