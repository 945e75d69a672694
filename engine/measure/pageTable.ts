/**
 * Every measured page in one flat table, deduplicated into content ids in at most 16 bytes a
 * page, churn included:
 *
 * - `words`, 8 bytes a page. First pass: the fingerprint with its low byte replaced by the page
 *   flags (fingerprints keep bits 0..7 free, see pageHash.ts: 56 bits are compared; the expected
 *   number of falsely equal pairs among 67 M pages is n²/2^57 ≈ 0.03). After `dedupe()`: the
 *   content id, then flags (bits 0..7: the file's flags, bits 6..7 the kind of the last change),
 *   change count (8..15, saturating at 255) and a 16-bit tag of the latest fingerprint (16..31)
 *   that the churn passes compare.
 * - `sorted`, 8 bytes per resident non-zero page, allocated by `dedupe()`: the fingerprints,
 *   sorted natively, cut to distinct values and split into shared ones (first) and single ones,
 *   each part still sorted. A shared content's id is its rank in the first part, renumbered in
 *   first-seen order through a map that lives in the space the cut freed. The churn passes look
 *   new contents up here to tell copies from fresh ones.
 */
import { CHANGE_KINDS, CHANGED, FIRST_SHARED_ID, RESIDENT, SINGLE_CONTENT_ID, ZERO_CONTENT_ID, type ChangeKind } from './format';

const FLAG_BYTE = 0xff;
const FILE_FLAGS = 0x3f;
const KIND_SHIFT = 6;
const KIND_FRESH = 1;
const KIND_ZERO = 2;
const KIND_COPY = 3;
const MAX_CHANGES = 255;

export class PageTable {
  readonly words: Uint32Array;
  /** Pages appended so far. */
  length = 0;
  private residentNonZero = 0;
  private sorted: Uint32Array | undefined;
  private sharedDistinct = 0;
  private distinct = 0;
  /** Number of shared contents (ids 2..sharedContentCount+1) after dedupe(). */
  sharedContentCount = 0;

  constructor(readonly capacity: number) {
    this.words = new Uint32Array(capacity * 2);
  }

  /** First pass: one page with its fingerprint halves (ignored unless `flags` has RESIDENT). */
  append(flags: number, lo: number, hi: number): void {
    const at = 2 * this.length++;
    if (flags & RESIDENT && (lo | hi) !== 0) {
      this.words[at] = ((lo & ~FLAG_BYTE) | flags) >>> 0;
      this.words[at + 1] = hi;
      this.residentNonZero++;
    } else {
      this.words[at] = flags;
      this.words[at + 1] = 0;
    }
  }

  /** Forgets pages [from, to) (a process that exited during the first pass): they take no part in the ids. */
  drop(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const lo = this.words[2 * i];
      if (lo & RESIDENT && (lo & ~FLAG_BYTE || this.words[2 * i + 1])) this.residentNonZero--;
      this.words[2 * i] = 0;
      this.words[2 * i + 1] = 0;
    }
  }

  /** Bytes this table holds now (the figure the 16-bytes-a-page budget is about). */
  get bytes(): number {
    return this.words.byteLength + (this.sorted?.byteLength ?? 0);
  }

  dedupe(): void {
    const words = this.words;
    const m = this.residentNonZero;
    const sorted64 = new BigUint64Array(m);
    const s = new Uint32Array(sorted64.buffer);
    let k = 0;
    for (let i = 0; i < this.length; i++) {
      const lo = words[2 * i];
      if (lo & RESIDENT && (lo & ~FLAG_BYTE || words[2 * i + 1])) {
        s[2 * k] = (lo & ~FLAG_BYTE) >>> 0;
        s[2 * k + 1] = words[2 * i + 1];
        k++;
      }
    }
    sorted64.sort();
    // Cut to distinct values; bit 0 marks a value found on two or more pages.
    let d = 0;
    let shared = 0;
    for (let i = 0; i < m; ) {
      const lo = s[2 * i];
      const hi = s[2 * i + 1];
      let j = i + 1;
      while (j < m && s[2 * j] === lo && s[2 * j + 1] === hi) j++;
      s[2 * d] = j - i > 1 ? (lo | 1) >>> 0 : lo;
      s[2 * d + 1] = hi;
      if (j - i > 1) shared++;
      d++;
      i = j;
    }
    // Shared values first, single ones after, both still sorted. The cut freed m - d slots,
    // at least one per shared value: park the shared ones there meanwhile.
    let w = d;
    for (let i = 0; i < d; i++) {
      if (s[2 * i] & 1) {
        s[2 * w] = s[2 * i];
        s[2 * w + 1] = s[2 * i + 1];
        w++;
      }
    }
    w = d - 1;
    for (let i = d - 1; i >= 0; i--) {
      if (!(s[2 * i] & 1)) {
        s[2 * w] = s[2 * i];
        s[2 * w + 1] = s[2 * i + 1];
        w--;
      }
    }
    s.copyWithin(0, 2 * d, 2 * (d + shared));
    this.sorted = s;
    this.distinct = d;
    this.sharedDistinct = shared;
    // rank → first-seen id, in the freed space after the distinct values.
    const firstSeen = new Uint32Array(s.buffer, 8 * d, shared);
    firstSeen.fill(0);
    let next = FIRST_SHARED_ID;
    for (let i = 0; i < this.length; i++) {
      const lo = words[2 * i];
      const flags = lo & FLAG_BYTE;
      let id = SINGLE_CONTENT_ID;
      let tag = 0;
      if (flags & RESIDENT) {
        const key = (lo & ~FLAG_BYTE) >>> 0;
        const hi = words[2 * i + 1];
        if ((key | hi) === 0) id = ZERO_CONTENT_ID;
        else {
          tag = (key >>> 8) & 0xffff;
          const rank = this.find((key | 1) >>> 0, hi, 0, shared);
          if (rank >= 0) {
            if (firstSeen[rank] === 0) firstSeen[rank] = next++;
            id = firstSeen[rank];
          }
        }
      }
      words[2 * i] = id;
      words[2 * i + 1] = (flags | (tag << 16)) >>> 0;
    }
    this.sharedContentCount = next - FIRST_SHARED_ID;
  }

  /**
   * After dedupe() and until release(): 8 bytes per shared content, free for the caller (the space
   * the cut to distinct values freed, so it costs nothing beyond the table's 16 bytes a page).
   */
  sharedScratch(): BigUint64Array {
    if (!this.sorted) throw new Error('sharedScratch: call dedupe() first');
    return new BigUint64Array(this.sorted.buffer, 8 * this.distinct, this.sharedContentCount);
  }

  /** Index of (lo, hi) in sorted[from, to), or -1. */
  private find(lo: number, hi: number, from: number, to: number): number {
    const s = this.sorted!;
    let a = from;
    let b = to - 1;
    while (a <= b) {
      const mid = (a + b) >>> 1;
      const mh = s[2 * mid + 1];
      const ml = s[2 * mid];
      if (mh < hi || (mh === hi && ml < lo)) a = mid + 1;
      else if (mh > hi || ml > lo) b = mid - 1;
      else return mid;
    }
    return -1;
  }

  /** A later pass read page `i` again: counts a change when its fingerprint moved. */
  observe(i: number, lo: number, hi: number): void {
    const state = this.words[2 * i + 1];
    if (!(state & RESIDENT)) return;
    const zero = (lo | hi) === 0;
    const tag = zero ? 0 : ((lo >>> 8) & 0xffff);
    if (tag === state >>> 16) return;
    let kind = KIND_FRESH;
    if (zero) kind = KIND_ZERO;
    else {
      const key = (lo & ~FLAG_BYTE) >>> 0;
      if (this.find((key | 1) >>> 0, hi, 0, this.sharedDistinct) >= 0 || this.find(key, hi, this.sharedDistinct, this.distinct) >= 0) kind = KIND_COPY;
    }
    const changes = Math.min(MAX_CHANGES, ((state >>> 8) & 0xff) + 1);
    const flags = ((state & FILE_FLAGS) | CHANGED | (kind << KIND_SHIFT)) & FLAG_BYTE;
    this.words[2 * i + 1] = (flags | (changes << 8) | (tag << 16)) >>> 0;
  }

  /** Frees the sorted fingerprints (after the last pass). */
  release(): void {
    this.sorted = undefined;
  }

  id(i: number): number {
    return this.words[2 * i];
  }

  flags(i: number): number {
    return this.words[2 * i + 1] & FILE_FLAGS;
  }

  changes(i: number): number {
    return (this.words[2 * i + 1] >>> 8) & 0xff;
  }

  lastChange(i: number): ChangeKind {
    const kind = (this.words[2 * i + 1] >>> KIND_SHIFT) & 3;
    return CHANGE_KINDS[Math.max(0, kind - 1)];
  }
}
