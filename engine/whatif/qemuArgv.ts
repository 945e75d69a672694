/**
 * The command line a guest's QEMU process would have, so ksmtuned's process matching sees what it
 * would see on a real host. A bare binary name is how people start QEMU by hand (`-enable-kvm`,
 * which Debian's ksmtuned requires); an absolute path is how libvirt starts it (`accel=kvm`,
 * which Debian's pattern misses: ksm-spec §3.4).
 */
import type { GuestGroup } from './scenario';
import { readQemuGuestArgv } from '../qemu/guest';
import { MIN_GUEST_MEMORY_MIB } from './validate';

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

/** Guest RAM and mergeability of one QEMU command line, read as lint reads it; the reason when it cannot be. */
export function guestFromArgv(argv: string[]): { memoryMiB: number; memMerge: boolean } | { reason: string } {
  const reading = readQemuGuestArgv(argv);
  if (!reading.ok) return { reason: reading.reason };
  return { memoryMiB: Math.max(MIN_GUEST_MEMORY_MIB, Math.ceil(Number(reading.guest.ramBytes) / 1048576)), memMerge: reading.guest.mergeable };
}
