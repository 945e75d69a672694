/**
 * What one QEMU command line means for KSM: the guest RAM size and whether that RAM can be merged,
 * read by the same checks lint runs (engine/qemu/check.ts), so the what-if, trace import and host
 * import see a command line exactly as the diagnostics do.
 */
import { plainArg, type QemuArg } from './args';
import { checkCommandLine } from './check';
import { leafAt } from './machineTree';
import { backendNeverMerges, isHugetlbfsPath, qemuBool } from './merging';

export interface QemuGuest {
  /** Guest RAM in bytes, as QEMU sizes it (-m, memory.size or the memory backend's size). */
  ramBytes: bigint;
  /** Whether KSM can merge the guest RAM: mem-merge/merge on, and not shared or huge pages. */
  mergeable: boolean;
}

export type GuestReading = { ok: true; guest: QemuGuest } | { ok: false; reason: string };

function fromVariable(args: QemuArg[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word.value === undefined) return `\`${word.source ?? '…'}\` comes from a variable and may set -m or -machine`;
    if (/^--?(m|M|machine|mem-path|object)$/.test(word.value) && args[i + 1] && args[i + 1].value === undefined) {
      return `the argument of ${word.value} (\`${args[i + 1].source ?? '…'}\`) comes from a variable`;
    }
  }
  return undefined;
}

/**
 * Reads one command line (argv[0] excluded in `args`). A written command line that QEMU would refuse
 * starts no guest; a `running` one (a process, a recorded trace) did start, so only its RAM size
 * and mem-merge must be readable.
 */
export function readQemuGuest(program: string, args: QemuArg[], running = false): GuestReading {
  const dynamic = fromVariable(args);
  if (dynamic) return { ok: false, reason: dynamic };
  const check = checkCommandLine(program, args, undefined);
  const error = running ? undefined : check.findings.find((f) => f.severity === 'error');
  if (error) return { ok: false, reason: error.message };
  if (check.machine.ramSize === undefined && check.findings.some((f) => f.ruleId === 'qemu/memory-size')) return { ok: false, reason: 'the -m size is not one QEMU reads' };
  const { machine, backends } = check;
  const memMergeLeaf = leafAt(machine.root, 'mem-merge');
  const memMerge = memMergeLeaf ? qemuBool(memMergeLeaf.value) : true;
  if (memMerge === undefined) return { ok: false, reason: `mem-merge=${memMergeLeaf!.value} is not a QEMU boolean` };
  const ramBytes = machine.ramSize ?? 128n * 1024n * 1024n; // QEMU's default -m
  const linked = leafAt(machine.root, 'memory-backend');
  const backend = linked ? backends.find((b) => b.id === linked.value) : undefined;
  let mergeable = backend?.merge ? backend.merge.value : memMerge;
  if (backend && backendNeverMerges(backend)) mergeable = false;
  const memPath = check.memPath;
  if (!backend && memPath !== undefined && isHugetlbfsPath(memPath)) mergeable = false;
  return { ok: true, guest: { ramBytes, mergeable } };
}

/** The same for the argv of a QEMU that ran (argv[0] is the program): /proc/PID/cmdline, a recorded trace. */
export function readQemuGuestArgv(argv: readonly string[]): GuestReading {
  let offset = argv[0]?.length ?? 0;
  const args = argv.slice(1).map((value) => {
    const arg = plainArg(value, offset + 1);
    offset += value.length + 1;
    return arg;
  });
  return readQemuGuest(argv[0] ?? 'qemu-system-x86_64', args, true);
}
