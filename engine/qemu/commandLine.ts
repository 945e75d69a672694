/**
 * Splits a QEMU argument list into options and their arguments, the way QEMU's option loop does:
 * `-name` or `--name`, followed by one argument word for the options that take one.
 */
import type { QemuArg } from './args';

/** Options of qemu-system-* that take no argument; every other option takes exactly one. */
const NO_ARGUMENT = new Set([
  'S', 's', 'h', 'help', 'version', 'daemonize', 'enable-kvm', 'enable-sync-profile', 'full-screen', 'mem-prealloc',
  'no-acpi', 'no-fd-bootchk', 'no-hpet', 'no-reboot', 'no-shutdown', 'no-user-config', 'nodefaults', 'nographic',
  'only-migratable', 'portrait', 'singlestep', 'snapshot', 'usb', 'win2k-hack', 'xen-attach', 'xen-domid-restrict',
  'async-teardown', 'audio-help', 'preconfig', 'no-quit', 'alt-grab', 'ctrl-grab', 'sdl', 'curses', 'semihosting',
  'enable-fips', 'nodefconfig', 'no-frame', 'perfmap',
]);

/** Options qemu-system-x86_64 7.2 lists with an argument (from `-h`). */
export const KNOWN_WITH_ARGUMENT = new Set(
  'D L accel acpitable action add-fd append audio audiodev bios blockdev boot cdrom chardev chroot compat cpu d debugcon device dfilter display drive dtb dump-vmstate echr fda fdb fsdev fw_cfg gdb global hda hdb hdc hdd icount incoming initrd iscsi k kernel loadvm m machine M mem-path mon monitor msg mtdblock name net netdev nic numa object option-rom overcommit parallel pflash pidfile plugin qmp qmp-pretty readconfig rotate rtc runas sandbox sd seed serial set smbios smp spice tpmdev trace usbdevice uuid vga virtfs vnc watchdog-action xen-domid'.split(' '),
);

/** Options that are known to take an argument (for deciding about the next word). */
export function takesArgument(name: string): boolean {
  return !NO_ARGUMENT.has(name);
}

export interface OptionUse {
  /** Name without leading dashes, e.g. `machine`, `M`, `object`. */
  name: string;
  nameArg: QemuArg;
  /** The argument word, when the option takes one and it is present. */
  arg?: QemuArg;
  /** The option word itself depends on a variable, so nothing is known about it. */
  dynamic?: boolean;
}

export interface ParsedCommandLine {
  options: OptionUse[];
  /** A word in option position depends on a variable: it may hide more options. */
  opaque: boolean;
  /** Options that need an argument but the command line ended. */
  missingArgument: OptionUse[];
}

export function splitOptions(args: QemuArg[]): ParsedCommandLine {
  const options: OptionUse[] = [];
  const missingArgument: OptionUse[] = [];
  let opaque = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word.value === undefined) {
      opaque = true;
      options.push({ name: '', nameArg: word, dynamic: true });
      continue;
    }
    if (!word.value.startsWith('-') || word.value === '-') continue; // a disk image, QEMU's legacy positional form
    const name = word.value.replace(/^--?/, '');
    const use: OptionUse = { name, nameArg: word };
    if (takesArgument(name)) {
      if (i + 1 < args.length) use.arg = args[++i];
      else missingArgument.push(use);
    }
    options.push(use);
  }
  return { options, opaque, missingArgument };
}

export const MACHINE_OPTION_NAMES = new Set(['M', 'machine']);
