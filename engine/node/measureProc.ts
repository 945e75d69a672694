/**
 * Node adapter: the live page source of `samepage measure`. Finds what ksmd would scan on this
 * host and reads it without changing anything:
 *
 * - candidates: every process with a VM_MERGEABLE area (`mg` in /proc/PID/smaps; prctl's
 *   PR_SET_MEMORY_MERGE marks every area it covers, and /proc/PID/ksm_stat says
 *   `ksm_merge_any: yes`), and the guest RAM of every QEMU process, mergeable or not;
 * - residency from /proc/PID/pagemap (a page that is not present is never read: reading it
 *   through /proc/PID/mem would fault it in; a swapped-out page is skipped, not swapped in);
 * - THP, KSM and zero-page state of each present page from /proc/kpageflags;
 * - contents by pread of /proc/PID/mem at the page's address (read-only; never ptrace-stops,
 *   never writes, never calls madvise).
 *
 * Layouts: Documentation/admin-guide/mm/pagemap.rst (Linux 6.18).
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { listQemuProcesses } from './hostImport';
import { guestName, guestRamVmas } from '../measure/guestRam';
import { isMergeable, isPrivateAnonymous, parseSmaps, type Vma } from '../measure/smaps';
import { KSM, RESIDENT, SWAPPED, THP, type MergeMode } from '../measure/format';
import { SourceGoneError, type PageSource, type SourceProcess } from '../measure/measure';

const PAGE = 4096;
// pagemap entry, high 32 bits: bit 63 present, 62 swapped, 61 file page or shared anonymous.
const PM_PRESENT = 1 << 31;
const PM_SWAPPED = 1 << 30;
const PM_FILE = 1 << 29;
const PM_EXCLUSIVE = 1 << 24; // bit 56: mapped by this process only
const PFN_HIGH_MASK = 0x7fffff; // PFN is bits 0..54
// kpageflags bits (include/uapi/linux/kernel-page-flags.h).
const KPF_ANON = 12;
const KPF_KSM = 21;
const KPF_THP = 22;
const KPF_ZERO_PAGE = 24;

export class MeasureSetupError extends Error {}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface Candidate extends SourceProcess {
  /** The areas the regions came from, one per region (Rss, AnonHugePages). */
  vmas: Vma[];
  /** KSM pages this process maps now (/proc/PID/ksm_merging_pages; unknown: assumed some). */
  ksmMergingPages: number;
}

function argvOf(pid: number, procDir: string): string[] | undefined {
  const cmdline = readText(`${procDir}/${pid}/cmdline`);
  return cmdline === undefined ? undefined : cmdline.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
}

/**
 * The processes to measure, in pid order: `pids` (each must exist), or every candidate on the host.
 * A named pid with nothing mergeable that is not QEMU is measured whole (its private anonymous
 * memory, as merge "none"), so a what-if can ask what prctl(PR_SET_MEMORY_MERGE) would give.
 */
export function findCandidates(pids: number[] | undefined, procDir = '/proc'): { candidates: Candidate[]; notes: string[] } {
  const notes: string[] = [];
  const qemuPids = new Set(listQemuProcesses(procDir).map((q) => q.pid));
  const all = pids ?? readPids(procDir);
  const candidates: Candidate[] = [];
  for (const pid of all) {
    const smaps = readText(`${procDir}/${pid}/smaps`);
    const argv = argvOf(pid, procDir);
    if (smaps === undefined || argv === undefined) {
      if (pids) throw new MeasureSetupError(`process ${pid} does not exist or its /proc/${pid}/smaps is not readable`);
      continue;
    }
    const comm = (readText(`${procDir}/${pid}/comm`) ?? '').trim();
    const vmas = parseSmaps(smaps);
    const ksmStat = readText(`${procDir}/${pid}/ksm_stat`) ?? '';
    const mergeAny = /^ksm_merge_any:\s*yes/m.test(ksmStat);
    const merging = /^ksm_merging_pages\s+(\d+)/m.exec(ksmStat)?.[1];
    const qemu = qemuPids.has(pid);
    const ram = qemu ? guestRamVmas(argv, vmas) : [];
    let chosen = vmas.filter((v) => isMergeable(v) || ram.includes(v));
    let merge: MergeMode = mergeAny ? 'prctl' : chosen.some(isMergeable) ? 'madvise' : 'none';
    if (qemu && ram.length === 0) notes.push(`QEMU process ${pid}: no mapping the size of its guest RAM; only its mergeable areas are measured.`);
    if (chosen.length === 0) {
      if (!pids) continue;
      chosen = vmas.filter(isPrivateAnonymous);
      merge = 'none';
      notes.push(`process ${pid} (${comm}) has no mergeable memory: its private anonymous memory is measured as not mergeable.`);
    }
    if (qemu && ram.length && !ram.some(isMergeable)) merge = 'none';
    const name = (qemu ? guestName(argv, readText(`${procDir}/${pid}/cgroup`)) : undefined) ?? comm;
    candidates.push({
      info: { pid, comm, argv, name, kind: qemu ? 'qemu' : 'process', merge },
      regions: chosen.map((v) => ({ startPage: v.start / PAGE, pageCount: (v.end - v.start) / PAGE, mergeable: isMergeable(v) })),
      vmas: chosen,
      ksmMergingPages: merging === undefined ? Number.POSITIVE_INFINITY : Number(merging),
    });
  }
  return { candidates, notes };
}

/** Every process but this one (its own memory is the measurement's, not the host's). */
function readPids(procDir: string): number[] {
  return readdirSync(procDir)
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .filter((pid) => pid !== process.pid)
    .sort((a, b) => a - b);
}

function isGone(error: unknown, pid: number, procDir: string): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ESRCH' || code === 'ENOENT' || readText(`${procDir}/${pid}/stat`) === undefined;
}

/** Reads the candidates' pages. Needs root (PFNs in pagemap, /proc/kpageflags). */
export class LiveSource implements PageSource {
  readonly pageSize = PAGE;
  readonly live = true;
  private fds = new Map<number, { pagemap: number; mem: number }>();
  private kpageflags: number;
  private pagemapBuf = Buffer.alloc(8 * 256);
  private flagBuf = Buffer.alloc(8 * 256);

  constructor(
    readonly processes: Candidate[],
    private procDir = '/proc',
  ) {
    try {
      this.kpageflags = openSync(`${procDir}/kpageflags`, 'r');
    } catch (error) {
      throw new MeasureSetupError(`cannot read /proc/kpageflags (${(error as NodeJS.ErrnoException).code}): samepage measure must run as root`);
    }
  }

  private open(pid: number): { pagemap: number; mem: number } {
    let fds = this.fds.get(pid);
    if (!fds) {
      const pagemap = openSync(`${this.procDir}/${pid}/pagemap`, 'r');
      let mem: number;
      try {
        mem = openSync(`${this.procDir}/${pid}/mem`, 'r');
      } catch (error) {
        closeSync(pagemap);
        throw error;
      }
      fds = { pagemap, mem };
      this.fds.set(pid, fds);
    }
    return fds;
  }

  read(process: number, region: number, first: number, count: number, batch: Uint8Array, states: Uint8Array): void {
    const p = this.processes[process];
    const pid = p.info.pid!;
    const r = p.regions[region];
    const page0 = r.startPage + first;
    let fds;
    let got: number;
    try {
      fds = this.open(pid);
      got = readSync(fds.pagemap, this.pagemapBuf, 0, 8 * count, page0 * 8);
    } catch (error) {
      if (isGone(error, pid, this.procDir)) throw new SourceGoneError(`process ${pid} exited`);
      throw error;
    }
    if (got === 0 && readText(`${this.procDir}/${pid}/stat`) === undefined) throw new SourceGoneError(`process ${pid} exited`);
    const pm = this.pagemapBuf;
    // A page mapped by this process only, in an area without huge pages, of a process with no
    // KSM page, is a plain anonymous page: no need to ask kpageflags (one read per page when
    // frames are scattered, the slowest part). Any other present page is looked up, run by run
    // of consecutive frames: a THP, a KSM page, the shared zero page, a page shared after fork.
    const plainPossible = p.vmas[region].anonHugeKb === 0 && p.ksmMergingPages === 0;
    for (let i = 0; i < count; ) {
      const hi = i * 8 < got ? pm.readUInt32LE(i * 8 + 4) : 0;
      if (hi & PM_SWAPPED) states[i] = SWAPPED;
      if (!(hi & PM_PRESENT) || hi & PM_FILE) {
        i++;
        continue;
      }
      if (plainPossible && hi & PM_EXCLUSIVE) {
        states[i++] = RESIDENT;
        continue;
      }
      const pfn = (hi & PFN_HIGH_MASK) * 0x100000000 + pm.readUInt32LE(i * 8);
      let j = i + 1;
      while (j < count && j * 8 < got && pm.readUInt32LE(j * 8 + 4) === hi && pm.readUInt32LE(j * 8) === pm.readUInt32LE(i * 8) + (j - i)) j++;
      const n = readSync(this.kpageflags, this.flagBuf, 0, 8 * (j - i), pfn * 8);
      for (let k = i; k < j; k++) {
        const at = (k - i) * 8;
        if (at + 8 > n) break;
        const lo = this.flagBuf.readUInt32LE(at);
        const fhi = this.flagBuf.readUInt32LE(at + 4);
        const bit = (b: number) => (b < 32 ? (lo >>> b) & 1 : (fhi >>> (b - 32)) & 1);
        // The shared zero page (a read fault on untouched memory) is not an anonymous page: ksmd skips it.
        if (bit(KPF_ZERO_PAGE) || !bit(KPF_ANON)) continue;
        states[k] = RESIDENT | (bit(KPF_THP) ? THP : 0) | (bit(KPF_KSM) ? KSM : 0);
      }
      i = j;
    }
    // Contents, run by run of resident pages.
    for (let i = 0; i < count; ) {
      if (!(states[i] & RESIDENT)) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < count && states[j] & RESIDENT) j++;
      let n: number;
      try {
        n = readSync(fds.mem, batch, i * PAGE, (j - i) * PAGE, (page0 + i) * PAGE);
      } catch (error) {
        if (isGone(error, pid, this.procDir)) throw new SourceGoneError(`process ${pid} exited`);
        // EIO: the area went away between pagemap and the read: nothing there to scan.
        n = 0;
      }
      for (let k = i + Math.floor(n / PAGE); k < j; k++) states[k] = 0;
      i = j;
    }
  }

  close(): void {
    for (const { pagemap, mem } of this.fds.values()) {
      closeSync(pagemap);
      closeSync(mem);
    }
    this.fds.clear();
    closeSync(this.kpageflags);
  }
}
