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
  let classIndex = 0;
  const runs = slotRuns(mix, pages, () => classIndex, (k) => (classIndex += k), LAYOUT_ZERO, () => ({ value: LAYOUT_UNIQUE, per: Infinity }));
  fillSlots(out, runs, mix);
  return out;
}

/**
 * A run of layout slots [start, end): slot s holds value + the index of its class, the first
 * `longer` classes `per + 1` slots long and the rest `per` (per = Infinity: one value throughout).
 */
interface SlotRun {
  start: number;
  end: number;
  value: number;
  per: number;
  longer: number;
}

/**
 * The mix's slots in layout order (pools in order, class 0 first; zero pages; unique pages), cut
 * to the region. `poolValue()` is the value of the next pool's class 0, `tookClasses(k)` says that
 * pool used k values; `unique(n)` gives the run of the n unique slots.
 */
function slotRuns(
  mix: ContentMix,
  pages: number,
  poolValue: (pool: string) => number,
  tookClasses: (k: number) => void,
  zeroValue: number,
  unique: (n: number) => { value: number; per: number },
): SlotRun[] {
  const runs: SlotRun[] = [];
  let pos = 0;
  const push = (n: number, value: number, per: number, longer: number): void => {
    const end = Math.min(pages, pos + n);
    if (end > pos) runs.push({ start: pos, end, value, per, longer });
    pos = end;
  };
  for (const pool of mix.pools) {
    const base = poolValue(pool.pool);
    if (pool.weights) poolClassCounts(pool).forEach((count, k) => push(count, base + k, Infinity, 0));
    else push(pool.pages, base, Math.floor(pool.pages / pool.distinct), pool.pages % pool.distinct);
    tookClasses(pool.distinct);
  }
  push(mix.zeroPages, zeroValue, Infinity, 0);
  const u = unique(pages - pos);
  push(pages - pos, u.value, u.per, 0);
  return runs;
}

/** The value run r gives its slot at offset o. */
function slotValue(r: SlotRun, o: number): number {
  const head = r.longer * (r.per + 1);
  return r.value + (o < head ? Math.floor(o / (r.per + 1)) : r.longer + Math.floor((o - head) / r.per));
}

/** fillSlots' kinds of run: one value throughout, value + offset, or slotValue's division. */
const CONSTANT = 0;
const CONSECUTIVE = 1;
const DIVIDED = 2;

/**
 * Writes the runs' values into `out` in the mix's page order. shuffle: in slot order, then
 * workload.c's shuffle. scatter: page j takes slot (seed + j × stride) mod n, the stride coprime
 * with n and close to n/φ, so every class is spread evenly over the region (three-distance
 * theorem) and neighbouring pages come from far-apart slots; computed page by page in one
 * sequential pass, with no generator and no random memory access (a shuffle's swaps cost about
 * ten times as much on multi-GiB regions). For orders nothing has to reproduce (what-if guest
 * profiles); workload.c's order is `shuffle`.
 */
function fillSlots(out: Int32Array | Uint32Array, runs: SlotRun[], mix: ContentMix): void {
  const n = out.length;
  if (mix.layout !== 'scatter' || n < 2) {
    for (const r of runs) {
      if (r.per === Infinity) out.fill(r.value, r.start, r.end);
      else for (let s = r.start; s < r.end; s++) out[s] = slotValue(r, s - r.start);
    }
    if (mix.layout === 'shuffle') shuffleInPlace(out, mix.seed);
    return;
  }
  const stride = scatterStride(n);
  // Page by page, without the branches of a binary search (they mispredict on nearly every page of
  // an evenly spread region): a table by slot bucket gives the run at the bucket's start, a step
  // or two forward finds the slot's run (the sentinel start ends the search). Runs of one value
  // and runs of consecutive values (unique pages) need no division.
  const R = runs.length;
  const starts = new Int32Array(R + 1);
  starts[R] = 0x7fffffff;
  const value = new Float64Array(R);
  const kind = new Uint8Array(R);
  runs.forEach((r, k) => {
    starts[k] = r.start;
    value[k] = r.value;
    kind[k] = r.per === Infinity ? CONSTANT : r.per === 1 && r.longer === 0 ? CONSECUTIVE : DIVIDED;
  });
  const shift = Math.max(0, Math.ceil(Math.log2(n)) - 12);
  const firstRun = new Int32Array((n >>> shift) + 1);
  for (let b = 0, a = 0; b < firstRun.length; b++) {
    while (starts[a + 1] <= b << shift) a++;
    firstRun[b] = a;
  }
  // An int32 from the start (a seed can exceed 2^31): a double slot slows every step.
  let slot = (Math.max(0, Math.trunc(mix.seed)) % n) | 0;
  for (let j = 0; j < n; j++) {
    let a = firstRun[slot >>> shift];
    while (starts[a + 1] <= slot) a++;
    const o = slot - starts[a];
    const k = kind[a];
    out[j] = k === CONSTANT ? value[a] : k === CONSECUTIVE ? value[a] + o : slotValue(runs[a], o);
    slot += stride;
    if (slot >= n) slot -= n;
  }
}

/** The first stride at or above n/φ that is coprime with n. */
export function scatterStride(n: number): number {
  let stride = Math.max(1, Math.round(n * 0.6180339887498949));
  while (gcd(stride, n) !== 1) stride++;
  return stride;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
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
 * as layoutRegion. Avoids per-class objects and a second pass, which matters for multi-GiB guests.
 * `uniqueIds(n)` hands out n consecutive unique content ids and returns the first.
 */
export function fillRegionContents(mix: ContentMix, out: Uint32Array, poolId: (pool: string, cls: number) => number, zeroId: number, uniqueIds: (n: number) => number): void {
  const runs = slotRuns(mix, out.length, (pool) => poolId(pool, 0), () => undefined, zeroId, (n) => ({ value: uniqueIds(n), per: 1 }));
  fillSlots(out, runs, mix);
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
