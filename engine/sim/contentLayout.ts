/**
 * Which content each page of a region holds, laid out exactly as the harness's workload.c lays out
 * a region: every pool's classes in order (pool by pool, class 0 first), then the zero pages, then
 * the unique pages; `shuffle` applies the program's Fisher-Yates shuffle, driven by splitmix64
 * seeded with seed ^ 0x5555aaaa5555aaaa. The replay of a workload trace relies on this order.
 */
import type { ContentMix } from './api';
import { SplitMix64 } from './splitmix';

/** Layout codes below 0; codes ≥ 0 index `mixClasses(mix)`. */
export const LAYOUT_ZERO = -1;
export const LAYOUT_UNIQUE = -2;

export interface MixClass {
  pool: string;
  /** Class (content) index within the pool. */
  cls: number;
  pages: number;
}

/**
 * How a pool's pages split over its contents: `weights` that are integers summing to `pages` are
 * taken as exact counts (workload --mult); other weights split proportionally (largest remainder);
 * without weights the split is even, the remainder going to the lowest classes (workload --distinct).
 */
export function poolClassCounts(pool: ContentMix['pools'][number]): number[] {
  const { distinct, pages, weights } = pool;
  if (!weights) return Array.from({ length: distinct }, (_, k) => Math.floor(pages / distinct) + (k < pages % distinct ? 1 : 0));
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === pages && weights.every(Number.isInteger)) return [...weights];
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w * pages) / sum);
  const counts = exact.map(Math.floor);
  let left = pages - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, k) => [x - Math.floor(x), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let i = 0; left > 0; i++, left--) counts[order[i % order.length][1]]++;
  return counts;
}

/** The classes of a mix in layout order, with their page counts. */
export function mixClasses(mix: ContentMix): MixClass[] {
  const out: MixClass[] = [];
  for (const pool of mix.pools) poolClassCounts(pool).forEach((pages, cls) => out.push({ pool: pool.pool, cls, pages }));
  return out;
}

/**
 * Per page in address order: an index into `mixClasses(mix)`, LAYOUT_ZERO or LAYOUT_UNIQUE.
 * Pages the mix does not account for are unique (as workload.c does with --mult leftovers).
 */
export function layoutRegion(mix: ContentMix, pages: number): Int32Array {
  const out = new Int32Array(pages);
  const classes = mixClasses(mix);
  let pos = 0;
  classes.forEach((c, index) => {
    const end = Math.min(pages, pos + c.pages);
    out.fill(index, pos, end);
    pos = end;
  });
  const zeroEnd = Math.min(pages, pos + mix.zeroPages);
  out.fill(LAYOUT_ZERO, pos, zeroEnd);
  out.fill(LAYOUT_UNIQUE, zeroEnd, pages);
  if (mix.layout === 'shuffle') shuffleInPlace(out, mix.seed);
  return out;
}

/** workload.c's Fisher-Yates shuffle: splitmix64 seeded with seed ^ 0x5555aaaa5555aaaa. */
export function shuffleInPlace(a: Int32Array | Uint32Array, seedNumber: number): void {
  const seed = Math.max(0, Math.trunc(seedNumber));
  const rng = new SplitMix64((Math.floor(seed / 4294967296) ^ 0x5555aaaa) >>> 0, ((seed >>> 0) ^ 0x5555aaaa) >>> 0);
  // Draw a chunk of swap targets first, then swap: the swap loop's cache misses no longer wait
  // on the generator, so the CPU overlaps them. Same swaps, same order.
  const CHUNK = 1 << 15;
  const js = new Int32Array(Math.min(CHUNK, Math.max(0, a.length - 1)));
  for (let top = a.length - 1; top > 0; top -= CHUNK) {
    const n = Math.min(CHUNK, top);
    for (let k = 0; k < n; k++) js[k] = rng.nextMod(top - k + 1);
    for (let k = 0; k < n; k++) {
      const i = top - k;
      const j = js[k];
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}

/**
 * Writes the content ids of a region straight into `out` (one entry per page), in the same order
 * as layoutRegion: pool classes, zero pages, unique pages, then the shuffle. Avoids per-class
 * objects and a second pass, which matters for multi-GiB guests.
 */
/** `uniqueIds(n)` hands out n consecutive unique content ids and returns the first. */
export function fillRegionContents(mix: ContentMix, out: Uint32Array, poolId: (pool: string, cls: number) => number, zeroId: number, uniqueIds: (n: number) => number): void {
  const pages = out.length;
  let pos = 0;
  for (const pool of mix.pools) {
    const base = poolId(pool.pool, 0);
    if (pool.weights) {
      poolClassCounts(pool).forEach((count, k) => {
        const end = Math.min(pages, pos + count);
        out.fill(base + k, pos, end);
        pos = end;
      });
    } else {
      const q = Math.floor(pool.pages / pool.distinct);
      const rem = pool.pages % pool.distinct;
      for (let k = 0; k < pool.distinct && pos < pages; k++) {
        const end = Math.min(pages, pos + q + (k < rem ? 1 : 0));
        // Plain stores for short runs: fill() has a call cost that dominates one-page classes.
        if (end - pos < 32) for (let i = pos; i < end; i++) out[i] = base + k;
        else out.fill(base + k, pos, end);
        pos = end;
      }
    }
  }
  const zeroEnd = Math.min(pages, pos + mix.zeroPages);
  out.fill(zeroId, pos, zeroEnd);
  const first = uniqueIds(pages - zeroEnd) - zeroEnd;
  for (let i = zeroEnd; i < pages; i++) out[i] = first + i;
  if (mix.layout === 'shuffle') shuffleInPlace(out, mix.seed);
}

/** Pages a mix accounts for (the rest of a region is unique). */
export function mixPages(mix: ContentMix): number {
  return mix.zeroPages + mix.uniquePages + mix.pools.reduce((a, p) => a + p.pages, 0);
}

/**
 * The pages PR_SET_MEMORY_MERGE makes mergeable besides a process's own regions (libc and ld.so
 * data, heap, stack): 11_mergeoff_mix showed 39 extra rmap_items, two of which (zero-filled)
 * merged. Add it as the process's last region; writes never target it.
 */
export const PRCTL_EXTRA_REGION = {
  name: 'prctl-extra',
  pages: 39,
  writeTarget: false,
  content: { zeroPages: 2, uniquePages: 37, pools: [], layout: 'sequential', seed: 0 },
} as const satisfies import('./api').RegionSpec;
