/** The parts of a qemu-system-* command line that decide what KSM sees of a guest. */
export interface QemuGuestArgs {
  /** -name, as given (Debian's ksmtuned matches the full command line, so it can matter). */
  name: string | null;
  /** Guest RAM in MiB (-m). QEMU's default is 128 MiB. */
  ramMiB: number;
  /** -machine mem-merge (default on): on means QEMU madvises guest RAM MERGEABLE. */
  memMerge: boolean;
  /** -append: the guest kernel command line. */
  append: string;
  smp: number;
}

export class QemuArgsError extends Error {}

/** Reads -m, -M/-machine mem-merge, -name, -append and -smp from a QEMU argv (argv[0] excluded). */
export function parseQemuArgs(args: readonly string[]): QemuGuestArgs {
  const out: QemuGuestArgs = { name: null, ramMiB: 128, memMerge: true, append: '', smp: 1 };
  for (let i = 0; i < args.length; i++) {
    const opt = args[i].replace(/^--/, '-');
    const value = (): string => {
      if (i + 1 >= args.length) throw new QemuArgsError(`qemu: option '${args[i]}' requires an argument`);
      return args[++i];
    };
    switch (opt) {
      case '-m':
        out.ramMiB = parseRamSize(value());
        break;
      case '-M':
      case '-machine':
        for (const prop of value().split(',')) {
          const [key, val] = prop.split('=');
          if (key === 'mem-merge') out.memMerge = parseBool(val ?? 'on', 'mem-merge');
        }
        break;
      case '-name':
        out.name = value().split(',')[0].replace(/^guest=/, '');
        break;
      case '-append':
        out.append = value();
        break;
      case '-smp':
        out.smp = Number.parseInt(value().split(',')[0].replace(/^cpus=/, ''), 10) || 1;
        break;
      default:
        break; // every other option is irrelevant to KSM here
    }
  }
  return out;
}

/** `-m 512`, `-m 512M`, `-m 1G`, `-m size=2G,slots=...`: a bare number is MiB. */
function parseRamSize(v: string): number {
  const size = v.split(',').find((p) => !p.includes('=') || p.startsWith('size='))?.replace(/^size=/, '') ?? '';
  const m = /^(\d+(?:\.\d+)?)([kKmMgGtT]?)[bB]?$/.exec(size);
  if (!m) throw new QemuArgsError(`qemu: invalid -m size '${v}'`);
  const scale: Record<string, number> = { '': 1, k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };
  const mib = Number(m[1]) * scale[m[2].toLowerCase()];
  if (!(mib > 0)) throw new QemuArgsError(`qemu: invalid -m size '${v}'`);
  return mib;
}

function parseBool(v: string, name: string): boolean {
  if (v === 'on' || v === 'yes' || v === 'true') return true;
  if (v === 'off' || v === 'no' || v === 'false') return false;
  throw new QemuArgsError(`qemu: Parameter '${name}' expects 'on' or 'off'`);
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
