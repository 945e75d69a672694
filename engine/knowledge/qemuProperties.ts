/**
 * Machine properties accepted by `-machine`/`-M`, per machine family and QEMU version. Types are the
 * QOM types `-machine <type>,help` prints; the docs are our own summaries. Hover, completion and
 * validation all read this table.
 */
import type { MachineFamily } from './qemuMachines';

export type PropertyType = 'bool' | 'int' | 'uint64' | 'size' | 'string' | 'OnOffAuto' | 'enum' | 'link' | 'struct' | 'list';

export interface PropertySpec {
  name: string;
  type: PropertyType;
  /** Accepted members for enum/OnOffAuto, with the release each appeared in when later than the property. */
  values?: Array<{ name: string; since?: string }>;
  /** The default as QEMU would print it, or a short phrase. */
  defaultValue?: string;
  /** First release that accepts it (absent: older than any release Samepage models). */
  since?: string;
  /** Accepted by the machine but not listed by `-M <type>,help`. */
  instanceOnly?: boolean;
  /** For struct/list: the members (list elements are `name.N.member`). */
  members?: PropertySpec[];
  /** Text for the hover; markdown. */
  doc: string;
  /** Extra hover paragraph about KSM, for the properties that decide mergeability. */
  ksm?: string;
}

const BOOL_DOC = 'Boolean: exactly `on`, `yes`, `true`, `y` or `off`, `no`, `false`, `n`, in lower case.';

const SMP_MEMBERS: PropertySpec[] = [
  { name: 'cpus', type: 'int', doc: 'Number of vCPUs present at start.' },
  { name: 'maxcpus', type: 'int', doc: 'Most vCPUs the guest can have, including hot-pluggable ones; at least `cpus`.' },
  { name: 'sockets', type: 'int', doc: 'CPU sockets.' },
  { name: 'dies', type: 'int', doc: 'Dies per socket.' },
  { name: 'clusters', type: 'int', doc: 'Clusters per die; x86 machines accept only 1 before QEMU 9.0.' },
  { name: 'cores', type: 'int', doc: 'Cores per cluster (or die).' },
  { name: 'threads', type: 'int', doc: 'Threads per core.' },
  { name: 'books', type: 'int', since: '8.2', doc: 'Books per drawer (s390x topology); other machines accept only 1.' },
  { name: 'drawers', type: 'int', since: '8.2', doc: 'Drawers (s390x topology); other machines accept only 1.' },
  { name: 'modules', type: 'int', since: '9.1', doc: 'Modules per die (x86 topology level between die and core).' },
];

const MEMORY_MEMBERS: PropertySpec[] = [
  { name: 'size', type: 'size', defaultValue: '128M', doc: 'Initial guest RAM size; the same as `-m size=`. Rounded up to a multiple of 8 KiB.' },
  { name: 'slots', type: 'uint64', doc: 'Hot-plug memory slots; needs `max-size`. At most 256 on x86.' },
  { name: 'max-size', type: 'size', doc: 'Largest RAM size reachable by hot-plug; at least `size`. The same as `-m maxmem=`.' },
];

const BOOT_MEMBERS: PropertySpec[] = [
  { name: 'order', type: 'string', doc: 'Boot devices to try in order: letters `a`–`p` (`a`/`b` floppy, `c` first disk, `d` CD-ROM, `n`–`p` network), each at most once.' },
  { name: 'once', type: 'string', doc: 'Boot order for the first boot only, same letters as `order`.' },
  { name: 'menu', type: 'bool', doc: 'Show the firmware boot menu. ' + BOOL_DOC },
  { name: 'splash', type: 'string', doc: 'Picture file the firmware shows while booting.' },
  { name: 'splash-time', type: 'int', doc: 'How long the splash picture shows, in milliseconds.' },
  { name: 'reboot-timeout', type: 'int', doc: 'Milliseconds before rebooting when no boot device is found; -1 (default) never reboots, at most 65535.' },
  { name: 'strict', type: 'bool', doc: 'Do not fall back to other boot devices when those in `order` fail. ' + BOOL_DOC },
];

const SGX_MEMBERS: PropertySpec[] = [
  { name: 'memdev', type: 'string', doc: 'Id of a `memory-backend-epc` object providing this EPC section.' },
  { name: 'node', type: 'int', doc: 'NUMA node the EPC section belongs to.' },
];

const SMP_CACHE_MEMBERS: PropertySpec[] = [
  { name: 'cache', type: 'enum', values: ['l1d', 'l1i', 'l2', 'l3'].map((name) => ({ name })), doc: 'Which cache level this entry describes.' },
  { name: 'topology', type: 'enum', values: ['thread', 'core', 'module', 'cluster', 'die', 'socket', 'book', 'drawer', 'default'].map((name) => ({ name })), doc: 'Topology level that shares this cache.' },
];

const ON_OFF_AUTO = [{ name: 'on' }, { name: 'off' }, { name: 'auto' }];

/** Properties every machine type has (hw/core/machine.c). */
const GENERIC: PropertySpec[] = [
  {
    name: 'mem-merge',
    type: 'bool',
    defaultValue: 'on',
    doc: 'Marks guest RAM as mergeable for KSM (`madvise(MADV_MERGEABLE)` on every RAM block QEMU allocates). ' + BOOL_DOC,
    ksm:
      'With `on` (the default) ksmd may deduplicate this guest\'s RAM with other pages on the host, once `/sys/kernel/mm/ksm/run` is 1. ' +
      'With `off` no RAM block is marked, so this guest contributes nothing to KSM savings, unless a memory backend sets `merge=on` itself. ' +
      'A backend\'s `merge=off` does **not** stop merging while the machine has `mem-merge=on`.',
  },
  { name: 'dump-guest-core', type: 'bool', defaultValue: 'on', doc: 'Include guest RAM in QEMU core dumps; `off` marks it `MADV_DONTDUMP` (no effect on KSM). ' + BOOL_DOC },
  { name: 'memory-backend', type: 'link', since: '5.0', doc: 'Id of a `-object memory-backend-*` that provides main guest RAM. Its size must equal `-m`; its `merge` and `share` decide whether KSM can merge the RAM.' },
  { name: 'memory', type: 'struct', since: '7.0', members: MEMORY_MEMBERS, doc: 'Guest RAM sizes as `memory.size`, `memory.slots`, `memory.max-size`; `-m` writes the same keys.' },
  { name: 'smp', type: 'struct', since: '6.1', members: SMP_MEMBERS, doc: 'vCPU count and topology as `smp.cpus`, `smp.sockets`, …; the same as `-smp`.' },
  { name: 'boot', type: 'struct', since: '7.0', members: BOOT_MEMBERS, doc: 'Boot order and firmware boot options as `boot.order`, `boot.menu`, …; the same as `-boot`.' },
  { name: 'kernel', type: 'string', doc: 'Linux kernel image to boot directly; the same as `-kernel`.' },
  { name: 'initrd', type: 'string', doc: 'Initial ramdisk for `kernel`; needs a kernel.' },
  { name: 'append', type: 'string', doc: 'Kernel command line for `kernel`; needs a kernel. Write `,,` for a literal comma.' },
  { name: 'dtb', type: 'string', doc: 'Device tree blob to pass to the guest (mostly for non-x86 boards).' },
  { name: 'dumpdtb', type: 'string', doc: 'File to write the generated device tree to, then exit.' },
  { name: 'dt-compatible', type: 'string', doc: 'Overrides the device tree `compatible` string.' },
  { name: 'firmware', type: 'string', doc: 'Firmware (BIOS) image file; the same as `-bios`.' },
  { name: 'graphics', type: 'bool', defaultValue: 'on', doc: 'Whether the board sets up graphics; `-nographic` sets it to `off`. ' + BOOL_DOC },
  { name: 'usb', type: 'bool', defaultValue: 'off', doc: 'Adds a USB controller; the same as `-usb`. ' + BOOL_DOC },
  { name: 'suppress-vmdesc', type: 'bool', defaultValue: 'off', doc: 'Leaves the VM description out of migration streams. ' + BOOL_DOC },
  { name: 'phandle-start', type: 'int', since: '5.1', doc: 'First phandle number in a generated device tree.' },
  { name: 'confidential-guest-support', type: 'link', since: '6.0', doc: 'Id of an object (such as `sev-guest`) that makes this a confidential guest. Encrypted guest RAM never merges with KSM.' },
  { name: 'memory-encryption', type: 'string', doc: 'Older name for `confidential-guest-support`: id of a memory-encryption object.' },
  { name: 'smp-cache', type: 'list', since: '9.2', members: SMP_CACHE_MEMBERS, doc: 'Cache topology entries as `smp-cache.N.cache` and `smp-cache.N.topology`.' },
  {
    name: 'aux-ram-share',
    type: 'bool',
    since: '10.0',
    defaultValue: 'off',
    doc: 'Allocates auxiliary RAM (device and firmware buffers, not main RAM) as shared memory, for CPR live update. ' + BOOL_DOC,
    ksm: 'Shared memory cannot be merged by KSM, so with `on` the auxiliary RAM blocks never merge; main guest RAM is unaffected.',
  },
];

/** Properties of every x86 machine (hw/i386/x86.c). */
const X86: PropertySpec[] = [
  { name: 'acpi', type: 'OnOffAuto', values: ON_OFF_AUTO, defaultValue: 'auto', since: '5.1', doc: 'Whether the guest gets ACPI tables (replaces `-no-acpi`).' },
  { name: 'smm', type: 'OnOffAuto', values: ON_OFF_AUTO, defaultValue: 'auto', doc: 'System Management Mode; needed by secure-boot UEFI firmware.' },
  { name: 'pic', type: 'OnOffAuto', values: ON_OFF_AUTO, defaultValue: 'auto', since: '6.2', doc: 'Whether the legacy i8259 interrupt controller is present.' },
  { name: 'pit', type: 'OnOffAuto', values: ON_OFF_AUTO, defaultValue: 'auto', doc: 'Whether the i8254 programmable interval timer is present.' },
  { name: 'bus-lock-ratelimit', type: 'uint64', defaultValue: '0', since: '7.0', doc: 'Most split-lock (bus lock) events per second a guest may cause under KVM; 0 is unlimited.' },
  { name: 'sgx-epc', type: 'list', since: '6.2', members: SGX_MEMBERS, doc: 'SGX enclave page cache sections as `sgx-epc.N.memdev` and `sgx-epc.N.node`; needs an SGX host with KVM.' },
  { name: 'x-oem-id', type: 'string', defaultValue: 'BOCHS ', since: '6.0', doc: 'OEM id written into the ACPI tables; at most 6 bytes.' },
  { name: 'x-oem-table-id', type: 'string', defaultValue: 'BXPC    ', since: '6.0', doc: 'OEM table id written into the ACPI tables; at most 8 bytes.' },
];

/** Properties of the PC machines pc/q35/isapc (hw/i386/pc.c). */
const PC: PropertySpec[] = [
  { name: 'max-ram-below-4g', type: 'size', doc: 'Most RAM mapped below the 4 GiB boundary; the rest goes above 4 GiB. At most 4G; values under 1 MiB leave the BIOS too little room.' },
  { name: 'max-fw-size', type: 'size', defaultValue: '8M', since: '5.1', doc: 'Largest combined size of the flash firmware images; at most 16 MiB.' },
  { name: 'vmport', type: 'OnOffAuto', values: ON_OFF_AUTO, defaultValue: 'auto', doc: 'VMware backdoor I/O port emulation (for vmmouse and VMware tools).' },
  { name: 'smbus', type: 'bool', defaultValue: 'on', doc: 'Whether the SMBus controller is present. ' + BOOL_DOC },
  { name: 'sata', type: 'bool', defaultValue: 'on', doc: 'Whether the AHCI SATA controller is present (q35). ' + BOOL_DOC },
  { name: 'hpet', type: 'bool', defaultValue: 'on', since: '7.0', doc: 'Whether the HPET timer is present (replaces `-no-hpet`). ' + BOOL_DOC },
  { name: 'i8042', type: 'bool', defaultValue: 'on', since: '7.0', doc: 'Whether the PS/2 keyboard and mouse controller is present. ' + BOOL_DOC },
  { name: 'default-bus-bypass-iommu', type: 'bool', defaultValue: 'off', since: '6.1', doc: 'Lets devices on the default PCI bus bypass the vIOMMU. ' + BOOL_DOC },
  {
    name: 'smbios-entry-point-type',
    type: 'enum',
    values: [{ name: '32' }, { name: '64' }, { name: 'auto', since: '9.0' }],
    defaultValue: '64 (auto on 9.0 and later machine types)',
    doc: 'SMBIOS entry point version the firmware exposes: `32` (SMBIOS 2.x) or `64` (SMBIOS 3.x).',
  },
  { name: 'nvdimm', type: 'bool', defaultValue: 'off', instanceOnly: true, doc: 'Enables NVDIMM (ACPI NFIT) support. ' + BOOL_DOC },
  { name: 'nvdimm-persistence', type: 'enum', values: [{ name: 'cpu' }, { name: 'mem-ctrl' }], instanceOnly: true, doc: 'Which platform persistence domain NVDIMMs report.' },
  { name: 'hmat', type: 'bool', defaultValue: 'off', instanceOnly: true, doc: 'Builds an ACPI HMAT table describing memory latency and bandwidth (with `-numa hmat-lb`). ' + BOOL_DOC },
];

/** The two flash drive aliases of pc/q35 (not isapc). */
const PFLASH: PropertySpec[] = [
  { name: 'pflash0', type: 'link', instanceOnly: true, doc: 'Block node (from `-blockdev`) holding the firmware code flash.' },
  { name: 'pflash1', type: 'link', instanceOnly: true, doc: 'Block node holding the firmware variables flash (UEFI vars).' },
];

const MICROVM: PropertySpec[] = [
  { name: 'rtc', type: 'OnOffAuto', values: ON_OFF_AUTO, defaultValue: 'auto', doc: 'Whether the MC146818 real-time clock is present.' },
  { name: 'isa-serial', type: 'bool', defaultValue: 'on', doc: 'Whether the ISA serial port is present. ' + BOOL_DOC },
  { name: 'x-option-roms', type: 'bool', defaultValue: 'on', doc: 'Whether option ROMs are loaded. ' + BOOL_DOC },
  { name: 'auto-kernel-cmdline', type: 'bool', defaultValue: 'on', doc: 'Adds virtio-mmio devices to the kernel command line automatically. ' + BOOL_DOC },
  { name: 'pcie', type: 'OnOffAuto', values: ON_OFF_AUTO, defaultValue: 'auto', since: '5.2', doc: 'Whether a PCIe host bridge is present.' },
  { name: 'ioapic2', type: 'OnOffAuto', values: ON_OFF_AUTO, defaultValue: 'auto', since: '6.0', doc: 'Whether a second IO-APIC is present.' },
];

const X_REMOTE: PropertySpec[] = [
  { name: 'vfio-user', type: 'bool', defaultValue: 'off', doc: 'Serve devices over the vfio-user protocol. ' + BOOL_DOC },
  { name: 'auto-shutdown', type: 'bool', defaultValue: 'on', doc: 'Exit when the last client disconnects. ' + BOOL_DOC },
];

const MICROVM_LACKS = new Set(['hpet', 'i8042', 'sata', 'smbus', 'smbios-entry-point-type', 'max-fw-size', 'max-ram-below-4g', 'default-bus-bypass-iommu', 'vmport', 'nvdimm', 'nvdimm-persistence', 'hmat']);

/** Every property a machine family has, ignoring the version. */
export function propertiesOfFamily(family: MachineFamily): PropertySpec[] {
  switch (family) {
    case 'i440fx':
    case 'q35':
      return [...GENERIC, ...X86, ...PC, ...PFLASH];
    case 'isapc':
      return [...GENERIC, ...X86, ...PC];
    case 'microvm':
      return [...GENERIC, ...X86.filter((p) => !MICROVM_LACKS.has(p.name)), ...MICROVM];
    case 'x-remote':
      return [...GENERIC, ...X_REMOTE];
    case 'none':
      return [...GENERIC];
  }
}

/** Keys `-machine` takes that are not machine properties: QEMU moves them elsewhere first. */
export interface LegacyKey {
  name: string;
  doc: string;
  /** Accelerator that reads it; other accelerators ignore it silently. */
  accelerator?: 'kvm' | 'xen';
  values?: string[];
  type: PropertyType;
}

export const LEGACY_MACHINE_KEYS: LegacyKey[] = [
  { name: 'accel', type: 'string', doc: 'Accelerators to try in order, separated by `:` (e.g. `kvm:tcg`). Cannot be combined with `-accel`; `-enable-kvm` sets `accel=kvm`.' },
  { name: 'kernel-irqchip', type: 'enum', values: ['on', 'off', 'split'], accelerator: 'kvm', doc: 'Where the interrupt controller is emulated under KVM: `on` in the kernel, `split` (IO-APIC in QEMU), `off` all in QEMU. Passed to the KVM accelerator; ignored by TCG.' },
  { name: 'kvm-shadow-mem', type: 'size', accelerator: 'kvm', doc: 'Size of the KVM MMU shadow page cache. Passed to the KVM accelerator; ignored by TCG.' },
  { name: 'igd-passthru', type: 'bool', accelerator: 'xen', doc: 'Intel graphics passthrough under Xen. Passed to the Xen accelerator; ignored otherwise.' },
];
