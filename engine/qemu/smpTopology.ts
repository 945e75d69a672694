/**
 * machine_parse_smp_config() as QEMU computes it: fills in the topology levels that were left out,
 * then rejects impossible combinations with QEMU's messages.
 */
import type { MachineType } from '../knowledge/qemuMachines';
import { compareVersions, parseQemuVersion, versionAtLeast, type QemuVersion } from '../knowledge/qemuVersions';

export interface SmpInput {
  [level: string]: bigint | undefined;
}

export interface SmpVerdict {
  error?: string;
  warning?: string;
  /** One more than the highest APIC id the topology needs (x86 pads each level to a power of two). */
  apicIdLimit?: number;
}

const bitsFor = (n: number): number => (n <= 1 ? 0 : Math.ceil(Math.log2(n)));

/** x86_apicid_from_cpu_idx() for the last possible vCPU, plus one. */
export function apicIdLimit(maxcpus: number, dies: number, modules: number, cores: number, threads: number): number {
  if (maxcpus <= 0) return 0;
  const idx = maxcpus - 1;
  const threadBits = bitsFor(threads);
  const coreBits = bitsFor(cores);
  const moduleBits = bitsFor(modules);
  const dieBits = bitsFor(dies);
  const thread = idx % threads;
  const core = Math.floor(idx / threads) % cores;
  const module = Math.floor(idx / (threads * cores)) % modules;
  const die = Math.floor(idx / (threads * cores * modules)) % dies;
  const socket = Math.floor(idx / (threads * cores * modules * dies));
  const id = socket * 2 ** (threadBits + coreBits + moduleBits + dieBits) + die * 2 ** (threadBits + coreBits + moduleBits) + module * 2 ** (threadBits + coreBits) + core * 2 ** threadBits + thread;
  return id + 1;
}

const u32 = (v: bigint | undefined): number => (v === undefined ? 0 : Number(BigInt.asUintN(32, v)));
/** C `unsigned` multiplication, which wraps at 2^32. */
const mul = (...xs: number[]): number => xs.reduce((a, b) => Math.imul(a, b) >>> 0, 1);
const div = (a: number, b: number): number => (b === 0 ? 0 : Math.floor(a / b));

/** Machine types before 6.2 prefer sockets over cores when filling in the topology. */
function prefersSockets(type: MachineType): boolean {
  const m = /-(\d+\.\d+)(\.\d+)?$/.exec(type.name);
  if (!m || type.aliasOf) return false;
  return compareVersions(parseQemuVersion(m[1]), parseQemuVersion('6.2')) < 0;
}

export function checkSmp(input: SmpInput, type: MachineType, version: QemuVersion): SmpVerdict {
  const given = (k: string) => input[k] !== undefined;
  let warning: string | undefined;
  if (Object.keys(input).some((k) => given(k) && input[k] === 0n)) {
    warning = 'Deprecated CPU topology (considered invalid): CPU topology parameters must be greater than zero';
  }
  const isPc = type.family === 'i440fx' || type.family === 'q35' || type.family === 'isapc';
  const diesSupported = isPc;
  const modulesSupported = isPc && versionAtLeast(version, '9.1');
  let cpus = u32(input.cpus);
  let sockets = u32(input.sockets);
  let dies = u32(input.dies);
  const clusters = u32(input.clusters);
  const modules = u32(input.modules);
  const books = u32(input.books);
  const drawers = u32(input.drawers);
  let cores = u32(input.cores);
  let threads = u32(input.threads);
  let maxcpus = u32(input.maxcpus);
  if (!diesSupported && dies > 1) return { error: "dies not supported by this machine's CPU topology", warning };
  if (clusters > 1) return { error: "clusters not supported by this machine's CPU topology", warning };
  if (books > 1) return { error: "books not supported by this machine's CPU topology", warning };
  if (drawers > 1) return { error: "drawers not supported by this machine's CPU topology", warning };
  if (!modulesSupported && modules > 1) return { error: "modules not supported by this machine's CPU topology", warning };
  dies = dies > 0 ? dies : 1;
  const cl = 1;
  const mods = modules > 0 ? modules : 1;
  if (cpus === 0 && maxcpus === 0) {
    sockets = sockets > 0 ? sockets : 1;
    cores = cores > 0 ? cores : 1;
    threads = threads > 0 ? threads : 1;
  } else {
    maxcpus = maxcpus > 0 ? maxcpus : cpus;
    if (prefersSockets(type)) {
      if (sockets === 0) {
        cores = cores > 0 ? cores : 1;
        threads = threads > 0 ? threads : 1;
        sockets = div(maxcpus, mul(dies, cl, mods, cores, threads));
      } else if (cores === 0) {
        threads = threads > 0 ? threads : 1;
        cores = div(maxcpus, mul(sockets, dies, cl, mods, threads));
      }
    } else if (cores === 0) {
      sockets = sockets > 0 ? sockets : 1;
      threads = threads > 0 ? threads : 1;
      cores = div(maxcpus, mul(sockets, dies, cl, mods, threads));
    } else if (sockets === 0) {
      threads = threads > 0 ? threads : 1;
      sockets = div(maxcpus, mul(dies, cl, mods, cores, threads));
    }
    if (threads === 0) threads = div(maxcpus, mul(sockets, dies, cl, mods, cores));
  }
  const product = mul(sockets, dies, cl, mods, cores, threads);
  maxcpus = maxcpus > 0 ? maxcpus : product;
  cpus = cpus > 0 ? cpus : maxcpus;
  const hierarchy = [`sockets (${sockets})`, ...(diesSupported ? [`dies (${dies})`] : []), ...(modulesSupported ? [`modules (${mods})`] : []), `cores (${cores})`, `threads (${threads})`].join(' * ');
  if (product !== maxcpus) return { error: `Invalid CPU topology: product of the hierarchy must match maxcpus: ${hierarchy} != maxcpus (${maxcpus})`, warning };
  if (maxcpus < cpus) return { error: `Invalid CPU topology: maxcpus must be equal to or greater than smp: ${hierarchy} == maxcpus (${maxcpus}) < smp_cpus (${cpus})`, warning };
  if (maxcpus > type.maxCpus) {
    const name = type.aliasOf ?? type.name;
    return { error: `Invalid SMP CPUs ${maxcpus | 0}. The max CPUs supported by machine '${name}' is ${type.maxCpus}`, warning };
  }
  const limit = type.family === 'none' || type.family === 'x-remote' ? 0 : apicIdLimit(maxcpus, dies, mods, cores, threads);
  return { warning, apicIdLimit: limit };
}
