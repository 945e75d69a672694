/**
 * The `.samepage-content` file: what ksmd would see on a measured host, page by page in address
 * order, as content ids (never page contents, never hashes). Little-endian, versioned; the layout
 * is documented in docs/measured-content.md. Pure: Uint8Array in, Uint8Array out.
 */

export const CONTENT_MAGIC = 'SMPGCONT';
export const CONTENT_FORMAT_VERSION = 2;
/** Versions this Samepage reads (1 lacks the memcmp positions). */
export const READABLE_FORMAT_VERSIONS: readonly number[] = [1, 2];

/** Content id of an all-zero page. */
export const ZERO_CONTENT_ID = 0;
/** Content id of a page whose content occurs nowhere else in the measurement (and of a page that holds no content). */
export const SINGLE_CONTENT_ID = 1;
/** The first id of a content that occurs on two or more pages. */
export const FIRST_SHARED_ID = 2;

/** Per-page flag bits. */
export const RESIDENT = 1;
export const THP = 2;
export const KSM = 4;
export const SWAPPED = 8;
export const MERGEABLE = 16;
export const CHANGED = 32;
export const KNOWN_FLAGS = RESIDENT | THP | KSM | SWAPPED | MERGEABLE | CHANGED;

/** What the last change seen on a page wrote. */
export type ChangeKind = 'fresh' | 'zero' | 'copy';
export const CHANGE_KINDS: readonly ChangeKind[] = ['fresh', 'zero', 'copy'];

export interface ChurnEntry {
  /** Page index inside its region. */
  page: number;
  /** Changes seen between consecutive passes (at most one per pass: a faster page is "at least that fast"). */
  changes: number;
  /** The last change wrote content seen nowhere at the first pass (fresh), all zeroes, or a copy of a content of the first pass. */
  last: ChangeKind;
}

export interface MeasurementMeta {
  source: 'live' | 'dump';
  /** Random id of this run (not the salt: the salt is never stored). */
  runId: string;
  /** ISO 8601 time of the first pass. */
  time: string;
  /** Host facts as read (free-form: toScenario turns them into a scenario's host). */
  host?: Record<string, unknown>;
  /** What the measurement could not know and took as given. */
  assumed: string[];
  /** Present after `--interval`: the watch window and how many passes read every page. */
  churn?: { windowSeconds: number; passes: number };
}

export type ProcessKind = 'qemu' | 'process';
/** How KSM would see the memory: madvise(MADV_MERGEABLE) areas, a whole process after prctl, or guest RAM with mem-merge=off. */
export type MergeMode = 'madvise' | 'prctl' | 'none';

export interface MeasuredProcessInfo {
  /** null for a guest read from a dump file. */
  pid: number | null;
  comm: string;
  argv: string[];
  /** QEMU `-name` / libvirt domain, the dump file's name, else the command name. */
  name: string;
  kind: ProcessKind;
  merge: MergeMode;
}

export interface RegionRun {
  id: number;
  flags: number;
  /** Page index inside the region. */
  start: number;
  count: number;
}

export interface MeasuredRegion {
  /** Virtual page number of the first page (address / pageSize). */
  startPage: number;
  pageCount: number;
  churn: ChurnEntry[];
  /** Calls `cb` for each run of pages with the same id and flags, in address order. */
  forEachRun(cb: (id: number, flags: number, start: number, count: number) => void): void;
  /** The ids, one per page (4 bytes a page: decode one region at a time). */
  ids(): Uint32Array;
  flags(): Uint8Array;
}

export interface MeasuredProcess extends MeasuredProcessInfo {
  regions: MeasuredRegion[];
}

export interface Measurement {
  formatVersion: number;
  pageSize: number;
  /** Ids 2..sharedContentCount+1 are contents found on two or more pages. */
  sharedContentCount: number;
  /** Per shared content (id k at k - 2): where it sorts in memcmp order (memcmpOrder.ts); absent in version 1. */
  positions?: Uint32Array;
  totalPages: number;
  meta: MeasurementMeta;
  processes: MeasuredProcess[];
}

export class MeasurementFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MeasurementFormatError';
  }
}

/** Largest page number or count the format accepts (addresses stay below 2^64 with 4 KiB pages). */
export const MAX_PAGE_NUMBER = 2 ** 52;

// ---------------------------------------------------------------------------------------------
// Writing

/** A growable little-endian byte buffer. */
class ByteWriter {
  private buf = new Uint8Array(256);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.length++] = v;
  }

  u32(v: number): void {
    this.ensure(4);
    new DataView(this.buf.buffer).setUint32(this.length, v, true);
    this.length += 4;
  }

  u64(v: number): void {
    this.u32(v % 0x100000000);
    this.u32(Math.floor(v / 0x100000000));
  }

  /** Unsigned LEB128 of an integer below 2^53. */
  varint(v: number): void {
    this.ensure(8);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  json(value: unknown): void {
    const text = new TextEncoder().encode(JSON.stringify(value));
    this.u32(text.length);
    this.bytes(text);
  }

  take(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Run-length encoder of one stream of small integers. */
class RunWriter {
  readonly out = new ByteWriter();
  private value = -1;
  private count = 0;

  push(value: number, count: number): void {
    if (value === this.value) {
      this.count += count;
      return;
    }
    this.flush();
    this.value = value;
    this.count = count;
  }

  flush(): void {
    if (this.count > 0) {
      this.out.varint(this.value);
      this.out.varint(this.count);
    }
    this.count = 0;
    this.value = -1;
  }
}

/**
 * Encodes one region page by page (or run by run), so a measurement never holds its pages twice.
 * The caller pushes exactly `pageCount` pages, then calls `finish()`.
 */
export class RegionEncoder {
  private ids = new RunWriter();
  private flagRuns = new RunWriter();
  private churn: ChurnEntry[] = [];
  private pushed = 0;

  constructor(
    readonly startPage: number,
    readonly pageCount: number,
  ) {
    checkInteger('region start page', startPage, MAX_PAGE_NUMBER - 1);
    checkInteger('region page count', pageCount, MAX_PAGE_NUMBER);
  }

  push(id: number, flags: number, count = 1): void {
    this.ids.push(id, count);
    this.flagRuns.push(flags, count);
    this.pushed += count;
  }

  /** Churn entries in ascending page order. */
  pushChurn(entry: ChurnEntry): void {
    this.churn.push(entry);
  }

  finish(): Uint8Array {
    if (this.pushed !== this.pageCount) throw new RangeError(`region at page ${this.startPage}: ${this.pushed} pages pushed, ${this.pageCount} declared`);
    this.ids.flush();
    this.flagRuns.flush();
    const w = new ByteWriter();
    w.u64(this.startPage);
    w.u64(this.pageCount);
    w.u32(this.ids.out.length);
    w.bytes(this.ids.out.take());
    w.u32(this.flagRuns.out.length);
    w.bytes(this.flagRuns.out.take());
    w.u32(this.churn.length);
    let previous = 0;
    for (const c of this.churn) {
      w.varint(c.page - previous);
      w.varint(c.changes);
      w.u8(CHANGE_KINDS.indexOf(c.last));
      previous = c.page;
    }
    return w.take();
  }
}

export interface FileHeader {
  pageSize: number;
  processCount: number;
  sharedContentCount: number;
  /** One per shared content, or none (the simulator then orders contents pseudo-randomly). */
  positions?: Uint32Array;
  totalPages: number;
  meta: MeasurementMeta;
}

export function encodeHeader(h: FileHeader): Uint8Array {
  const w = new ByteWriter();
  w.bytes(new TextEncoder().encode(CONTENT_MAGIC));
  w.u32(CONTENT_FORMAT_VERSION);
  w.u32(h.pageSize);
  w.u32(h.processCount);
  w.u32(h.sharedContentCount);
  w.u64(h.totalPages);
  w.json(h.meta);
  const positions = h.positions ?? new Uint32Array(0);
  if (positions.length !== 0 && positions.length !== h.sharedContentCount) throw new RangeError(`${positions.length} positions for ${h.sharedContentCount} shared contents`);
  w.u32(positions.length);
  for (const p of positions) w.u32(p);
  return w.take();
}

export function encodeProcessHeader(p: MeasuredProcessInfo, regionCount: number): Uint8Array {
  const w = new ByteWriter();
  w.json({ pid: p.pid, comm: p.comm, argv: p.argv, name: p.name, kind: p.kind, merge: p.merge });
  w.u32(regionCount);
  return w.take();
}

/** Per-page input of `encodeMeasurement` (small measurements and tests; the CLI streams with RegionEncoder). */
export interface RegionInput {
  startPage: number;
  ids: ArrayLike<number>;
  flags: ArrayLike<number>;
  churn?: ChurnEntry[];
}

export interface MeasurementInput {
  pageSize: number;
  sharedContentCount: number;
  positions?: Uint32Array;
  meta: MeasurementMeta;
  processes: Array<MeasuredProcessInfo & { regions: RegionInput[] }>;
}

export function encodeMeasurement(m: MeasurementInput): Uint8Array {
  let totalPages = 0;
  for (const p of m.processes) for (const r of p.regions) totalPages += r.ids.length;
  const parts = [encodeHeader({ pageSize: m.pageSize, processCount: m.processes.length, sharedContentCount: m.sharedContentCount, positions: m.positions, totalPages, meta: m.meta })];
  for (const p of m.processes) {
    parts.push(encodeProcessHeader(p, p.regions.length));
    for (const r of p.regions) {
      if (r.flags.length !== r.ids.length) throw new RangeError(`region at page ${r.startPage}: ${r.ids.length} ids but ${r.flags.length} flags`);
      const enc = new RegionEncoder(r.startPage, r.ids.length);
      for (let i = 0; i < r.ids.length; i++) enc.push(r.ids[i], r.flags[i]);
      for (const c of r.churn ?? []) enc.pushChurn(c);
      parts.push(enc.finish());
    }
  }
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading

function checkInteger(what: string, v: number, max: number): void {
  if (!Number.isSafeInteger(v) || v < 0 || v > max) throw new RangeError(`${what} ${v} is not an integer in 0..${max}`);
}

class ByteReader {
  private view: DataView;
  at = 0;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(message: string): never {
    throw new MeasurementFormatError(`${message} (at byte ${this.at} of ${this.bytes.length})`);
  }

  need(n: number, what: string): void {
    if (this.at + n > this.bytes.length) this.fail(`truncated: ${what} needs ${n} bytes, ${this.bytes.length - this.at} left`);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.at++];
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.at, true);
    this.at += 4;
    return v;
  }

  u64(what: string): number {
    this.need(8, what);
    const lo = this.view.getUint32(this.at, true);
    const hi = this.view.getUint32(this.at + 4, true);
    if (hi >= 0x200000) this.fail(`${what} is larger than 2^53`);
    this.at += 8;
    return hi * 0x100000000 + lo;
  }

  slice(n: number, what: string): Uint8Array {
    this.need(n, what);
    const s = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return s;
  }

  json(what: string): unknown {
    const text = this.slice(this.u32(`${what} length`), what);
    try {
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(text));
    } catch (error) {
      return this.fail(`${what} is not UTF-8 JSON: ${(error as Error).message}`);
    }
  }
}

/** Reads one LEB128 varint from `b` at `at`; returns [value, next offset] or throws on truncation or overflow. */
function readVarint(b: Uint8Array, at: number, end: number, what: string): [number, number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (at >= end) throw new MeasurementFormatError(`truncated varint in ${what}`);
    const byte = b[at++];
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) break;
    scale *= 0x80;
    if (scale > 2 ** 49) throw new MeasurementFormatError(`varint in ${what} is longer than 8 bytes`);
  }
  return [value, at];
}

/** Iterates a run-length stream of (value, count) varints. */
function forEachStreamRun(stream: Uint8Array, what: string, cb: (value: number, count: number) => void): void {
  let at = 0;
  while (at < stream.length) {
    let value: number;
    let count: number;
    [value, at] = readVarint(stream, at, stream.length, what);
    [count, at] = readVarint(stream, at, stream.length, what);
    cb(value, count);
  }
}

class DecodedRegion implements MeasuredRegion {
  constructor(
    readonly startPage: number,
    readonly pageCount: number,
    private idStream: Uint8Array,
    private flagStream: Uint8Array,
    readonly churn: ChurnEntry[],
  ) {}

  forEachRun(cb: (id: number, flags: number, start: number, count: number) => void): void {
    // Both streams were validated to cover exactly pageCount pages: walk them side by side, so no
    // run list is ever built (a region can hold millions of runs).
    const f = this.flagStream;
    let fat = 0;
    let flags = 0;
    let flagLeft = 0;
    let page = 0;
    forEachStreamRun(this.idStream, 'ids', (id, count) => {
      while (count > 0) {
        if (flagLeft === 0) {
          [flags, fat] = readVarint(f, fat, f.length, 'flags');
          [flagLeft, fat] = readVarint(f, fat, f.length, 'flags');
        }
        const n = Math.min(count, flagLeft);
        cb(id, flags, page, n);
        page += n;
        count -= n;
        flagLeft -= n;
      }
    });
  }

  ids(): Uint32Array {
    return expand(this.idStream, new Uint32Array(this.pageCount));
  }

  flags(): Uint8Array {
    return expand(this.flagStream, new Uint8Array(this.pageCount));
  }
}

function expand<T extends Uint32Array | Uint8Array>(stream: Uint8Array, out: T): T {
  let at = 0;
  forEachStreamRun(stream, 'stream', (v, n) => {
    out.fill(v, at, at + n);
    at += n;
  });
  return out;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function checkMeta(r: ByteReader, v: unknown): MeasurementMeta {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) r.fail('metadata is not a JSON object');
  const m = v as Record<string, unknown>;
  if (m.source !== 'live' && m.source !== 'dump') r.fail(`metadata source must be "live" or "dump", not ${JSON.stringify(m.source)}`);
  if (typeof m.runId !== 'string' || typeof m.time !== 'string') r.fail('metadata needs a string runId and time');
  if (!isStringArray(m.assumed)) r.fail('metadata assumed must be an array of strings');
  if (m.host !== undefined && (typeof m.host !== 'object' || m.host === null || Array.isArray(m.host))) r.fail('metadata host must be an object');
  if (m.churn !== undefined) {
    const c = m.churn as Record<string, unknown>;
    const ok = typeof c === 'object' && c !== null && typeof c.windowSeconds === 'number' && c.windowSeconds >= 0 && Number.isSafeInteger(c.passes) && (c.passes as number) >= 1;
    if (!ok) r.fail('metadata churn must be {windowSeconds >= 0, passes >= 1}');
  }
  return m as unknown as MeasurementMeta;
}

function checkProcess(r: ByteReader, v: unknown, index: number): MeasuredProcessInfo {
  const where = `process ${index}`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) r.fail(`${where} is not a JSON object`);
  const p = v as Record<string, unknown>;
  if (!(p.pid === null || (Number.isSafeInteger(p.pid) && (p.pid as number) > 0))) r.fail(`${where}: pid must be a positive integer or null`);
  if (typeof p.comm !== 'string' || typeof p.name !== 'string' || !isStringArray(p.argv)) r.fail(`${where}: comm, name and argv must be strings`);
  if (p.kind !== 'qemu' && p.kind !== 'process') r.fail(`${where}: kind must be "qemu" or "process"`);
  if (p.merge !== 'madvise' && p.merge !== 'prctl' && p.merge !== 'none') r.fail(`${where}: merge must be "madvise", "prctl" or "none"`);
  return { pid: p.pid as number | null, comm: p.comm, argv: p.argv, name: p.name, kind: p.kind, merge: p.merge };
}

/** Tracks the id space while regions are validated: ids ≥ 2 must appear in first-seen order, each at least twice. */
class IdChecker {
  private seen: Uint8Array;
  private highest = FIRST_SHARED_ID - 1;

  constructor(readonly shared: number) {
    this.seen = new Uint8Array(shared);
  }

  add(r: ByteReader, where: string, id: number, count: number): void {
    if (id < FIRST_SHARED_ID) return;
    if (id > this.shared + 1) r.fail(`${where}: content id ${id} is above the ${this.shared} shared contents of the header`);
    if (id > this.highest + 1) r.fail(`${where}: content id ${id} appears before id ${this.highest + 1} (ids are numbered in first-seen order)`);
    if (id > this.highest) this.highest = id;
    const slot = id - FIRST_SHARED_ID;
    this.seen[slot] = Math.min(2, this.seen[slot] + count);
  }

  finish(r: ByteReader): void {
    if (this.highest !== this.shared + 1) r.fail(`the header declares ${this.shared} shared contents but ids stop at ${this.highest}`);
    const once = this.seen.indexOf(1);
    if (once >= 0) r.fail(`content id ${once + FIRST_SHARED_ID} occurs on one page only (shared ids need two or more)`);
  }
}

function readRegion(r: ByteReader, where: string, idc: IdChecker): DecodedRegion {
  const startPage = r.u64(`${where} start page`);
  const pageCount = r.u64(`${where} page count`);
  if (startPage >= MAX_PAGE_NUMBER) r.fail(`${where}: start page ${startPage} is not below 2^52`);
  if (pageCount === 0 || startPage + pageCount > MAX_PAGE_NUMBER) r.fail(`${where}: page count ${pageCount} is empty or runs past 2^52`);
  const idStream = readStream(r, where, 'id', pageCount, (id, n) => idc.add(r, where, id, n));
  const flagStream = readStream(r, where, 'flag', pageCount, (f) => {
    if ((f & ~KNOWN_FLAGS) !== 0 || f > 0xff) r.fail(`${where}: unknown page flags ${f}`);
  });
  const churnCount = r.u32(`${where} churn count`);
  if (churnCount > pageCount) r.fail(`${where}: ${churnCount} churn entries for ${pageCount} pages`);
  const churn: ChurnEntry[] = [];
  let page = 0;
  for (let i = 0; i < churnCount; i++) {
    let delta: number;
    let changes: number;
    [delta, r.at] = readVarintAt(r, `${where} churn`);
    [changes, r.at] = readVarintAt(r, `${where} churn`);
    const kind = r.u8(`${where} churn kind`);
    page += delta;
    if ((i > 0 && delta === 0) || page >= pageCount) r.fail(`${where}: churn entry ${i} names page ${page}, not ascending inside 0..${pageCount - 1}`);
    if (changes === 0) r.fail(`${where}: churn entry ${i} has no changes`);
    if (kind >= CHANGE_KINDS.length) r.fail(`${where}: churn entry ${i} has unknown change kind ${kind}`);
    churn.push({ page, changes, last: CHANGE_KINDS[kind] });
  }
  return new DecodedRegion(startPage, pageCount, idStream, flagStream, churn);
}

/** One length-prefixed run-length stream of a region, checked run by run and against the page count. */
function readStream(r: ByteReader, where: string, name: string, pageCount: number, check: (value: number, count: number) => void): Uint8Array {
  const stream = r.slice(r.u32(`${where} ${name} stream length`), `${where} ${name} stream`);
  let pages = 0;
  try {
    forEachStreamRun(stream, `${where} ${name}s`, (v, n) => {
      if (n === 0) r.fail(`${where}: empty run in the ${name} stream`);
      check(v, n);
      pages += n;
    });
  } catch (error) {
    // A varint error from the stream itself gets the byte offset too.
    if (error instanceof MeasurementFormatError && !error.message.includes(' (at byte ')) r.fail(error.message);
    throw error;
  }
  if (pages !== pageCount) r.fail(`${where}: the ${name} stream covers ${pages} pages, the region has ${pageCount}`);
  return stream;
}

function readVarintAt(r: ByteReader, what: string): [number, number] {
  try {
    return readVarint(r.bytes, r.at, r.bytes.length, what);
  } catch (error) {
    return r.fail((error as Error).message);
  }
}

/** Decodes and validates a whole content file; throws MeasurementFormatError with the first problem. */
export function decodeMeasurement(bytes: Uint8Array): Measurement {
  const r = new ByteReader(bytes);
  const magic = r.slice(Math.min(CONTENT_MAGIC.length, bytes.length), 'magic');
  if (new TextDecoder('latin1').decode(magic) !== CONTENT_MAGIC) {
    r.at = 0;
    r.fail(`not a Samepage content file (it does not start with "${CONTENT_MAGIC}")`);
  }
  const formatVersion = r.u32('format version');
  if (!READABLE_FORMAT_VERSIONS.includes(formatVersion)) r.fail(`format version ${formatVersion} is not supported (this Samepage reads versions ${READABLE_FORMAT_VERSIONS.join(' and ')})`);
  const pageSize = r.u32('page size');
  if (pageSize < 4096 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) r.fail(`page size ${pageSize} is not a power of two in 4096..65536`);
  const processCount = r.u32('process count');
  const sharedContentCount = r.u32('shared content count');
  const totalPages = r.u64('total pages');
  if (sharedContentCount > totalPages / 2) r.fail(`${sharedContentCount} shared contents cannot fit in ${totalPages} pages (each needs two)`);
  const meta = checkMeta(r, r.json('metadata'));
  const positions = formatVersion >= 2 ? readPositions(r, sharedContentCount) : undefined;
  const idc = new IdChecker(sharedContentCount);
  const processes: MeasuredProcess[] = [];
  let pages = 0;
  for (let i = 0; i < processCount; i++) {
    if (r.at >= bytes.length) r.fail(`truncated: the header declares ${processCount} processes, the file ends after ${i}`);
    const info = checkProcess(r, r.json(`process ${i}`), i);
    const regionCount = r.u32(`process ${i} region count`);
    const regions: DecodedRegion[] = [];
    let lastEnd = 0;
    for (let j = 0; j < regionCount; j++) {
      const where = `process ${i} region ${j}`;
      if (r.at >= bytes.length) r.fail(`truncated: process ${i} declares ${regionCount} regions, the file ends after ${j}`);
      const region = readRegion(r, where, idc);
      if (region.startPage < lastEnd) r.fail(`${where} starts at page ${region.startPage}, inside or before the previous region (address order)`);
      lastEnd = region.startPage + region.pageCount;
      pages += region.pageCount;
      regions.push(region);
    }
    processes.push({ ...info, regions });
  }
  if (r.at !== bytes.length) r.fail(`${bytes.length - r.at} bytes after the last process`);
  if (pages !== totalPages) r.fail(`the header declares ${totalPages} pages, the regions hold ${pages}`);
  idc.finish(r);
  return { formatVersion, pageSize, sharedContentCount, ...(positions ? { positions } : {}), totalPages, meta, processes };
}

/** Version 2: the memcmp positions of the shared contents, all of them or none. */
function readPositions(r: ByteReader, shared: number): Uint32Array | undefined {
  const count = r.u32('position count');
  if (count === 0) return undefined;
  if (count !== shared) r.fail(`${count} memcmp positions for ${shared} shared contents (all or none)`);
  const bytes = r.slice(4 * count, 'memcmp positions');
  const out = new Uint32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let k = 0; k < count; k++) out[k] = view.getUint32(4 * k, true);
  return out;
}
