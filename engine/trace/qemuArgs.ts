/**
 * The parts of a recorded qemu-system-* command line that decide what KSM sees of a guest. RAM
 * and mem-merge come from the one QEMU reader (engine/qemu/guest.ts), the option walk from QEMU's
 * option splitting (engine/qemu/commandLine.ts); this only picks -name, -append and -smp.
 */
import { plainArg } from '../qemu/args';
import { splitOptions } from '../qemu/commandLine';
import { readQemuGuestArgv } from '../qemu/guest';

export interface QemuGuestArgs {
  /** -name, as given (Debian's ksmtuned matches the full command line, so it can matter). */
  name: string | null;
  /** Guest RAM in MiB (-m). QEMU's default is 128 MiB. */
  ramMiB: number;
  /** Whether KSM can merge guest RAM (-machine mem-merge, backends). */
  memMerge: boolean;
  /** -append: the guest kernel command line. */
  append: string;
  smp: number;
}

export class QemuArgsError extends Error {}

/** Reads a full QEMU argv (argv[0] is the program); a command line QEMU would refuse throws. */
export function parseQemuArgs(argv: readonly string[]): QemuGuestArgs {
  const reading = readQemuGuestArgv(argv);
  if (!reading.ok) throw new QemuArgsError(`qemu: ${reading.reason}`);
  const out: QemuGuestArgs = { name: null, ramMiB: Number(reading.guest.ramBytes) / 1048576, memMerge: reading.guest.mergeable, append: '', smp: 1 };
  for (const option of splitOptions(argv.slice(1).map((a) => plainArg(a, 0))).options) {
    const value = option.arg?.value;
    if (value === undefined) continue;
    if (option.name === 'name') out.name = value.split(',')[0].replace(/^guest=/, '');
    else if (option.name === 'append') out.append = value;
    else if (option.name === 'smp') out.smp = Number.parseInt(value.split(',')[0].replace(/^cpus=/, ''), 10) || 1;
  }
  return out;
}

/** key=value words of a kernel command line. */
export function kernelParams(append: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const word of append.split(/\s+/)) {
    const eq = word.indexOf('=');
    if (eq > 0) out.set(word.slice(0, eq), word.slice(eq + 1));
  }
  return out;
}
