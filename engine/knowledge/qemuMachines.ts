/**
 * x86 machine types of qemu-system-x86_64 per QEMU version. 7.2 is exactly what Debian's 7.2.22
 * binary lists under `-machine help`; later versions add one pc-i440fx/pc-q35 type per release and
 * drop old ones on the upstream deprecation schedule (the removal releases after 8.2 are our best
 * reading of the changelogs and may be off by one release).
 */
import { compareVersions, formatVersion, parseQemuVersion, releasesUpTo, type QemuVersion } from './qemuVersions';

export type MachineFamily = 'i440fx' | 'q35' | 'isapc' | 'microvm' | 'none' | 'x-remote';

export interface MachineType {
  name: string;
  family: MachineFamily;
  /** QOM class name, which QEMU prints in "Property '<class>.<prop>' not found". */
  className: string;
  /** The name this one is an alias of (pc → pc-i440fx-7.2). */
  aliasOf?: string;
  isDefault?: boolean;
  deprecated?: boolean;
  description: string;
  /** Most vCPUs QEMU allows on it. */
  maxCpus: number;
}

const OLD_VERSIONS_BEFORE_7 = ['2.0', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '2.12', '3.0', '3.1', '4.0', '4.1', '4.2', '5.0', '5.1', '5.2', '6.0', '6.1', '6.2', '7.0', '7.1'];

const I440FX_DESC = 'Standard PC (i440FX + PIIX, 1996)';
const Q35_DESC = 'Standard PC (Q35 + ICH9, 2009)';

function atLeast(v: QemuVersion, s: string): boolean {
  return compareVersions(v, parseQemuVersion(s)) >= 0;
}

/** Oldest versioned type still present, per family, for a QEMU version. */
function oldestKept(family: 'i440fx' | 'q35', v: QemuVersion): string {
  if (atLeast(v, '10.0')) return '2.6';
  if (family === 'i440fx' && atLeast(v, '9.1')) return '2.4';
  return family === 'i440fx' ? '2.0' : '2.4';
}

function deprecatedVersioned(family: 'i440fx' | 'q35', machineVersion: string, v: QemuVersion): boolean {
  const mv = parseQemuVersion(machineVersion);
  if (atLeast(v, '9.1') && compareVersions(mv, parseQemuVersion('2.12')) <= 0) return true;
  if (family === 'i440fx' && atLeast(v, '8.2') && compareVersions(mv, parseQemuVersion('2.3')) <= 0) return true;
  return false;
}

/** q35 allowed 288 vCPUs up to its 7.2 type, 1024 from 8.0 and 4096 from 9.0 (per machine-type version). */
function q35MaxCpus(machineVersion: QemuVersion): number {
  if (atLeast(machineVersion, '9.0')) return 4096;
  if (atLeast(machineVersion, '8.0')) return 1024;
  return 288;
}

const cache = new Map<string, MachineType[]>();

export function machineTypesFor(v: QemuVersion): MachineType[] {
  const key = formatVersion(v);
  const hit = cache.get(key);
  if (hit) return hit;
  const older = OLD_VERSIONS_BEFORE_7.filter((r) => compareVersions(parseQemuVersion(r), v) <= 0);
  const releases = [...older, ...releasesUpTo(v)];
  const newest = releases[releases.length - 1];
  const types: MachineType[] = [];
  const newestFirst = [...releases].reverse();
  for (const family of ['i440fx', 'q35'] as const) {
    const prefix = family === 'i440fx' ? 'pc-i440fx-' : 'pc-q35-';
    const alias = family === 'i440fx' ? 'pc' : 'q35';
    const desc = family === 'i440fx' ? I440FX_DESC : Q35_DESC;
    const maxCpus = family === 'i440fx' ? 255 : q35MaxCpus(v);
    types.push({ name: alias, family, className: `${prefix}${newest}-machine`, aliasOf: `${prefix}${newest}`, description: `${desc} (alias of ${prefix}${newest})`, maxCpus });
    const oldest = parseQemuVersion(oldestKept(family, v));
    for (const mv of newestFirst) {
      if (compareVersions(parseQemuVersion(mv), oldest) < 0) continue;
      const versions = family === 'q35' && mv === '4.0' ? ['4.0.1', '4.0'] : [mv];
      for (const ver of versions) {
        types.push({
          name: `${prefix}${ver}`,
          family,
          className: `${prefix}${ver}-machine`,
          isDefault: family === 'i440fx' && ver === newest,
          deprecated: deprecatedVersioned(family, mv, v),
          description: family === 'i440fx' && ver === newest ? `${desc} (default)` : desc,
          maxCpus: family === 'q35' ? q35MaxCpus(parseQemuVersion(mv)) : maxCpus,
        });
      }
    }
    // pc-i440fx-1.4 … 1.7: deprecated in 7.2, gone from 8.2 on.
    if (family === 'i440fx' && !atLeast(v, '8.2')) {
      for (const ver of ['1.7', '1.6', '1.5', '1.4']) {
        types.push({ name: `pc-i440fx-${ver}`, family, className: `pc-i440fx-${ver}-machine`, deprecated: true, description: `${desc} (deprecated)`, maxCpus: 255 });
      }
    }
  }
  types.push(
    { name: 'microvm', family: 'microvm', className: 'microvm-machine', description: 'microvm (i386): minimal virtio-mmio machine for fast-booting guests', maxCpus: 288 },
    { name: 'isapc', family: 'isapc', className: 'isapc-machine', description: 'ISA-only PC', maxCpus: 1 },
    { name: 'none', family: 'none', className: 'none-machine', description: 'empty machine', maxCpus: 1 },
    { name: 'x-remote', family: 'x-remote', className: 'x-remote-machine', description: 'Experimental remote machine (multi-process QEMU)', maxCpus: 1 },
  );
  cache.set(key, types);
  return types;
}

export function findMachineType(name: string, v: QemuVersion): MachineType | undefined {
  return machineTypesFor(v).find((t) => t.name === name);
}

export function defaultMachineType(v: QemuVersion): MachineType {
  return machineTypesFor(v).find((t) => t.isDefault)!;
}
