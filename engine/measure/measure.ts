/**
 * The measurement loop, independent of where pages come from (a live host's /proc, a dump file,
 * a synthetic source in the bench): a first pass fingerprints every page and deduplicates them
 * into content ids; with a watch window, later passes read again and count changes; then the
 * content file is streamed out. It yields to the event loop every 20 ms, throttles to `maxCpu`
 * (sleeping between batches) and reports progress.
 */
import { HASH_BATCH_PAGES, HASH_PAGE_BYTES, PageHasher } from './pageHash';
import { PageTable } from './pageTable';
import { OrderSample, orderKeyOfPage, positionsInPlace } from './memcmpOrder';
import { encodeHeader, encodeProcessHeader, FIRST_SHARED_ID, MERGEABLE, SINGLE_CONTENT_ID, RegionEncoder, RESIDENT, type MeasuredProcessInfo, type MeasurementMeta } from './format';

export interface SourceRegion {
  /** Virtual page number (address / page size; guest-physical for a dump). */
  startPage: number;
  pageCount: number;
  /** ksmd would scan it today (VM_MERGEABLE); false for mem-merge=off guest RAM. */
  mergeable: boolean;
}

export interface SourceProcess {
  info: MeasuredProcessInfo;
  regions: SourceRegion[];
}

/** The process disappeared (exited) while being read. */
export class SourceGoneError extends Error {}

export interface PageSource {
  readonly pageSize: number;
  readonly processes: SourceProcess[];
  /**
   * Reads pages [first, first+count) of a region into `batch` (page i at i*4096) and their state
   * into `states`: RESIDENT (read), THP, KSM, SWAPPED (not read), or 0 (not resident). Content of
   * pages that are not RESIDENT is ignored. Throws SourceGoneError when the process is gone.
   */
  read(process: number, region: number, first: number, count: number, batch: Uint8Array, states: Uint8Array): void;
  /** Whether a later pass can read again (false for a dump). */
  readonly live: boolean;
}

export interface MeasureProgress {
  /**
   * read: a pass reads pages; dedupe: the fingerprints of the first pass are sorted into ids (one
   * step, seconds on a large host); order: one page of each shared content is read again for its
   * memcmp position (pagesDone: how far through the table).
   */
  phase: 'read' | 'dedupe' | 'order';
  pass: number;
  pagesDone: number;
  pagesTotal: number;
}

export interface MeasureOptions {
  /** 128 random bits: the run's salt, never stored. */
  salt: [bigint, bigint];
  /** Watch window in seconds (0: one pass). */
  intervalSeconds?: number;
  /** Largest share of one core to use, 0..1 (1: a whole core). */
  maxCpu?: number;
  onProgress?: (p: MeasureProgress) => void;
  /** Milliseconds, monotonic. */
  now?: () => number;
}

export interface MeasureOutcome {
  table: PageTable;
  /** Processes kept (indexes into source.processes), with the table range of each region. */
  kept: Array<{ process: number; regionStarts: number[] }>;
  /** Per shared content, where it sorts in memcmp order (memcmpOrder.ts). */
  positions: Uint32Array;
  passes: number;
  windowSeconds: number;
  notes: string[];
  /** The table's largest size, in bytes (right after dedupe: fingerprints and sorted values). */
  peakTableBytes: number;
}

const YIELD_EVERY_MS = 20;

/** Cooperative scheduling: yields to the event loop, and sleeps enough to stay under maxCpu. */
class Pacer {
  private sliceStart: number;
  private busySince: number;

  constructor(
    private now: () => number,
    private maxCpu: number,
  ) {
    this.sliceStart = now();
    this.busySince = this.sliceStart;
  }

  async tick(): Promise<void> {
    const t = this.now();
    if (t - this.sliceStart < YIELD_EVERY_MS) return;
    const busy = t - this.busySince;
    const rest = this.maxCpu >= 1 ? 0 : (busy * (1 - this.maxCpu)) / this.maxCpu;
    await new Promise((resolve) => setTimeout(resolve, Math.min(rest, 150)));
    this.sliceStart = this.now();
    this.busySince = this.sliceStart;
  }
}

export async function measure(source: PageSource, options: MeasureOptions): Promise<MeasureOutcome> {
  const now = options.now ?? (() => performance.now());
  const pacer = new Pacer(now, Math.min(1, Math.max(0.01, options.maxCpu ?? 1)));
  if (source.pageSize !== HASH_PAGE_BYTES) throw new RangeError(`pages of ${source.pageSize} bytes: the measurement reads 4 KiB pages only`);
  const hasher = new PageHasher(options.salt[0], options.salt[1]);
  const states = new Uint8Array(HASH_BATCH_PAGES);
  let capacity = 0;
  for (const p of source.processes) for (const r of p.regions) capacity += r.pageCount;
  const table = new PageTable(capacity);
  const notes: string[] = [];
  const kept: MeasureOutcome['kept'] = [];
  const gone = new Set<number>();
  const progress = (pass: number, pagesDone: number) => options.onProgress?.({ phase: 'read', pass, pagesDone, pagesTotal: capacity });

  /** One pass over every kept region; `visit` gets each batch. Returns false when the process went away. */
  const readProcess = async (pi: number, regionStarts: number[], pass: number, done: { pages: number }, visit: (region: number, slot: number, count: number) => void) => {
    const p = source.processes[pi];
    for (let ri = 0; ri < p.regions.length; ri++) {
      const r = p.regions[ri];
      for (let first = 0; first < r.pageCount; first += HASH_BATCH_PAGES) {
        const count = Math.min(HASH_BATCH_PAGES, r.pageCount - first);
        states.fill(0, 0, count);
        try {
          source.read(pi, ri, first, count, hasher.batch, states);
        } catch (error) {
          if (error instanceof SourceGoneError) return false;
          throw error;
        }
        hasher.hash(count);
        visit(ri, regionStarts[ri] + first, count);
        done.pages += count;
        progress(pass, done.pages);
        await pacer.tick();
      }
    }
    return true;
  };

  const fp = hasher.fingerprints;
  const batchWords = new Uint32Array(hasher.batch.buffer, hasher.batch.byteOffset, hasher.batch.length / 4);
  const sample = new OrderSample(capacity);
  const firstDone = { pages: 0 };
  const startedAt = now();
  let slot = 0;
  for (let pi = 0; pi < source.processes.length; pi++) {
    const p = source.processes[pi];
    const regionStarts: number[] = [];
    const start = slot;
    for (const r of p.regions) {
      regionStarts.push(slot);
      slot += r.pageCount;
    }
    const ok = await readProcess(pi, regionStarts, 1, firstDone, (ri, _at, count) => {
      const mergeable = p.regions[ri].mergeable ? MERGEABLE : 0;
      for (let i = 0; i < count; i++) {
        const resident = (states[i] & RESIDENT) !== 0 && (fp[2 * i] | fp[2 * i + 1]) !== 0;
        if (resident && sample.wants(table.length)) sample.add(table.length, orderKeyOfPage(hasher.batch, batchWords, i * HASH_PAGE_BYTES));
        table.append(states[i] | mergeable, fp[2 * i], fp[2 * i + 1]);
      }
    });
    // Keep the table in step even for a process that went away mid-region.
    while (table.length < slot) table.append(0, 0, 0);
    if (!ok) {
      table.drop(start, slot);
      gone.add(pi);
      notes.push(`${describe(p.info)} exited during the first pass: left out.`);
      continue;
    }
    kept.push({ process: pi, regionStarts });
  }
  options.onProgress?.({ phase: 'dedupe', pass: 1, pagesDone: capacity, pagesTotal: capacity });
  table.dedupe();
  const peakTableBytes = table.bytes;
  const positions = await orderSharedContents(source, table, kept, sample, hasher.batch, batchWords, states, pacer, (pagesDone) =>
    options.onProgress?.({ phase: 'order', pass: 1, pagesDone, pagesTotal: capacity }),
  );

  const windowMs = Math.max(0, options.intervalSeconds ?? 0) * 1000;
  let passes = 1;
  if (windowMs > 0 && source.live) {
    while (now() - startedAt < windowMs) {
      const done = { pages: 0 };
      for (const k of kept) {
        if (gone.has(k.process)) continue;
        const ok = await readProcess(k.process, k.regionStarts, passes + 1, done, (_ri, at, count) => {
          for (let i = 0; i < count; i++) if (states[i] & RESIDENT) table.observe(at + i, fp[2 * i], fp[2 * i + 1]);
        });
        if (!ok) {
          gone.add(k.process);
          notes.push(`${describe(source.processes[k.process].info)} exited during the watch: its churn covers the passes before.`);
        }
      }
      passes++;
    }
  }
  table.release();
  return { table, kept, positions, passes, windowSeconds: passes > 1 ? (now() - startedAt) / 1000 : 0, notes, peakTableBytes };
}

/**
 * Reads one page of each shared content again (its first, in table order: ids are numbered in that
 * order) for its order key, and turns the keys into memcmp positions. Only batches that hold such
 * a page are read. A page that changed since the first pass gives the key of what it holds now,
 * one no longer resident (or in a process that exited) the middle position: the file says where
 * contents sort, not what they are, and a few misplaced ones only shift which searches a stale
 * tree node blocks.
 */
async function orderSharedContents(
  source: PageSource,
  table: PageTable,
  kept: MeasureOutcome['kept'],
  sample: OrderSample,
  batch: Uint8Array,
  batchWords: Uint32Array,
  states: Uint8Array,
  pacer: Pacer,
  progress: (pagesDone: number) => void,
): Promise<Uint32Array> {
  const entries = table.sharedScratch();
  const MIDDLE = 0x80000000;
  // The next id whose first page is still to come (first pages come in id order).
  let next = FIRST_SHARED_ID;
  const firstNewPage = (base: number, count: number): number => {
    for (let i = 0; i < count; i++) if (table.id(base + i) >= next) return i;
    return -1;
  };
  for (const k of kept) {
    const p = source.processes[k.process];
    for (let ri = 0; ri < p.regions.length && next - FIRST_SHARED_ID < entries.length; ri++) {
      const r = p.regions[ri];
      for (let at = 0; at < r.pageCount; at += HASH_BATCH_PAGES) {
        const count = Math.min(HASH_BATCH_PAGES, r.pageCount - at);
        const base = k.regionStarts[ri] + at;
        const firstOfBatch = firstNewPage(base, count);
        if (firstOfBatch < 0) continue;
        states.fill(0, 0, count);
        let readOk = true;
        try {
          source.read(k.process, ri, at, count, batch, states);
        } catch (error) {
          if (!(error instanceof SourceGoneError)) throw error;
          readOk = false;
        }
        for (let i = firstOfBatch; i < count; i++) {
          if (table.id(base + i) !== next) continue;
          const key = readOk && states[i] & RESIDENT ? orderKeyOfPage(batch, batchWords, i * HASH_PAGE_BYTES) : MIDDLE;
          entries[next - FIRST_SHARED_ID] = (BigInt(key >>> 0) << 32n) | BigInt(next - FIRST_SHARED_ID);
          next++;
        }
        progress(base + count);
        await pacer.tick();
      }
    }
  }
  const singles = sample.singleKeys((i) => table.id(i) === SINGLE_CONTENT_ID && (table.flags(i) & RESIDENT) !== 0);
  return positionsInPlace(entries, singles);
}

export function describe(p: MeasuredProcessInfo): string {
  return p.pid === null ? p.name : `process ${p.pid} (${p.name})`;
}

/**
 * The content file, chunk by chunk (the header first), for a caller that writes each one out: a
 * large host is never held twice in memory.
 */
export function* contentFileChunks(source: PageSource, outcome: MeasureOutcome, meta: MeasurementMeta): Generator<Uint8Array> {
  const { table, kept } = outcome;
  let totalPages = 0;
  for (const k of kept) for (const r of source.processes[k.process].regions) totalPages += r.pageCount;
  yield encodeHeader({ pageSize: source.pageSize, processCount: kept.length, sharedContentCount: table.sharedContentCount, positions: outcome.positions, totalPages, meta });
  for (const k of kept) {
    const p = source.processes[k.process];
    yield encodeProcessHeader(p.info, p.regions.length);
    for (let ri = 0; ri < p.regions.length; ri++) {
      const r = p.regions[ri];
      const enc = new RegionEncoder(r.startPage, r.pageCount);
      const base = k.regionStarts[ri];
      for (let i = 0; i < r.pageCount; i++) {
        enc.push(table.id(base + i), table.flags(base + i));
        const changes = table.changes(base + i);
        if (changes > 0) enc.pushChurn({ page: i, changes, last: table.lastChange(base + i) });
      }
      yield enc.finish();
    }
  }
}
