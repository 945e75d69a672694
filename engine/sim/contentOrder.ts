/**
 * Where a content sorts in the unstable tree: the kernel orders it by memcmp of the page bytes.
 * The simulator has no bytes, so each content id gets a key that stands for that order:
 *
 * - the all-zero page sorts first (every other page has a non-zero byte somewhere);
 * - a measured shared content whose measurement recorded its memcmp position (content file v2)
 *   sorts there: the fraction of single (unshared) contents below it, scaled to 2^32;
 * - every other content (profile contents, single contents, measured contents without positions)
 *   sorts at a fixed pseudo-random place, which for single contents is what their measured
 *   positions are on average (a uniform fraction of the single contents lies below a random one).
 *
 * Keys are doubles below 2^53: position × 2^21, plus 1 for the pseudo-random ones, so the two kinds
 * never tie and the pseudo-random ones keep the order they had before positions existed.
 */
import * as PF from './pageFlags';

const ZERO_CONTENT = PF.ZERO_CONTENT + 0;
const SCALE = 2 ** 21;

/** A fixed pseudo-random permutation of 32-bit ids (invertible steps: no two ids tie). */
export function mixOrder(c: number): number {
  let h = Math.imul(c ^ (c >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

export class ContentOrder {
  /**
   * @param measuredBase simulator id of the measurement's first shared content
   * @param positions per shared content of the measurement, its memcmp position (or null)
   */
  constructor(
    private readonly measuredBase = 0,
    private readonly positions: Uint32Array | null = null,
  ) {}

  key(c: number): number {
    if (c === ZERO_CONTENT) return -1;
    const p = this.positions;
    if (p !== null) {
      const k = c - this.measuredBase;
      if (k >= 0 && k < p.length) return p[k] * SCALE;
    }
    return mixOrder(c) * SCALE + 1;
  }
}

/** The order of scenarios without measured positions. */
export const DEFAULT_ORDER = new ContentOrder();
