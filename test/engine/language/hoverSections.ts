/** Test helpers for hovers: the Markdown at a word of a document on a fixed host, and its top section (before the rule). */
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS, type HostFacts } from '../../../engine/language/types';

/** A 24 GiB host with KSM running at 100 pages every 20 ms. */
export const HOVER_HOST: HostFacts = {
  pageSize: 4096,
  kernelRelease: '6.18.44',
  meminfo: { MemTotal: 24 * 2 ** 20 } as HostFacts['meminfo'],
  ksm: { run: '1', pages_shared: '60', pages_sharing: '14940', pages_unshared: '30', sleep_millisecs: '20', pages_to_scan: '100' },
};

export function hoverAt(fileName: string, text: string, needle: string): string {
  const analysis = analyzeDocument(text, { fileName }, { settings: DEFAULT_SETTINGS, host: HOVER_HOST });
  const hover = analysis.hoverAt(text.indexOf(needle) + 2);
  assert.ok(hover, `a hover on ${needle}`);
  return hover.markdown;
}

/** The non-empty lines before the hover's rule (`---`): what the reader sees first. */
export function topSection(markdown: string): string[] {
  const [top] = markdown.split('\n---\n');
  return top.split('\n').filter((line) => line.trim() !== '');
}
