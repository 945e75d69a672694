/**
 * Node adapter: reads this machine's /proc/meminfo, /sys/kernel/mm/ksm and kernel release.
 * Everything is optional; on a machine without them the fields stay undefined.
 */
import { closeSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { release } from 'node:os';
import type { HostFacts } from '../language/types';
import { KSM_SYSFS_DIR } from '../knowledge/knobs';

export function readMeminfo(path = '/proc/meminfo'): Record<string, number> | undefined {
  try {
    const result: Record<string, number> = {};
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const match = /^(\w+(?:\(\w+\))?):\s+(\d+)/.exec(line);
      if (match) result[match[1]] = Number(match[2]);
    }
    return Object.keys(result).length ? result : undefined;
  } catch {
    return undefined;
  }
}

export function readKsmSysfs(dir = KSM_SYSFS_DIR): Record<string, string> | undefined {
  try {
    const result: Record<string, string> = {};
    for (const name of readdirSync(dir)) {
      try {
        result[name] = readFileSync(`${dir}/${name}`, 'utf8').replace(/\n$/, '');
      } catch {
        // unreadable attribute: leave it out
      }
    }
    return Object.keys(result).length ? result : undefined;
  } catch {
    return undefined;
  }
}

/** The base page size, from the first mapping of /proc/self/smaps; undefined off Linux. */
export function readPageSize(path = '/proc/self/smaps'): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(4096);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const kb = /KernelPageSize:\s+(\d+) kB/.exec(buffer.toString('utf8', 0, n))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Refreshes `facts` in place, so analyses that hold the object see current values. */
export function refreshHostFacts(facts: HostFacts): HostFacts {
  facts.meminfo = readMeminfo();
  facts.ksm = readKsmSysfs();
  facts.kernelRelease = process.platform === 'linux' ? release() : undefined;
  facts.pageSize = process.platform === 'linux' ? (readPageSize() ?? 4096) : undefined;
  return facts;
}
