import { readFileSync } from 'node:fs';
import type { KnobValue } from '../../../engine/knowledge/knobs';

/** One recorded write: see scripts/record-sysfs-corpus.py. `raw` holds the bytes as Latin-1 characters. */
export interface CorpusCase {
  knob: string;
  raw: string;
  setup: Record<string, KnobValue>;
  ksmPagesExist: boolean;
  before: Record<string, KnobValue>;
  after: Record<string, KnobValue>;
  result: { ok: true; bytes: number } | { ok: false; stage: 'open' | 'write'; errno: string };
  note?: string;
}

export interface Corpus {
  kernel: string;
  numa: boolean;
  cases: CorpusCase[];
}

export function loadCorpus(): Corpus {
  return JSON.parse(readFileSync('test/fixtures/sysfs/kernel-writes.json', 'utf8')) as Corpus;
}
