/**
 * The Proxmox VE VM config options (`/etc/pve/qemu-server/VMID.conf`) that decide what KSM can
 * merge, as qemu-server 9.2.6 reads them (src/PVE/QemuServer.pm `$confdesc`, `check_type`,
 * `config_to_command`; src/PVE/QemuServer/Memory.pm). Hover and the proxmox rules read this table.
 */
export const QEMU_SERVER_VERSION = '9.2.6';

export type ProxmoxType = 'boolean' | 'integer' | 'memory' | 'enum' | 'numa-node' | 'string';

export interface ProxmoxOptionSpec {
  /** Config key; `numa[n]` and `virtiofs[n]` stand for numa0…numa7 and virtiofs0…virtiofs9. */
  key: string;
  type: ProxmoxType;
  values?: readonly string[];
  /** What qemu-server uses when the key is missing (or its value is refused). */
  defaultValue?: string;
  doc: string;
  ksm: string;
  qemu?: string;
  /** qemu-server release that added it. */
  since?: string;
}

export const PROXMOX_OPTIONS: readonly ProxmoxOptionSpec[] = [
  {
    key: 'memory',
    type: 'memory',
    defaultValue: '512',
    doc: 'Guest RAM in MiB (`2048`, or `current=2048` since qemu-server 8.0.8); at least 16. With ballooning this is the most the guest can have.',
    ksm: 'The RAM KSM can scan, unless `allow-ksm: 0`, huge pages or virtiofs keep it out.',
    qemu: '`-m N` (with memory hot-plug: `-m size=1024,slots=255,maxmem=…` plus DIMMs)',
  },
  {
    key: 'balloon',
    type: 'integer',
    doc: 'Target RAM in MiB for the balloon driver; `0` removes the balloon device. Below `memory`, pvestatd shrinks the guest towards it when the host runs short (auto-ballooning, weighted by `shares`).',
    ksm: 'The balloon device also carries free page reporting (machine version 6.2 and later): pages the guest frees go back to the host, so idle guests have fewer zero pages for KSM. `balloon: 0` turns both off.',
    qemu: '`-device virtio-balloon-pci,id=balloon0,free-page-reporting=on`',
  },
  {
    key: 'shares',
    type: 'integer',
    defaultValue: '1000',
    doc: 'Weight of this VM for auto-ballooning; `0` disables auto-ballooning.',
    ksm: 'No direct effect.',
  },
  {
    key: 'hugepages',
    type: 'enum',
    values: ['any', '2', '1024'],
    doc: 'Back guest RAM with huge pages of this size in MiB (`any`: 1 GiB when possible, else 2 MiB). Needs `numa: 1`.',
    ksm: 'KSM never merges huge pages: every memory backend becomes a shared file on hugetlbfs.',
    qemu: '`-object memory-backend-file,…,mem-path=/run/hugepages/kvm/…,share=on,prealloc=yes`',
  },
  {
    key: 'keephugepages',
    type: 'boolean',
    defaultValue: '0',
    doc: 'Keep the huge pages reserved after the VM stops, for the next start.',
    ksm: 'No effect on merging (huge pages never merge).',
  },
  {
    key: 'numa',
    type: 'boolean',
    defaultValue: '0',
    doc: 'Give the guest a NUMA topology: one node per socket, or the `numa0`…`numa7` nodes.',
    ksm: 'Each node gets its own `memory-backend-ram`, which KSM can merge (unless huge pages or virtiofs).',
    qemu: '`-object memory-backend-ram,id=ram-nodeN,size=…` + `-numa node,nodeid=N,…,memdev=ram-nodeN`',
  },
  {
    key: 'numa[n]',
    type: 'numa-node',
    doc: 'One guest NUMA node: `cpus=…,memory=MiB[,hostnodes=…,policy=…]`. The nodes\' memory must add up to `memory`.',
    ksm: 'Its backend can merge unless huge pages or virtiofs are on.',
  },
  {
    key: 'virtiofs[n]',
    type: 'string',
    doc: 'A directory shared with the guest through virtiofsd.',
    ksm: 'virtiofs needs guest RAM mapped shared, so qemu-server puts all of it on `memory-backend-memfd,share=on`: KSM never merges this VM.',
    qemu: '`-object memory-backend-memfd,id=virtiofs-mem,size=…,share=on`',
    since: '9.0',
  },
  {
    key: 'allow-ksm',
    type: 'boolean',
    defaultValue: '1',
    doc: 'Allow KSM to merge this VM\'s memory.',
    ksm: '`allow-ksm: 0` starts QEMU with `mem-merge=off`: KSM never merges this VM.',
    qemu: '`-machine mem-merge=off`',
    since: '9.0.27',
  },
];

export function proxmoxOption(key: string): ProxmoxOptionSpec | undefined {
  const generic = key.replace(/^(numa|virtiofs)\d+$/, '$1[n]');
  return PROXMOX_OPTIONS.find((o) => o.key === generic);
}
