/**
 * An in-memory page source for tests and the bench (no root, no /proc): each page is zero, a copy
 * of one of a few shared contents, or unique, by a rule the caller gives; `rewrite` changes pages
 * between passes as a churning guest would.
 */
import { RESIDENT, THP, SWAPPED } from '../../../engine/measure/format';
import { SourceGoneError, type PageSource, type SourceProcess } from '../../../engine/measure/measure';

/** What page `page` of region `region` of process `process` holds: 'zero', 'absent', 'swapped', a shared class k ≥ 0, or -1 (unique). */
export type PageRule = (process: number, region: number, page: number) => number | 'zero' | 'absent' | 'swapped';

export class SyntheticSource implements PageSource {
  readonly pageSize = 4096;
  readonly live = true;
  /** Extra per-page overrides, e.g. pages rewritten during a watch: key "p/r/page". */
  readonly overrides = new Map<string, number | 'zero'>();
  /** Process index that has exited (reads throw). */
  exited = -1;
  thp = false;
  reads = 0;

  constructor(
    readonly processes: SourceProcess[],
    private rule: PageRule,
  ) {}

  read(process: number, region: number, first: number, count: number, batch: Uint8Array, states: Uint8Array): void {
    if (process === this.exited) throw new SourceGoneError('gone');
    this.reads++;
    const words = new Uint32Array(batch.buffer, batch.byteOffset, (count * 4096) / 4);
    for (let i = 0; i < count; i++) {
      const page = first + i;
      const what = this.overrides.get(`${process}/${region}/${page}`) ?? this.rule(process, region, page);
      const w = words.subarray(i * 1024, (i + 1) * 1024);
      if (what === 'absent') continue;
      if (what === 'swapped') {
        states[i] = SWAPPED;
        continue;
      }
      states[i] = RESIDENT | (this.thp ? THP : 0);
      if (what === 'zero') w.fill(0);
      else {
        // A distinct first word per content; the rest of the page the same for all (the hash must use every word).
        w.fill(0x5a5a5a5a);
        if (what >= 0) w[1023] = what + 1;
        else {
          w[1022] = process + 1;
          w[1023] = region * 0x10000 + page + 1;
          w[1021] = 0xdead;
        }
      }
    }
  }
}

export function oneProcess(pageCounts: number[], name = 'p'): SourceProcess {
  let start = 0x1000;
  return {
    info: { pid: 100, comm: name, argv: [name], name, kind: 'process', merge: 'madvise' },
    regions: pageCounts.map((pageCount) => {
      const r = { startPage: start, pageCount, mergeable: true };
      start += pageCount + 16;
      return r;
    }),
  };
}
