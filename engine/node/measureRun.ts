/**
 * Node adapter: one `samepage measure` run, from the page source to the two files (the content
 * file and the scenario beside it). Both are written through a temporary name and renamed, with
 * mode 0600, and owned by the user who ran `sudo` (SUDO_UID/SUDO_GID) when run under sudo.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, fchmodSync, fchownSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { decodeMeasurement, type Measurement, type MeasurementMeta } from '../measure/format';
import { contentFileChunks, measure, type MeasureOutcome, type MeasureProgress, type PageSource } from '../measure/measure';
import { saltFrom } from '../measure/pageHash';
import { measurementToScenario, type MeasuredScenario } from '../measure/toScenario';
import { countPages, describeMeasurement, type PageCounts } from '../measure/summary';
import { DumpSource, DUMP_ASSUMPTIONS } from './measureDump';
import { findCandidates, LiveSource, MeasureSetupError } from './measureProc';
import { readMeasuredHostFacts } from './measureHost';
import { KSM_SYSFS_DIR } from '../knowledge/knobs';
import { existsSync } from 'node:fs';

export { MeasureSetupError };

export interface MeasureRunOptions {
  pids?: number[];
  dumps?: string[];
  intervalSeconds: number;
  /** Share of one core, 0..1. */
  maxCpu: number;
  /** The scenario file to write; the content file goes beside it. */
  out: string;
  onProgress?: (p: MeasureProgress) => void;
  /** Owner for the files (default: SUDO_UID/SUDO_GID when running as root under sudo). */
  owner?: { uid: number; gid: number };
}

export interface MeasureRunResult {
  scenarioFile: string;
  contentFile: string;
  scenario: MeasuredScenario;
  total: PageCounts;
  perProcess: PageCounts[];
  sentences: string[];
  notes: string[];
  passes: number;
  windowSeconds: number;
  peakTableBytes: number;
}

/** `host.samepage.json` → `host.samepage-content`; any other name gets the suffix appended. */
export function contentFileFor(out: string): string {
  const m = /^(.*?)(\.samepage)?\.json$/i.exec(out);
  return m ? `${m[1]}.samepage-content` : `${out}.samepage-content`;
}

/** SUDO_UID/SUDO_GID when this process is root and was started by sudo. */
export function sudoOwner(env: NodeJS.ProcessEnv = process.env): { uid: number; gid: number } | undefined {
  const uid = Number(env.SUDO_UID);
  const gid = Number(env.SUDO_GID);
  if (process.getuid?.() !== 0 || !Number.isInteger(uid) || !Number.isInteger(gid) || env.SUDO_UID === undefined) return undefined;
  return { uid, gid };
}

/** Writes chunks to `path` through a temporary file in the same folder; mode 0600; chowned to `owner`. */
export function writePrivateFile(path: string, chunks: Iterable<Uint8Array>, owner: { uid: number; gid: number } | undefined): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    if (owner) fchownSync(fd, owner.uid, owner.gid);
    for (const chunk of chunks) {
      let at = 0;
      while (at < chunk.length) at += writeSync(fd, chunk, at, chunk.length - at);
    }
    closeSync(fd);
    renameSync(tmp, path);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
}

function openSource(o: MeasureRunOptions): { source: PageSource & { close(): void }; notes: string[]; assumed: string[]; residentKb: number } {
  if (o.dumps?.length) {
    const source = new DumpSource(o.dumps);
    return { source, notes: source.notes, assumed: DUMP_ASSUMPTIONS, residentKb: 0 };
  }
  if (process.getuid?.() !== 0) {
    throw new MeasureSetupError(
      "samepage measure reads other processes' memory (/proc/PID/pagemap, /proc/PID/mem, /proc/kpageflags): run it as root, e.g. `sudo " +
        [process.execPath, process.argv[1], ...process.argv.slice(2)].join(' ') +
        '`',
    );
  }
  const { candidates, notes } = findCandidates(o.pids);
  if (candidates.length === 0) throw new MeasureSetupError('nothing to measure: no process has mergeable memory (madvise or prctl) and no QEMU guest is running');
  if (!existsSync(KSM_SYSFS_DIR)) notes.push(`this kernel has no KSM (${KSM_SYSFS_DIR} is missing): the measurement says what KSM would save on a kernel with it; no page is merged now.`);
  const residentKb = candidates.reduce((n, c) => n + c.vmas.reduce((k, v) => k + v.rssKb, 0), 0);
  const thpKb = candidates.reduce((n, c) => n + c.vmas.reduce((k, v) => k + v.anonHugeKb, 0), 0);
  if (thpKb) notes.push(`smaps: ${Math.round(thpKb / 1024)} MiB of the measured areas are AnonHugePages.`);
  return { source: new LiveSource(candidates), notes, assumed: [], residentKb };
}

export async function runMeasurement(o: MeasureRunOptions): Promise<MeasureRunResult> {
  const { source, notes, assumed, residentKb } = openSource(o);
  let outcome: MeasureOutcome;
  const time = new Date().toISOString();
  try {
    if (o.intervalSeconds > 0 && !source.live) notes.push('a dump cannot be watched: --interval is ignored.');
    outcome = await measure(source, { salt: saltFrom(randomBytes(16)), intervalSeconds: o.intervalSeconds, maxCpu: o.maxCpu, onProgress: o.onProgress });
    if (outcome.kept.length === 0) throw new MeasureSetupError(`nothing measured: ${outcome.notes.join(' ')}`);
    const facts = await readMeasuredHostFacts(source.pageSize, residentKb);
    const meta: MeasurementMeta = {
      source: source.live ? 'live' : 'dump',
      runId: randomUUID(),
      time,
      host: facts as unknown as Record<string, unknown>,
      assumed,
      ...(outcome.passes > 1 ? { churn: { windowSeconds: outcome.windowSeconds, passes: outcome.passes } } : {}),
    };
    const owner = o.owner ?? sudoOwner();
    const contentFile = contentFileFor(o.out);
    writePrivateFile(contentFile, contentFileChunks(source, outcome, meta), owner);
    const m: Measurement = decodeMeasurement(readFileSync(contentFile));
    const scenario = measurementToScenario(m, basename(contentFile));
    writePrivateFile(o.out, [new TextEncoder().encode(JSON.stringify(scenario, null, 2) + '\n')], owner);
    const { total, perProcess } = countPages(m);
    return {
      scenarioFile: o.out,
      contentFile,
      scenario,
      total,
      perProcess,
      sentences: describeMeasurement(m, total),
      notes: [...notes, ...outcome.notes],
      passes: outcome.passes,
      windowSeconds: outcome.windowSeconds,
      peakTableBytes: outcome.peakTableBytes,
    };
  } finally {
    source.close();
  }
}
