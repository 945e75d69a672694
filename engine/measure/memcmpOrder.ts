/**
 * Where each shared content sorts among all contents in memcmp order, the order of ksmd's unstable
 * tree. Which searches a stale tree node blocks depends on that order (docs/fidelity.md, m3q), so a
 * measurement records it, as positions rather than bytes: per shared content, the fraction of
 * single (unshared) contents that sort below it, scaled to 2^32. The simulator places single
 * contents at uniform random fractions, which is where they lie on average.
 *
 * A page's order key is 32 bits that sort as memcmp does on their first bytes: 12 bits for the
 * number of leading zero bytes (more zeros sort lower), then the next 20 bits of the page. Pages
 * that agree on those are taken as equal in order (then ordered by id).
 */

const PAGE_BYTES = 4096;
const TWO32 = 2 ** 32;

/** The order key of the non-zero page at byte offset `at` of `bytes` (`words` views the same buffer; `at` is 4-aligned). */
export function orderKeyOfPage(bytes: Uint8Array, words: Uint32Array, at: number): number {
  const first = at >>> 2;
  const end = first + PAGE_BYTES / 4;
  let w = first;
  while (w < end && words[w] === 0) w++;
  if (w === end) return 0; // all zeroes: callers leave zero pages out
  let lz = (w - first) * 4;
  while (bytes[at + lz] === 0) lz++;
  const byteAt = (k: number): number => (lz + k < PAGE_BYTES ? bytes[at + lz + k] : 0);
  return (((4095 - lz) << 20) | (byteAt(0) << 12) | (byteAt(1) << 4) | (byteAt(2) >>> 4)) >>> 0;
}

/**
 * A stride sample of the order keys of resident non-zero pages taken during the first pass,
 * with each page's table index, so the single ones can be picked out once ids are known.
 */
export class OrderSample {
  private keys: Uint32Array;
  private pages: Uint32Array;
  private length = 0;
  private readonly stride: number;

  constructor(capacityPages: number, maxSamples = 1 << 18) {
    this.stride = Math.max(1, Math.ceil(capacityPages / maxSamples));
    const n = Math.min(maxSamples, capacityPages);
    this.keys = new Uint32Array(n);
    this.pages = new Uint32Array(n);
  }

  /** Whether table index i is one the sample takes. */
  wants(i: number): boolean {
    return i % this.stride === 0 && this.length < this.keys.length;
  }

  add(i: number, key: number): void {
    this.keys[this.length] = key;
    this.pages[this.length++] = i;
  }

  /** The sampled keys of pages that `isSingle` says hold a content found nowhere else, sorted. */
  singleKeys(isSingle: (i: number) => boolean): Uint32Array {
    const out = new Uint32Array(this.length);
    let n = 0;
    for (let k = 0; k < this.length; k++) if (isSingle(this.pages[k])) out[n++] = this.keys[k];
    return out.slice(0, n).sort();
  }
}

/** Number of entries of the sorted `a` below `key`. */
function below(a: Uint32Array, key: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Turns `entries` (per shared content k, index k: its order key in the high 32 bits and k in the
 * low ones; sorted in place) into positions, written in place as the first `entries.length` u32s of
 * its buffer, index k for content k: the fraction of single contents below it (from the sorted
 * sample `singles`) scaled to 2^32, strictly increasing in memcmp order where room allows. Works in
 * place, so ordering a measurement needs no memory beyond 8 bytes per shared content.
 */
export function positionsInPlace(entries: BigUint64Array, singles: Uint32Array): Uint32Array {
  entries.sort();
  const n = entries.length;
  const words = new Uint32Array(entries.buffer, entries.byteOffset, 2 * n);
  // Little-endian: entry j is words[2j] (content) and words[2j + 1] (key). Swap to (position, content).
  let previous = -1;
  for (let j = 0; j < n; j++) {
    const key = words[2 * j + 1];
    const fraction = singles.length > 0 ? below(singles, key) / singles.length : 0.5;
    let position = Math.min(TWO32 - 1, Math.floor(fraction * TWO32));
    if (position <= previous) position = Math.min(TWO32 - 1, previous + 1);
    previous = position;
    words[2 * j + 1] = words[2 * j];
    words[2 * j] = position;
  }
  // Now sort by content (the high word) and keep the positions.
  entries.sort();
  const out = new Uint32Array(entries.buffer, entries.byteOffset, n);
  for (let k = 0; k < n; k++) out[k] = words[2 * k];
  return out;
}
