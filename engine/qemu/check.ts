/**
 * Checks one QEMU command line the way qemu-system-x86_64 reads it: options in order, then the
 * machine. Returns findings, hover tokens and the state completion needs.
 */
import { formatVersion, parseQemuVersion, type QemuVersion } from '../knowledge/qemuVersions';
import type { Finding } from '../language/types';
import { checkAccelerators } from './accelerators';
import type { QemuArg } from './args';
import { checkBackendLink } from './backendLink';
import { KNOWN_WITH_ARGUMENT, splitOptions } from './commandLine';
import type { BackendObject, CheckContext } from './context';
import { applyMachine, buildMachineTree, dynamicHover, type MachineState } from './machineOptions';
import { checkMemoryOption } from './memorySize';
import { checkObjects } from './objects';
import { Report, type HoverToken } from './report';
import { QemuOptsBlockNodes } from './blockNodes';
import { leafAt } from './machineTree';
import { isHugetlbfsPath, qemuBool } from './merging';

export interface CommandCheck {
  findings: Finding[];
  tokens: HoverToken[];
  machine: MachineState;
  version: QemuVersion;
  /** The memory backends defined with -object. */
  backends: BackendObject[];
  /** The last -mem-path, when written literally: QEMU backs guest RAM with a file there. */
  memPath?: string;
}

export function checkCommandLine(program: string, args: QemuArg[], versionSetting: string | undefined): CommandCheck {
  const version = parseQemuVersion(versionSetting);
  const report = new Report(program.replace(/^.*\//, ''));
  const cmd = splitOptions(args);
  const ctx: CheckContext = {
    report,
    version,
    versionLabel: formatVersion(version),
    program,
    cmd,
    objectIds: new Map(),
    backends: [],
    blockNodes: QemuOptsBlockNodes(cmd),
    memoryFromM: undefined,
  };
  for (const opt of cmd.options) {
    if (opt.dynamic) report.hover(opt.nameArg.range, () => dynamicHover(opt.nameArg));
    else if (opt.arg && opt.arg.value === undefined) report.hover(opt.arg.range, () => dynamicHover(opt.arg!));
  }
  for (const use of cmd.missingArgument) {
    if (KNOWN_WITH_ARGUMENT.has(use.name)) {
      report.qemuError('qemu/missing-argument', use.nameArg.range, `${use.nameArg.value}: requires an argument`, `-${use.name} must be followed by its value.`, { stage: 'parse', order: cmd.options.indexOf(use) });
    }
  }
  checkObjects(ctx);
  checkMemoryOption(ctx);
  const machine = buildMachineTree(ctx);
  applyMachine(ctx, machine);
  const accel = checkAccelerators(ctx, machine);
  const irqchip = machine.legacy.get('kernel-irqchip')?.value;
  if (machine.wideApic && (!accel.kvmFirst || irqchip === 'off')) {
    report.qemuError('qemu/smp-topology', machine.wideApic.range, 'current -smp configuration requires kernel irqchip and X2APIC API support.', `This topology needs APIC ids up to ${machine.wideApic.limit - 1}; above 254 only KVM with its in-kernel (or split) irqchip can deliver interrupts (x86 pads every topology level to a power of two when numbering APICs).`);
  }
  checkBackendLink(ctx, machine);
  const memPath = checkMemPath(ctx, machine);
  return { findings: report.findings(), tokens: report.tokens, machine, version, backends: ctx.backends, memPath };
}

/** `-mem-path DIR`: on a hugetlbfs mount the guest RAM is huge pages, which KSM never merges. */
function checkMemPath(ctx: CheckContext, machine: MachineState): string | undefined {
  const option = ctx.cmd.options.filter((o) => o.name === 'mem-path' && o.arg?.value !== undefined).pop();
  if (!option) return undefined;
  const path = option.arg!.value!;
  const memMerge = leafAt(machine.root, 'mem-merge');
  const merges = memMerge === undefined || qemuBool(memMerge.value) !== false;
  if (merges && !leafAt(machine.root, 'memory-backend') && isHugetlbfsPath(path)) {
    ctx.report.add('information', 'qemu/backend-never-merges', option.arg!.range, `KSM never merges huge pages: ${path} is a hugetlbfs mount, so this guest's RAM is not deduplicated whatever mem-merge says.`);
  }
  return path;
}
