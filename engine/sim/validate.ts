/**
 * Checks a SimConfig before anything is allocated: every number finite and in range, names
 * unique, sizes within what one process can simulate. Throws SimConfigError naming the field.
 */
import { parseKernelVersion } from '../knowledge/kernelVersion';
import type { ContentMix, MeasuredPages, SimConfig, WritePattern, WriteTarget } from './api';
import { SimConfigError } from './errors';
import { mixPages } from './contentLayout';
import { isMeasured, measuredRunError } from './measuredContent';

/** Pages one simulation may hold: 2^30 pages = 4 TiB of 4 KiB pages (page arrays are typed arrays indexed by page). */
export const MAX_SIM_PAGES = 2 ** 30;
/** Largest host: 64 TiB. */
export const MAX_MEM_KB = 64 * 1024 * 1024 * 1024;
export const MAX_SAMPLES = 1_000_000;
export const MAX_DURATION_SECONDS = 366 * 24 * 3600;

function num(field: string, v: unknown, opts: { min?: number; max?: number; integer?: boolean; positive?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SimConfigError(field, `must be a finite number, got ${JSON.stringify(v) ?? String(v)}`);
  if (opts.integer && !Number.isInteger(v)) throw new SimConfigError(field, `must be a whole number, got ${v}`);
  if (opts.positive && v <= 0) throw new SimConfigError(field, `must be positive, got ${v}`);
  if (opts.min !== undefined && v < opts.min) throw new SimConfigError(field, `must be at least ${opts.min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) throw new SimConfigError(field, `must be at most ${opts.max}, got ${v}`);
  return v;
}

function optNum(field: string, v: unknown, opts: Parameters<typeof num>[2] = {}): void {
  if (v !== undefined) num(field, v, opts);
}

function checkMix(field: string, mix: ContentMix, pages: number): void {
  if (!mix || typeof mix !== 'object') throw new SimConfigError(field, 'is missing');
  num(`${field}.zeroPages`, mix.zeroPages, { integer: true, min: 0 });
  num(`${field}.uniquePages`, mix.uniquePages, { integer: true, min: 0 });
  num(`${field}.seed`, mix.seed, { min: 0 });
  if (mix.layout !== 'sequential' && mix.layout !== 'shuffle' && mix.layout !== 'scatter') {
    throw new SimConfigError(`${field}.layout`, `must be 'sequential', 'shuffle' or 'scatter', got ${JSON.stringify(mix.layout)}`);
  }
  if (!Array.isArray(mix.pools)) throw new SimConfigError(`${field}.pools`, 'must be an array');
  mix.pools.forEach((pool, k) => {
    const f = `${field}.pools[${k}]`;
    if (typeof pool.pool !== 'string' || pool.pool === '') throw new SimConfigError(`${f}.pool`, 'must be a non-empty name');
    num(`${f}.distinct`, pool.distinct, { integer: true, min: 1, max: MAX_SIM_PAGES });
    num(`${f}.pages`, pool.pages, { integer: true, min: 0 });
    if (pool.weights !== undefined) {
      if (!Array.isArray(pool.weights) || pool.weights.length !== pool.distinct) throw new SimConfigError(`${f}.weights`, `must list one weight per distinct content (${pool.distinct})`);
      pool.weights.forEach((w, i) => num(`${f}.weights[${i}]`, w, { min: 0 }));
    }
  });
  const used = mixPages(mix);
  if (used > pages) throw new SimConfigError(field, `accounts for ${used} pages but the region has ${pages}`);
}

function checkMeasured(field: string, m: MeasuredPages, pages: number): void {
  num(`${field}.sharedContents`, m.sharedContents, { integer: true, min: 0, max: MAX_SIM_PAGES });
  if (typeof m.forEachRun !== 'function') throw new SimConfigError(`${field}.forEachRun`, 'must be a function');
  if (m.order !== undefined && !(m.order instanceof Uint32Array && m.order.length === m.sharedContents)) {
    throw new SimConfigError(`${field}.order`, `must be a Uint32Array with one position per shared content (${m.sharedContents})`);
  }
  const error = measuredRunError(m, pages);
  if (error) throw new SimConfigError(field, error);
}

function checkTarget(field: string, t: WriteTarget, sets: number): void {
  if (t === 'any' || t === 'dup' || t === 'unique' || t === 'zero') return;
  if (t && typeof t === 'object' && 'set' in t) {
    num(`${field}.set`, t.set, { integer: true, min: 0, max: sets - 1 });
    return;
  }
  if (t && typeof t === 'object' && typeof t.pool === 'string') {
    if (t.content !== undefined) num(`${field}.content`, t.content, { integer: true, min: 0 });
    return;
  }
  throw new SimConfigError(field, `must be any, dup, unique, zero, { pool } or { set }, got ${JSON.stringify(t)}`);
}

function checkWrite(field: string, w: WritePattern, sets: number): void {
  if (w.mode !== 'new' && w.mode !== 'same' && w.mode !== 'byte' && w.mode !== 'zero') throw new SimConfigError(`${field}.mode`, `must be new, same, byte or zero, got ${JSON.stringify(w.mode)}`);
  checkTarget(`${field}.target`, w.target, sets);
  if (w.kind === 'rate') {
    num(`${field}.pagesPerSecond`, w.pagesPerSecond, { min: 0, max: 1e9 });
    optNum(`${field}.start`, w.start, { min: 0 });
    optNum(`${field}.stop`, w.stop, { min: 0 });
  } else if (w.kind === 'burst') {
    num(`${field}.at`, w.at, { min: 0 });
    num(`${field}.count`, w.count, { integer: true, min: 0, max: 1e9 });
  } else {
    throw new SimConfigError(`${field}.kind`, `must be rate or burst, got ${JSON.stringify((w as { kind: unknown }).kind)}`);
  }
}

export function validateConfig(config: SimConfig): void {
  if (!config || typeof config !== 'object') throw new SimConfigError('config', 'is missing');
  const h = config.host;
  if (!h || typeof h !== 'object') throw new SimConfigError('host', 'is missing');
  num('host.memTotalKb', h.memTotalKb, { positive: true, max: MAX_MEM_KB });
  num('host.pageSize', h.pageSize, { integer: true, min: 1024, max: 1 << 21 });
  num('host.hz', h.hz, { integer: true, min: 1, max: 100_000 });
  num('host.cpus', h.cpus, { integer: true, min: 1, max: 1 << 16 });
  num('host.numaNodes', h.numaNodes, { integer: true, min: 1, max: 1024 });
  num('host.swapKb', h.swapKb, { min: 0, max: MAX_MEM_KB });
  num('host.perPageCostNs', h.perPageCostNs, { min: 0, max: 1e9 });
  num('host.otherUsedKb', h.otherUsedKb, { min: 0, max: MAX_MEM_KB });
  num('host.cachedKb', h.cachedKb, { min: 0, max: MAX_MEM_KB });
  optNum('host.uptimeSeconds', h.uptimeSeconds, { min: 0 });
  optNum('host.ksmdCpuSeconds', h.ksmdCpuSeconds, { min: 0 });
  if (typeof h.kernel !== 'string' || !parseKernelVersion(h.kernel)) throw new SimConfigError('host.kernel', `must be a version like "6.18", got ${JSON.stringify(h.kernel)}`);

  const duration = num('durationSeconds', config.durationSeconds, { positive: true, max: MAX_DURATION_SECONDS });
  const interval = num('sampleIntervalSeconds', config.sampleIntervalSeconds, { positive: true });
  if (duration / interval > MAX_SAMPLES) throw new SimConfigError('sampleIntervalSeconds', `${interval} s over ${duration} s gives more than ${MAX_SAMPLES} samples`);
  if (!config.knobs || typeof config.knobs !== 'object') throw new SimConfigError('knobs', 'must be an object (may be empty)');

  if (!Array.isArray(config.processes)) throw new SimConfigError('processes', 'must be an array');
  const names = new Set<string>();
  let totalPages = 0;
  config.processes.forEach((p, i) => {
    const f = `processes[${i}]`;
    if (typeof p.name !== 'string' || p.name === '') throw new SimConfigError(`${f}.name`, 'must be a non-empty string');
    if (names.has(p.name)) throw new SimConfigError(`${f}.name`, `duplicate process name ${JSON.stringify(p.name)}`);
    names.add(p.name);
    if (!Array.isArray(p.argv)) throw new SimConfigError(`${f}.argv`, 'must be an array of strings');
    if (p.merge !== 'madvise' && p.merge !== 'prctl' && p.merge !== 'none') throw new SimConfigError(`${f}.merge`, `must be madvise, prctl or none, got ${JSON.stringify(p.merge)}`);
    optNum(`${f}.startAt`, p.startAt, { min: 0 });
    optNum(`${f}.exitAt`, p.exitAt, { min: 0 });
    optNum(`${f}.extraRssKb`, p.extraRssKb, { min: 0, max: MAX_MEM_KB });
    if (!Array.isArray(p.regions)) throw new SimConfigError(`${f}.regions`, 'must be an array');
    p.regions.forEach((r, k) => {
      const rf = `${f}.regions[${k}]`;
      const pages = num(`${rf}.pages`, r.pages, { integer: true, min: 0 });
      totalPages += pages;
      if (totalPages > MAX_SIM_PAGES) {
        throw new SimConfigError(`${rf}.pages`, `the processes hold more than ${MAX_SIM_PAGES} pages (${(MAX_SIM_PAGES * h.pageSize) / 2 ** 30} GiB at this page size), the most one simulation can hold`);
      }
      if (r.numaNode !== undefined) num(`${rf}.numaNode`, r.numaNode, { integer: true, min: 0, max: h.numaNodes - 1 });
      if (r.mergeable !== undefined && typeof r.mergeable !== 'boolean') throw new SimConfigError(`${rf}.mergeable`, 'must be true or false');
      if (isMeasured(r.content)) checkMeasured(`${rf}.content`, r.content, pages);
      else checkMix(`${rf}.content`, r.content, pages);
    });
    const processPages = p.regions.reduce((n, r) => n + r.pages, 0);
    (p.pageSets ?? []).forEach((set, k) => {
      if (!(set instanceof Int32Array)) throw new SimConfigError(`${f}.pageSets[${k}]`, 'must be an Int32Array of page indexes');
      for (const i of set) if (i < 0 || i >= processPages) throw new SimConfigError(`${f}.pageSets[${k}]`, `page ${i} is outside the process's ${processPages} pages`);
    });
    (p.writes ?? []).forEach((w, k) => checkWrite(`${f}.writes[${k}]`, w, p.pageSets?.length ?? 0));
  });
  (config.events ?? []).forEach((e, i) => {
    const f = `events[${i}]`;
    num(`${f}.t`, e.t, { min: 0 });
    if (e.kind === 'exit') {
      if (!names.has(e.process)) throw new SimConfigError(`${f}.process`, `no process named ${JSON.stringify(e.process)}`);
    } else if (e.kind === 'set') {
      if (!e.knobs || typeof e.knobs !== 'object') throw new SimConfigError(`${f}.knobs`, 'must be an object');
    } else {
      throw new SimConfigError(`${f}.kind`, `must be set or exit, got ${JSON.stringify((e as { kind: unknown }).kind)}`);
    }
  });
  if (config.ksmtuned) {
    if (config.ksmtuned.variant !== 'debian' && config.ksmtuned.variant !== 'fedora') throw new SimConfigError('ksmtuned.variant', `must be debian or fedora, got ${JSON.stringify(config.ksmtuned.variant)}`);
    if (!config.ksmtuned.values || typeof config.ksmtuned.values !== 'object') throw new SimConfigError('ksmtuned.values', 'must be an object');
    optNum('ksmtuned.startAt', config.ksmtuned.startAt, { min: 0 });
  }
}
