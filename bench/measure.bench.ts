import { spawn } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HASH_BATCH_PAGES, PageHasher } from '../engine/measure/pageHash';
import { measure } from '../engine/measure/measure';
import { oneProcess, SyntheticSource } from '../test/engine/measure/syntheticSource';
import type { BenchFigure } from './run';

/**
 * samepage measure: fingerprint speed per core, the whole first pass over an in-memory source,
 * memory per measured page (and what that makes of a 256 GiB host), and how fast Ctrl-C stops a
 * real `samepage measure --dump` (no root needed: a sparse raw dump file).
 */
const GIB = 2 ** 30;
const HOST_256_GIB_PAGES = (256 * GIB) / 4096;

function fingerprintRate(): number {
  const h = new PageHasher(0x1234n, 0x5678n);
  const words = new Uint32Array(h.batch.buffer, h.batch.byteOffset, h.batch.length / 4);
  for (let i = 0; i < words.length; i++) words[i] = Math.imul(i + 1, 0x9e3779b1);
  const rounds = 2048; // 2 GiB
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) h.hash(HASH_BATCH_PAGES);
  return (rounds * HASH_BATCH_PAGES * 4096) / GIB / ((performance.now() - t0) / 1000);
}

/** Every page resident and non-zero, in pairs of equal content: the table's worst case. */
async function firstPass(pages: number): Promise<{ gibPerSecond: number; bytesPerPage: number }> {
  const source = new SyntheticSource([oneProcess([pages])], (_p, _r, page) => page >> 1);
  const t0 = performance.now();
  const outcome = await measure(source, { salt: [1n, 2n] });
  const seconds = (performance.now() - t0) / 1000;
  return { gibPerSecond: (pages * 4096) / GIB / seconds, bytesPerPage: outcome.peakTableBytes / pages };
}

/** Starts `samepage measure --dump` on a sparse 64 GiB raw file, sends SIGINT after 2 s, times the exit. */
async function ctrlC(): Promise<{ exitMs: number; progressLines: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-bench-'));
  const dump = join(dir, 'sparse.raw');
  const fd = openSync(dump, 'w');
  ftruncateSync(fd, 64 * GIB);
  closeSync(fd);
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'measure', '--dump', dump, '--out', join(dir, 'x.samepage.json')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const t0 = performance.now();
    child.kill('SIGINT');
    await new Promise((resolve) => child.on('exit', resolve));
    return { exitMs: performance.now() - t0, progressLines: stderr.split('\n').filter((l) => l.startsWith('measure: pass 1:')).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchFigure[]> {
  const rate = fingerprintRate();
  const pass = await firstPass(2 ** 20);
  const stop = await ctrlC();
  return [
    { name: 'page fingerprints (WebAssembly, one core)', value: rate, unit: 'GiB/s', note: 'target ≥ 1' },
    { name: 'first pass over an in-memory source (read, fingerprint, dedupe)', value: pass.gibPerSecond, unit: 'GiB/s', note: '4 GiB of pages, all resident, in pairs' },
    { name: 'memory per measured page', value: pass.bytesPerPage, unit: 'B', note: 'worst case; target ≤ 16' },
    { name: 'a 256 GiB host (67 M pages): page table', value: (pass.bytesPerPage * HOST_256_GIB_PAGES) / GIB, unit: 'GiB', note: 'fits a 24 GiB machine' },
    { name: 'Ctrl-C to exit of samepage measure', value: stop.exitMs, unit: 'ms', note: `target ≤ 200; ${stop.progressLines} progress lines on stderr in 4 s` },
  ];
}
