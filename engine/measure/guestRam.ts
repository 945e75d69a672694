/**
 * Which mappings of a QEMU process are guest RAM, and the guest's name.
 *
 * QEMU maps each RAM block (`-m`, or each `memory-backend-ram` object) as one private anonymous
 * area of exactly the block's size (qemu_ram_mmap in QEMU's util/mmap-alloc.c aligns the start and
 * trims the rest), marks it MADV_DONTFORK (`dc` in VmFlags) and, with mem-merge=on,
 * MADV_MERGEABLE (`mg`). The rule: for each block size, the private anonymous area whose size is
 * the block's (up to 2 MiB more for alignment), preferring one marked `dc`. Such an area is found
 * even with mem-merge=off, so the RAM is measured and a what-if can switch merging on.
 * memory-backend-memfd/file RAM is shared or file-backed: KSM never merges it, so it is not taken.
 */
import { parseSize } from '../qemu/strtox';
import { guestFromArgv } from '../whatif/qemuArgv';
import { isPrivateAnonymous, type Vma } from './smaps';

const ALIGN_SLACK = 2 * 1024 * 1024;

/** Byte sizes of the guest's anonymous RAM blocks: the memory-backend-ram objects, else -m. */
export function ramBlockSizes(argv: string[]): number[] {
  const backends: number[] = [];
  for (let i = 1; i < argv.length - 1; i++) {
    if (argv[i].replace(/^--/, '-') !== '-object') continue;
    const props = argv[i + 1];
    if (!/^memory-backend-ram(,|$)/.test(props)) continue;
    const size = parseSize(/(?:^|,)size=([^,]+)/.exec(props)?.[1] ?? '', 'B');
    if (size.ok && size.value !== undefined && size.value > 0n) backends.push(Number(size.value));
  }
  if (backends.length) return backends;
  const guest = guestFromArgv(argv);
  return 'reason' in guest ? [] : [guest.memoryMiB * 1024 * 1024];
}

export function guestRamVmas(argv: string[], vmas: Vma[]): Vma[] {
  const taken = new Set<Vma>();
  for (const size of ramBlockSizes(argv)) {
    let best: Vma | undefined;
    for (const v of vmas) {
      const len = v.end - v.start;
      if (taken.has(v) || !isPrivateAnonymous(v) || len < size || len > size + ALIGN_SLACK) continue;
      const better = !best || (v.flags.includes('dc') && !best.flags.includes('dc')) || (v.flags.includes('dc') === best.flags.includes('dc') && len < best.end - best.start);
      if (better) best = v;
    }
    if (best) taken.add(best);
  }
  return vmas.filter((v) => taken.has(v));
}

/** `-name guest=NAME,...` or `-name NAME` (QEMU's legacy form); else the libvirt domain from the process's cgroup. */
export function guestName(argv: string[], cgroup = ''): string | undefined {
  for (let i = argv.length - 2; i >= 1; i--) {
    if (argv[i].replace(/^--/, '-') !== '-name') continue;
    const value = argv[i + 1];
    const named = /(?:^|,)guest=((?:[^,]|,,)*)/.exec(value)?.[1] ?? (/^(?:[^,=]|,,)+(?=,|$)/.exec(value)?.[0] ?? '');
    if (named) return named.replace(/,,/g, ',');
  }
  // systemd scope of a libvirt guest: machine-qemu\x2d<id>\x2d<name>.scope
  const scope = /machine-qemu\\x2d\d+\\x2d(.+?)\.scope/.exec(cgroup)?.[1];
  return scope?.replace(/\\x([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
