/**
 * A process's write patterns, as workload.c performs them: pages of a target taken in address
 * order by a cursor that wraps, one cursor per target shared by all patterns with that target;
 * a rate pattern has written floor((t − start) × rate) pages by time t.
 */
import type { WritePattern } from './api';
import type { ContentIds, SimProcess } from './addressSpace';
import { targetKey } from './addressSpace';
import type { Ksmd } from './ksmd';
import { ZERO_CONTENT } from './pageFlags';

const ZERO_ID = ZERO_CONTENT + 0;

interface RateState {
  pattern: Extract<WritePattern, { kind: 'rate' }>;
  key: string;
  startSec: number;
  stopSec: number;
  done: number;
}

export class ProcessWriter {
  private rates: RateState[];
  private cursors = new Map<string, number>();

  constructor(
    private readonly p: SimProcess,
    private readonly ksmd: Ksmd,
    private readonly ids: ContentIds,
  ) {
    const startAt = p.spec.startAt ?? 0;
    this.rates = (p.spec.writes ?? [])
      .filter((w): w is Extract<WritePattern, { kind: 'rate' }> => w.kind === 'rate')
      .map((pattern) => ({ pattern, key: targetKey(pattern.target), startSec: Math.max(pattern.start ?? 0, startAt), stopSec: pattern.stop ?? Infinity, done: 0 }));
  }

  get hasRates(): boolean {
    return this.rates.length > 0;
  }

  /** Performs every rate write due by time tSec. */
  advance(tSec: number): void {
    if (!this.p.started || this.p.exited) return;
    for (const r of this.rates) {
      const end = Math.min(tSec, r.stopSec);
      if (end <= r.startSec) continue;
      const todo = Math.floor((end - r.startSec) * r.pattern.pagesPerSecond - r.done);
      if (todo <= 0) continue;
      r.done += todo;
      this.writePages(r.key, todo, r.pattern.mode);
    }
  }

  burst(pattern: Extract<WritePattern, { kind: 'burst' }>): void {
    if (!this.p.started || this.p.exited) return;
    this.writePages(targetKey(pattern.target), pattern.count, pattern.mode);
  }

  private writePages(key: string, count: number, mode: WritePattern['mode']): void {
    const set = key === 'any' ? null : this.p.targets.get(key);
    const n = set ? set.size : this.anyCount();
    if (n === 0) return;
    // The cursor: the next page to try in a target set, the next index among all pages for 'any'.
    let cursor = this.cursors.get(key) ?? (set ? this.p.start : 0);
    for (let k = 0; k < count; k++) {
      let page: number;
      if (set) {
        page = set.nextFrom(cursor);
        cursor = page + 1;
      } else {
        page = this.anyPage(cursor);
        cursor = cursor + 1 === n ? 0 : cursor + 1;
      }
      this.ksmd.write(page, mode === 'same' ? null : mode === 'zero' ? ZERO_ID : this.ids.unique(), this.p);
    }
    this.cursors.set(key, cursor);
  }

  private anyCount(): number {
    return this.p.regions.reduce((a, r) => a + (r.spec.writeTarget === false ? 0 : r.end - r.start), 0);
  }

  private anyPage(k: number): number {
    for (const r of this.p.regions) {
      if (r.spec.writeTarget === false) continue;
      if (k < r.end - r.start) return r.start + k;
      k -= r.end - r.start;
    }
    return this.p.start;
  }
}
