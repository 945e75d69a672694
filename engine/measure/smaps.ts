/**
 * /proc/PID/smaps as the measurement needs it: each mapping's range, permissions, backing path,
 * VmFlags (`mg` = VM_MERGEABLE, set by madvise(MADV_MERGEABLE) and by prctl(PR_SET_MEMORY_MERGE)
 * on every area KSM can take), resident size and AnonHugePages. Layout: Documentation/filesystems/proc.rst.
 */

export interface Vma {
  /** Byte addresses. */
  start: number;
  end: number;
  /** e.g. "rw-p". */
  perms: string;
  /** Backing file or pseudo-name ("[heap]"); "" for anonymous memory. */
  path: string;
  flags: string[];
  rssKb: number;
  anonHugeKb: number;
}

const HEADER = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) [0-9a-f]+ \S+ \d+\s*(.*)$/;

export function parseSmaps(text: string): Vma[] {
  const out: Vma[] = [];
  let current: Vma | undefined;
  for (const line of text.split('\n')) {
    const h = HEADER.exec(line);
    if (h) {
      current = { start: parseInt(h[1], 16), end: parseInt(h[2], 16), perms: h[3], path: h[4], flags: [], rssKb: 0, anonHugeKb: 0 };
      out.push(current);
      continue;
    }
    if (!current) continue;
    if (line.startsWith('VmFlags:')) current.flags = line.slice(8).trim().split(/\s+/);
    else if (line.startsWith('Rss:')) current.rssKb = parseInt(line.slice(4), 10) || 0;
    else if (line.startsWith('AnonHugePages:')) current.anonHugeKb = parseInt(line.slice(14), 10) || 0;
  }
  return out;
}

export function isMergeable(v: Vma): boolean {
  return v.flags.includes('mg');
}

/** Private, writable, not executable, no backing file: where guest RAM and heaps live. */
export function isPrivateAnonymous(v: Vma): boolean {
  return v.path === '' && v.perms[0] === 'r' && v.perms[1] === 'w' && v.perms[2] !== 'x' && v.perms[3] === 'p';
}
