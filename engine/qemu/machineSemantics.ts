/**
 * What QEMU checks once the machine properties have their types: limits of single values
 * (max-ram-below-4g, x-oem-id, boot order, ...), the vCPU topology, the memory sizes (with -m), links
 * to objects and block nodes, and -append/-initrd without a kernel.
 */
import { PC_FAMILIES } from './families';
import type { CheckContext } from './context';
import { leafAt, type Dict, type Leaf } from './machineTree';
import type { MachineState } from './machineOptions';
import { parseSize, parseWholeSigned, parseWholeUnsigned, formatBytes } from './strtox';
import { checkSmp } from './smpTopology';

const MiB = 1n << 20n;
const GiB = 1n << 30n;

function sizeOf(leaf: Leaf | undefined): bigint | undefined {
  if (!leaf) return undefined;
  const r = parseSize(leaf.value);
  return r.ok ? r.value : undefined;
}

function child(root: Dict, key: string): Dict | undefined {
  const n = root.children.get(key);
  return n?.kind === 'dict' ? n : undefined;
}

export function checkMachineSemantics(ctx: CheckContext, state: MachineState, root: Dict): void {
  const type = state.type!;
  const { report } = ctx;
  const pc = PC_FAMILIES.has(type.family);

  const below4g = leafAt(root, 'max-ram-below-4g');
  const below = sizeOf(below4g);
  if (pc && below4g && below !== undefined) {
    if (below > 4n * GiB) {
      report.qemuError('qemu/value-out-of-range', below4g.valueRange, `Machine option 'max-ram-below-4g=${below}' expects size less than or equal to 4G`, 'Only the 4 GiB below the boundary can hold RAM mapped there.');
    } else if (below === 1n && type.family !== 'isapc') {
      report.qemuError('qemu/value-out-of-range', below4g.valueRange, 'Only 1 bytes of RAM below the 4GiB boundary,BIOS may not work with less than 1MiB', 'With exactly 1 byte QEMU 7.2 goes on to abort (exit status 134) while building the memory map.');
    } else if (below < MiB) {
      report.add('warning', 'qemu/tiny-ram-below-4g', below4g.valueRange, `QEMU warns "Only ${below} bytes of RAM below the 4GiB boundary,BIOS may not work with less than 1MiB": the firmware needs at least 1 MiB of low RAM (${formatBytes(below)} given; 0 means the default).`);
    }
  }

  const fw = leafAt(root, 'max-fw-size');
  const fwSize = sizeOf(fw);
  if (pc && fw && fwSize !== undefined && fwSize > 16n * MiB) {
    report.qemuError('qemu/value-out-of-range', fw.valueRange, `User specified max allowed firmware size ${fwSize} is greater than 16MiB. If combined firwmare size exceeds 16MiB the system may not boot, or experience intermittentstability issues.`, 'Flash firmware must fit below the IO-APIC range, at most 16 MiB.');
  }

  for (const [key, limit] of [['x-oem-id', 6], ['x-oem-table-id', 8]] as const) {
    const leaf = leafAt(root, key);
    if (leaf && new TextEncoder().encode(leaf.value).length > limit && type.family !== 'none' && type.family !== 'x-remote') {
      report.qemuError('qemu/value-out-of-range', leaf.valueRange, `User specified ${key} value is bigger than ${limit} bytes in size`, `ACPI tables have room for ${limit} bytes.`);
    }
  }

  const persistence = leafAt(root, 'nvdimm-persistence');
  if (persistence && pc && persistence.value !== 'cpu' && persistence.value !== 'mem-ctrl') {
    report.qemuError('qemu/invalid-enum', persistence.valueRange, `-machine nvdimm-persistence=${persistence.value}: unsupported option`, 'It accepts `cpu` or `mem-ctrl`.');
  }

  const boot = child(root, 'boot');
  if (boot) checkBoot(ctx, boot);
  checkSmpNode(ctx, state, root);
  checkMemory(ctx, state, root);
  checkLinks(ctx, root);

  if (!leafAt(root, 'kernel')) {
    for (const key of ['append', 'initrd'] as const) {
      const leaf = leafAt(root, key);
      if (leaf) {
        report.qemuError('qemu/needs-kernel', leaf.sugar ? leaf.range : leaf.keyRange, `-${key} only allowed with -kernel option`, `${key} is for a kernel QEMU loads itself; give one with \`-kernel\` or \`kernel=\`.`);
      }
    }
  }
}

function checkBoot(ctx: CheckContext, boot: Dict): void {
  for (const key of ['order', 'once']) {
    const leaf = leafAt(boot, key);
    if (!leaf) continue;
    const seen = new Set<string>();
    for (const c of leaf.value) {
      if (c < 'a' || c > 'p') {
        ctx.report.qemuError('qemu/value-out-of-range', leaf.valueRange, `Invalid boot device '${c}'`, 'Boot devices are the letters a–p: a/b floppy, c disk, d CD-ROM, n–p network.');
        break;
      }
      if (seen.has(c)) {
        ctx.report.qemuError('qemu/value-out-of-range', leaf.valueRange, `Boot device '${c}' was given twice`, 'Each boot device may appear once.');
        break;
      }
      seen.add(c);
    }
  }
  const timeout = leafAt(boot, 'reboot-timeout');
  const t = timeout ? parseWholeSigned(timeout.value, 0) : undefined;
  if (timeout && t?.ok && (t.value < -1n || t.value > 65535n)) {
    ctx.report.qemuError('qemu/value-out-of-range', timeout.valueRange, 'reboot timeout is invalid,it should be a value between -1 and 65535', 'The firmware stores it in 16 bits; -1 means never reboot.');
  }
  const splash = leafAt(boot, 'splash-time');
  const s = splash ? parseWholeSigned(splash.value, 0) : undefined;
  if (splash && s?.ok && (s.value < 0n || s.value > 65535n)) {
    ctx.report.qemuError('qemu/value-out-of-range', splash.valueRange, 'splash-time is invalid,it should be a value between 0 and 65535', 'The firmware stores it in 16 bits.');
  }
}

function checkSmpNode(ctx: CheckContext, state: MachineState, root: Dict): void {
  const smp = child(root, 'smp');
  if (!smp) return;
  const input: Record<string, bigint | undefined> = {};
  for (const [key, node] of smp.children) {
    if (node.kind !== 'leaf') return;
    const r = parseWholeSigned(node.value, 0);
    if (!r.ok) return; // already reported as not an integer
    input[key] = r.value;
  }
  const verdict = checkSmp(input, state.type!, ctx.version);
  if (verdict.apicIdLimit !== undefined && verdict.apicIdLimit > 255) state.wideApic = { range: smp.keyRange, limit: verdict.apicIdLimit };
  if (verdict.error) ctx.report.qemuError('qemu/smp-topology', smp.keyRange, verdict.error, 'QEMU fills in the missing levels and requires sockets × dies × cores × threads = maxcpus ≥ cpus, within the machine\'s vCPU limit.');
  if (verdict.warning) ctx.report.add('warning', 'qemu/smp-topology', smp.keyRange, `QEMU warns "${verdict.warning}"; a 0 count is deprecated and treated as if it were left out.`);
}

function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}

function checkMemory(ctx: CheckContext, state: MachineState, root: Dict): void {
  const memory = child(root, 'memory');
  const fromM = ctx.memoryFromM;
  const sizeLeaf = memory ? leafAt(memory, 'size') : undefined;
  const maxLeaf = memory ? leafAt(memory, 'max-size') : undefined;
  const slotsLeaf = memory ? leafAt(memory, 'slots') : undefined;
  // -m is merged over the machine's memory.* keys: its values win.
  const sizeText = fromM?.size ?? sizeLeaf?.value;
  const maxText = fromM?.maxmem ?? maxLeaf?.value;
  const slotsText = fromM?.slots ?? slotsLeaf?.value;
  const where = fromM?.range ?? memory?.keyRange;
  if (!where) return;
  const parsedSize = sizeText !== undefined ? parseSize(sizeText) : { ok: true, value: 128n * MiB };
  const parsedMax = maxText !== undefined ? parseSize(maxText) : undefined;
  const parsedSlots = slotsText !== undefined ? parseWholeUnsigned(slotsText, 0) : undefined;
  if (!parsedSize.ok || (parsedMax && !parsedMax.ok) || (parsedSlots && !parsedSlots.ok)) return;
  const size = ((parsedSize.value ?? 0n) + 8191n) & ~8191n;
  state.ramSize = size;
  state.customRamSize = sizeText !== undefined;
  if (parsedMax?.value !== undefined) {
    const max = parsedMax.value;
    if (max < size) {
      ctx.report.qemuError('qemu/memory-size', where, `invalid value of maxmem: maximum memory size (${hex(max)}) must be at least the initial memory size (${hex(size)})`, 'maxmem (memory.max-size) must be at least the RAM size.');
      return;
    }
    if (parsedSlots?.ok && parsedSlots.value !== 0n && max === size) {
      ctx.report.qemuError('qemu/memory-size', where, `invalid value of maxmem: memory slots were specified but maximum memory size (${hex(max)}) is equal to the initial memory size (${hex(size)})`, 'Hot-plug slots need room above the initial RAM size.');
      return;
    }
  } else if (parsedSlots) {
    ctx.report.qemuError('qemu/memory-size', where, 'slots specified but no max-size', 'Memory hot-plug slots need maxmem (memory.max-size) too.');
    return;
  }
  if (parsedSlots?.ok && parsedSlots.value > 256n && PC_FAMILIES.has(state.type!.family)) {
    ctx.report.qemuError('qemu/memory-size', where, `unsupported amount of memory slots: ${parsedSlots.value}`, 'x86 machines have at most 256 memory slots.');
  }
}

function checkLinks(ctx: CheckContext, root: Dict): void {
  if (ctx.cmd.opaque) return; // a variable may hold the object or node we would call missing
  const { report } = ctx;
  const encryption = leafAt(root, 'memory-encryption');
  if (encryption && !ctx.objectIds.has(encryption.value)) {
    report.qemuError('qemu/missing-object', encryption.valueRange, `No such memory encryption object '${encryption.value}'`, 'The value must be the id of an -object such as sev-guest.');
  }
  const cgs = leafAt(root, 'confidential-guest-support');
  if (cgs && !ctx.objectIds.has(cgs.value)) {
    report.qemuError('qemu/missing-object', cgs.valueRange, `Device '${cgs.value}' not found`, 'The value must be the id of a confidential-guest -object such as sev-guest.');
  }
  const epc = child(root, 'sgx-epc');
  for (const element of epc ? epc.children.values() : []) {
    const memdev = element.kind === 'dict' ? leafAt(element, 'memdev') : undefined;
    if (element.kind === 'dict' && !memdev) {
      report.qemuError('qemu/missing-object', element.keyRange, `Parameter '${element.fullKey}.memdev' is missing`, 'Each EPC section needs its memory: `sgx-epc.N.memdev=` names a `-object memory-backend-epc`; `node` alone is not enough.');
    } else if (memdev && !ctx.objectIds.has(memdev.value)) {
      report.qemuError('qemu/missing-object', memdev.valueRange, `Device '${memdev.value}' not found`, 'sgx-epc.N.memdev must be the id of a `-object memory-backend-epc`.');
    }
  }
  for (const key of ['pflash0', 'pflash1']) {
    const leaf = leafAt(root, key);
    if (leaf && !ctx.blockNodes.has(leaf.value)) {
      report.qemuError('qemu/missing-object', leaf.valueRange, `Property 'cfi.pflash01.drive' can't find value '${leaf.value}'`, 'The value must be the node-name of a -blockdev.');
    }
  }
}
