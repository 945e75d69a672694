/**
 * Node adapter: the host facts of a measurement. MemTotal, free and swap from /proc/meminfo; the
 * kernel, CPUs and NUMA nodes; HZ from the kernel config (/boot/config-RELEASE or /proc/config.gz),
 * else by counting `jiffies` in /proc/timer_list over one second; THP mode; the KSM knobs and
 * counters; and ksmtuned: running or not, and its conf as bash sources it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, hostname, release } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { readKsmSysfs, readMeminfo } from './hostFacts';
import { KSM_SYSFS_DIR } from '../knowledge/knobs';
import { configHz, knobsFromSysfs, ksmtunedIsRunning } from './hostImport';
import { majorMinor } from '../knowledge/kernelVersion';
import { ksmtunedFactsOf } from '../whatif/documentFacts';
import type { MeasuredHostFacts } from '../measure/hostFacts';
import { KSM_COUNTERS } from '../sim/api';

const KSMTUNED_CONF = '/etc/ksmtuned.conf';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function hzFromProcConfig(): number | undefined {
  try {
    const m = /^CONFIG_HZ=(\d+)$/m.exec(gunzipSync(readFileSync('/proc/config.gz')).toString('utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function jiffies(): number | undefined {
  const m = /^jiffies: (\d+)$/m.exec(read('/proc/timer_list') ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Ticks in one second of /proc/timer_list's jiffies, rounded to the usual HZ values. */
export async function countHz(): Promise<number | undefined> {
  const a = jiffies();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const b = jiffies();
  if (a === undefined || b === undefined) return undefined;
  const rate = ((b - a) * 1000) / (performance.now() - t0);
  return [100, 250, 300, 1000].reduce((best, hz) => (Math.abs(hz - rate) < Math.abs(best - rate) ? hz : best));
}

function bracketed(path: string): string | undefined {
  return /\[([^\]]+)\]/.exec(read(path) ?? '')?.[1];
}

export async function readMeasuredHostFacts(pageSize: number, guestResidentKb: number): Promise<MeasuredHostFacts> {
  const meminfo = readMeminfo() ?? {};
  const kernelRelease = release();
  let hz = configHz(kernelRelease) ?? hzFromProcConfig();
  let hzFrom: MeasuredHostFacts['hzFrom'] = 'config';
  if (hz === undefined) {
    hz = await countHz();
    hzFrom = 'timer_list';
  }
  if (hz === undefined) {
    hz = 250;
    hzFrom = 'assumed';
  }
  let numaNodes = 1;
  try {
    numaNodes = Math.max(1, readdirSync('/sys/devices/system/node').filter((n) => /^node\d+$/.test(n)).length);
  } catch {
    // no NUMA sysfs: one node
  }
  const memTotalKb = meminfo.MemTotal ?? 0;
  const cachedKb = (meminfo.Cached ?? 0) + (meminfo.Buffers ?? 0);
  const memFreeKb = meminfo.MemFree ?? 0;
  const raw = readKsmSysfs();
  const counters: Record<string, number> = {};
  for (const name of KSM_COUNTERS) {
    const v = raw?.[name]?.trim();
    if (v !== undefined && /^\d+$/.test(v)) counters[name] = Number(v);
  }
  const running = ksmtunedIsRunning();
  const conf = running ? read(KSMTUNED_CONF) : undefined;
  return {
    scenario: {
      memTotalKb,
      pageSize,
      hz,
      cpus: Math.max(1, cpus().length),
      numaNodes,
      kernel: majorMinor(kernelRelease) ?? '6.18',
      swapKb: meminfo.SwapTotal ?? 0,
      otherUsedKb: Math.max(0, memTotalKb - memFreeKb - cachedKb - guestResidentKb),
      cachedKb,
    },
    hostname: hostname(),
    kernelRelease,
    memFreeKb,
    memAvailableKb: meminfo.MemAvailable,
    hzFrom,
    thpEnabled: bracketed('/sys/kernel/mm/transparent_hugepage/enabled'),
    thpDefrag: bracketed('/sys/kernel/mm/transparent_hugepage/defrag'),
    ksmAvailable: existsSync(KSM_SYSFS_DIR),
    knobs: knobsFromSysfs(raw),
    counters,
    ksmtuned: {
      enabled: running,
      variant: existsSync('/etc/debian_version') ? 'debian' : 'fedora',
      values: (conf === undefined ? undefined : ksmtunedFactsOf(conf).ksmtunedValues) ?? {},
      ...(running ? { state: 'running' as const } : {}),
    },
  };
}
