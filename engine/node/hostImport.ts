/**
 * "Samepage: Import this host": a what-if scenario from this machine. MemTotal and swap from
 * /proc/meminfo, the running QEMU processes (command line, -m, mem-merge, RSS) from /proc, the
 * current KSM knobs from /sys/kernel/mm/ksm, the kernel release, CPUs and NUMA nodes. Anything
 * unreadable is left at the seed's value and named in the notes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { libvirtGuest } from '../libvirt/guest';
import { guestGroupOf, type DocumentGuest } from '../whatif/fromDocument';
import { readKsmSysfs, readMeminfo } from './hostFacts';
import { majorMinor } from '../knowledge/kernelVersion';
import { knobValueFromText, WRITABLE_KNOB_NAMES } from '../knowledge/knobs';
import { DEFAULT_GUEST_PROFILE } from '../knowledge/guestProfiles';
import { seedScenario } from '../whatif/seed';
import { guestFromArgv } from '../whatif/qemuArgv';
import type { Scenario } from '../whatif/scenario';
import type { KsmKnobs } from '../sim/api';

export interface ImportedHost {
  scenario: Scenario;
  notes: string[];
}

export interface QemuProcessInfo {
  pid: number;
  argv: string[];
  rssKb: number;
}

const QEMU_COMM = /^(qemu(-kvm|-system-.+|:.{1,11})?|kvm)$/;
/** Where libvirt keeps the live state of each running QEMU domain. */
export const LIBVIRT_LIVE_DIR = '/run/libvirt/qemu';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function listQemuProcesses(procDir = '/proc'): QemuProcessInfo[] {
  const out: QemuProcessInfo[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(procDir).filter((n) => /^\d+$/.test(n));
  } catch {
    return out;
  }
  for (const pid of entries) {
    const comm = read(`${procDir}/${pid}/comm`)?.trim();
    if (!comm || !QEMU_COMM.test(comm)) continue;
    const cmdline = read(`${procDir}/${pid}/cmdline`);
    if (!cmdline) continue;
    const argv = cmdline.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1).slice(0, 2000);
    const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(read(`${procDir}/${pid}/status`) ?? '');
    out.push({ pid: Number(pid), argv, rssKb: rss ? Number(rss[1]) : 0 });
  }
  return out;
}

export { guestFromArgv };

export function knobsFromSysfs(raw: Record<string, string> | undefined): Partial<KsmKnobs> {
  const knobs: Record<string, number | string> = {};
  if (!raw) return knobs;
  for (const name of WRITABLE_KNOB_NAMES) {
    const value = raw[name] === undefined ? undefined : knobValueFromText(name, raw[name]);
    if (value !== undefined) knobs[name] = value;
  }
  return knobs as Partial<KsmKnobs>;
}

/** Whether a ksmtuned process is running (false where there is no /proc). */
export function ksmtunedIsRunning(procDir = '/proc'): boolean {
  try {
    return readdirSync(procDir).some((pid) => /^\d+$/.test(pid) && isKsmtuned((read(`${procDir}/${pid}/cmdline`) ?? '').split('\0')));
  } catch {
    return false;
  }
}

/** ksmtuned runs as `bash /usr/sbin/ksmtuned` (or the script directly): its name is argv[0] or argv[1]. */
export function isKsmtuned(argv: string[]): boolean {
  const base = (a: string | undefined) => (a ?? '').slice((a ?? '').lastIndexOf('/') + 1);
  return base(argv[0]) === 'ksmtuned' || (/^(ba|da)?sh$/.test(base(argv[0])) && base(argv[1]) === 'ksmtuned');
}

/** The running libvirt domains (their live XML), each with its QEMU pid; notes for the ones left out. */
export function libvirtLiveGuests(dir = LIBVIRT_LIVE_DIR): { guests: Array<{ guest: DocumentGuest; pid?: number }>; notes: string[] } {
  const guests: Array<{ guest: DocumentGuest; pid?: number }> = [];
  const notes: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.xml')).sort().slice(0, 64);
  } catch {
    return { guests, notes };
  }
  for (const name of names) {
    const text = read(`${dir}/${name}`);
    if (text === undefined) continue;
    const one = libvirtGuest(text, `${dir}/${name}`);
    if ('guest' in one) guests.push(one);
    else notes.push(`libvirt domain left out, ${one.leftOut}`);
  }
  return { guests, notes };
}

export function configHz(kernelRelease: string): number | undefined {
  const m = /^CONFIG_HZ=(\d+)$/m.exec(read(`/boot/config-${kernelRelease}`) ?? '');
  return m ? Number(m[1]) : undefined;
}

export function importThisHost(): ImportedHost {
  const base = seedScenario();
  const notes: string[] = [];
  const meminfo = readMeminfo();
  const kernelRelease = release();
  const scenario: Scenario = {
    name: 'This host',
    description: `Imported from this machine (${kernelRelease}).`,
    host: { ...base.host, otherUsedKb: undefined, cachedKb: undefined },
    guests: [],
    knobs: knobsFromSysfs(readKsmSysfs()),
    ksmtuned: { enabled: false, variant: existsSync('/etc/debian_version') ? 'debian' : 'fedora', values: {} },
    durationSeconds: 600,
  };
  if (meminfo?.MemTotal) {
    scenario.host.memTotalKb = meminfo.MemTotal;
    scenario.host.swapKb = meminfo.SwapTotal ?? 0;
    scenario.host.cachedKb = (meminfo.Cached ?? 0) + (meminfo.Buffers ?? 0);
  } else notes.push('/proc/meminfo is not readable: the host memory is the seed host\'s.');
  const kernel = majorMinor(kernelRelease);
  if (kernel) scenario.host.kernel = kernel;
  scenario.host.cpus = Math.max(1, cpus().length);
  try {
    scenario.host.numaNodes = Math.max(1, readdirSync('/sys/devices/system/node').filter((n) => /^node\d+$/.test(n)).length);
  } catch {
    scenario.host.numaNodes = 1;
  }
  const hz = configHz(kernelRelease);
  if (hz) scenario.host.hz = hz;
  else {
    scenario.host.hz = 250;
    notes.push('CONFIG_HZ is not readable from /boot: assumed 250.');
  }
  const qemus = listQemuProcesses();
  // libvirt's live XML says more than a command line (the domain's name, memory on NUMA cells).
  const live = libvirtLiveGuests();
  const names = new Set<string>();
  for (const [i, { guest }] of live.guests.entries()) scenario.guests.push(guestGroupOf(guest, i, names, 'linux-server-idle', true));
  notes.push(...live.notes);
  if (live.guests.length) notes.push(`${live.guests.length} running libvirt domain(s) read from ${LIBVIRT_LIVE_DIR}.`);
  const libvirtPids = new Set(live.guests.map((g) => g.pid));
  let guestRssKb = 0;
  for (const p of qemus.slice(0, 64)) {
    guestRssKb += p.rssKb;
    if (libvirtPids.has(p.pid)) continue;
    const read = guestFromArgv(p.argv);
    if ('reason' in read) {
      notes.push(`QEMU process ${p.pid} is left out: ${read.reason}`);
      continue;
    }
    const binary = p.argv[0] && /^[^\s'"`$\\]+$/.test(p.argv[0]) ? p.argv[0].slice(0, 256) : undefined;
    scenario.guests.push({ name: `qemu-${p.pid}`.slice(0, 32), count: 1, memoryMiB: read.memoryMiB, profile: DEFAULT_GUEST_PROFILE, memMerge: read.memMerge, thp: true, ...(binary ? { binary } : {}) });
  }
  if (scenario.guests.length) notes.push(`Guest contents are estimated, not read: each guest is a ${DEFAULT_GUEST_PROFILE} profile (change it in the panel). "Samepage: Measure this host" reads what they hold.`);
  notes.push(qemus.length ? `${qemus.length} running QEMU process(es), ${Math.round(guestRssKb / 1024)} MiB resident in all.` : 'No running QEMU process found.');
  if (meminfo?.MemTotal && meminfo.MemFree !== undefined) {
    const freeish = meminfo.MemFree + (meminfo.Cached ?? 0) + (meminfo.Buffers ?? 0);
    const modelled = scenario.guests.reduce((n, g) => n + g.memoryMiB * 1024 + 120 * 1024, 0);
    scenario.host.otherUsedKb = Math.max(0, Math.min(meminfo.MemTotal - modelled - (scenario.host.cachedKb ?? 0), meminfo.MemTotal - freeish - guestRssKb));
  }
  if (ksmtunedIsRunning()) {
    scenario.ksmtuned.enabled = true;
    // It has been adjusting this host already: the run resumes from where its own rule has taken it.
    scenario.ksmtuned.state = 'running';
    notes.push('ksmtuned is running (the what-if resumes it where it is): open its ksmtuned.conf and run the what-if from there to use its values.');
  }
  return { scenario, notes };
}
