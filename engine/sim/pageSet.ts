/**
 * A fixed set of a process's pages (a write target: workload.c picks its target pages once, at
 * fill time), one bit per page of the process: 1/32 of the memory of a list of page indexes, which
 * matters at hundreds of millions of pages. Walked in address order by a cursor that wraps.
 */
export class PageSet {
  private readonly bits: Uint32Array;
  /** Pages in the set. */
  size = 0;

  constructor(
    private readonly start: number,
    private readonly end: number,
  ) {
    this.bits = new Uint32Array(Math.ceil((end - start) / 32));
  }

  add(page: number): void {
    const o = page - this.start;
    const mask = 1 << (o & 31);
    if ((this.bits[o >>> 5] & mask) === 0) this.size++;
    this.bits[o >>> 5] |= mask;
  }

  /**
   * Adds every page of [from, to) whose content id lies in [lo, hi). A method of its own, so the
   * loop over a region's pages is compiled once and stays fast for every process filled.
   */
  addContentRange(content: Uint32Array, from: number, to: number, lo: number, hi: number): void {
    for (let i = from; i < to; i++) {
      const c = content[i];
      if (c >= lo && c < hi) this.add(i);
    }
  }

  has(page: number): boolean {
    const o = page - this.start;
    return o >= 0 && page < this.end && (this.bits[o >>> 5] & (1 << (o & 31))) !== 0;
  }

  /** The first page of the set at or after `page`, wrapping to the lowest; -1 when the set is empty. */
  nextFrom(page: number): number {
    if (this.size === 0) return -1;
    const found = this.scan(Math.max(0, Math.min(page, this.end) - this.start));
    return found >= 0 ? found : this.scan(0);
  }

  private scan(o: number): number {
    const { bits } = this;
    let w = o >>> 5;
    if (w >= bits.length) return -1;
    let word = bits[w] & (~0 << (o & 31));
    while (word === 0) {
      if (++w === bits.length) return -1;
      word = bits[w];
    }
    return this.start + w * 32 + (31 - Math.clz32(word & -word));
  }
}
