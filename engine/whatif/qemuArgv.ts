/**
 * The command line a guest's QEMU process would have, so ksmtuned's process matching sees what it
 * would see on a real host. A bare binary name is how people start QEMU by hand (`-enable-kvm`,
 * which Debian's ksmtuned requires); an absolute path is how libvirt starts it (`accel=kvm`,
 * which Debian's pattern misses: ksm-spec §3.4).
 */
import type { GuestGroup } from './scenario';
import { parseSize } from '../qemu/strtox';

export const DEFAULT_QEMU_BINARY = 'qemu-system-x86_64';

export function qemuArgv(group: GuestGroup, instance: string): string[] {
  const binary = group.binary ?? DEFAULT_QEMU_BINARY;
  const byHand = !binary.includes('/');
  const machine = `pc,${byHand ? '' : 'accel=kvm,'}usb=off,mem-merge=${group.memMerge ? 'on' : 'off'}`;
  return [
    binary,
    ...(byHand ? ['-enable-kvm'] : []),
    '-name', `guest=${instance}`,
    '-machine', machine,
    '-m', String(group.memoryMiB),
    '-smp', '2',
    '-drive', `file=${instance}.qcow2,format=qcow2,if=virtio`,
    '-display', 'none',
  ];
}

/** The kernel's 15-character comm of a process started from `argv0`. */
export function commOf(argv0: string): string {
  return argv0.slice(argv0.lastIndexOf('/') + 1).slice(0, 15);
}

/** -m and mem-merge of one QEMU command line (the last -m and -machine win, as in QEMU). */
export function guestFromArgv(argv: string[]): { memoryMiB: number; memMerge: boolean } {
  let memoryMiB = 128; // QEMU's default RAM size
  let memMerge = true;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i].replace(/^--/, '-');
    const value = a.includes('=') && (a.startsWith('-m=') || a.startsWith('-machine=')) ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
    if (a === '-m' || a.startsWith('-m=')) {
      const sizeText = /(?:^|,)size=([^,]+)/.exec(value ?? '')?.[1] ?? (value ?? '').split(',')[0];
      const size = parseSize(sizeText, 'M');
      if (size.ok && size.value !== undefined && size.value > 0n) memoryMiB = Math.max(1, Number(size.value / 1048576n));
    } else if (a === '-machine' || a === '-M' || a.startsWith('-machine=')) {
      const m = /(?:^|,)mem-merge=([^,]*)/.exec(value ?? '');
      if (m) memMerge = !/^(off|no|false)$/.test(m[1]);
    }
  }
  return { memoryMiB, memMerge };
}
