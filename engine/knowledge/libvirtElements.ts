/**
 * The libvirt domain XML elements that decide what KSM can merge, as libvirt 9.0.0 (Debian 12)
 * reads them and turns them into QEMU options (src/conf/domain_conf.c, src/qemu/qemu_command.c).
 * Hover and the libvirt rules read this table.
 */
export const LIBVIRT_VERSION = '9.0.0';

export interface LibvirtElementSpec {
  /** Element path below <domain>, e.g. `memoryBacking/nosharepages`. */
  path: string;
  doc: string;
  /** What it means for KSM. */
  ksm: string;
  /** The QEMU option libvirt writes for it. */
  qemu?: string;
  /** libvirt release that introduced it. */
  since?: string;
}

export const LIBVIRT_ELEMENTS: readonly LibvirtElementSpec[] = [
  {
    path: 'memory',
    doc: 'Guest RAM at boot, including hot-plugged memory devices. `unit` defaults to KiB; `KB`, `MB`, `GB`… are powers of 1000, `KiB`/`k`, `MiB`/`M`, `GiB`/`G`… powers of 1024. With `<numa>` cells the sum of the cells replaces it.',
    ksm: 'The RAM that KSM can scan, unless `<nosharepages/>`, huge pages or shared memory keep it out.',
    qemu: '`-m` (rounded up to whole MiB on x86)',
  },
  {
    path: 'currentMemory',
    doc: 'The balloon target at start: libvirt boots the guest with `<memory>` and then asks the balloon driver to shrink it to this. Larger than `<memory>` (or 0) means `<memory>`.',
    ksm: 'Pages the balloon takes back are returned to the host, so KSM sees up to this much of the guest in use.',
    qemu: 'none on the command line (set through QMP `balloon` after start)',
  },
  {
    path: 'maxMemory',
    doc: 'Upper limit for memory hot-plug, with `slots` for DIMMs. Must be at least `<memory>`.',
    ksm: 'No effect on what KSM scans until memory is plugged.',
    qemu: '`-m size=…,slots=N,maxmem=…`',
  },
  {
    path: 'memoryBacking',
    doc: 'How guest RAM is allocated: huge pages, source type (anonymous, file, memfd), access mode (private, shared), locking, discard, allocation.',
    ksm: 'Several of its children keep RAM out of KSM: `nosharepages`, `hugepages`, `access mode="shared"` and a memfd source mapped shared.',
  },
  {
    path: 'memoryBacking/nosharepages',
    doc: 'Asks QEMU not to offer guest RAM to KSM.',
    ksm: 'KSM never merges this guest: QEMU leaves every RAM block unmarked (`MADV_MERGEABLE` is never applied).',
    qemu: '`-machine mem-merge=off`',
  },
  {
    path: 'memoryBacking/hugepages',
    doc: 'Back guest RAM with hugetlbfs pages (optionally per `<page size=… nodeset=…>`). Needs hugetlbfs mounted and pages reserved on the host.',
    ksm: 'KSM never merges huge pages (hugetlb mappings are refused by madvise(MADV_MERGEABLE)).',
    qemu: '`memory-backend-file` on the hugetlbfs mount, or `memory-backend-memfd,hugetlb=on` with a memfd source',
  },
  {
    path: 'memoryBacking/hugepages/page',
    doc: 'A huge page size (`size`, `unit`) and the guest NUMA cells it applies to (`nodeset`); without `nodeset` it applies to all cells.',
    ksm: 'The cells it covers never merge.',
  },
  {
    path: 'memoryBacking/source',
    doc: '`type="anonymous"` (default), `"file"` (memory_backing_dir) or `"memfd"`.',
    ksm: 'anonymous and private file/memfd memory can merge; memfd or file mapped shared cannot.',
    qemu: '`memory-backend-ram`, `memory-backend-file` or `memory-backend-memfd`',
    since: '4.10.0 (memfd)',
  },
  {
    path: 'memoryBacking/access',
    doc: '`mode="shared"` maps guest RAM shared (needed by vhost-user and virtiofs) or `"private"`; a NUMA cell\'s `memAccess` overrides it for that cell.',
    ksm: 'Shared mappings are never merged by KSM (madvise(MADV_MERGEABLE) skips VM_SHARED).',
    qemu: '`share=on`/`share=off` on the memory backend',
  },
  {
    path: 'memoryBacking/locked',
    doc: 'Locks guest RAM in host memory (mlock); needs a `<hard_limit>`.',
    ksm: 'Does not keep RAM out of KSM: ksmd merges locked pages and keeps the merged page locked. Locked RAM never swaps, so KSM is the only way to reclaim it.',
    qemu: '`-overcommit mem-lock=on`',
  },
  {
    path: 'memoryBacking/discard',
    doc: 'Discard the backing memory when the guest stops (file backends).',
    ksm: 'No effect while the guest runs.',
    qemu: '`discard-data=on`',
  },
  {
    path: 'memoryBacking/allocation',
    doc: '`mode="immediate"` preallocates all guest RAM at start; `"ondemand"` (default) lets it fault in.',
    ksm: 'Preallocated RAM is zero-filled and resident at once: KSM (with `use_zero_pages`) finds it all identical until the guest writes it.',
    qemu: '`prealloc=on` on the backend',
  },
  {
    path: 'cpu/numa/cell',
    doc: 'A guest NUMA node: `id`, `cpus`, `memory` with `unit`, and `memAccess` (shared/private) and `discard` for its backend. The cells\' memory sizes add up to the guest RAM.',
    ksm: 'Each cell has its own QEMU memory backend, so each can be in or out of KSM\'s reach on its own.',
    qemu: '`-object memory-backend-…,id=ram-nodeN` + `-numa node,memdev=ram-nodeN`',
  },
  {
    path: 'devices/memballoon',
    doc: 'The balloon device (`model="virtio"`, `"none"` for none). `freePageReporting="on"` reports freed guest pages to the host; `autodeflate` gives memory back on guest OOM.',
    ksm: 'With free page reporting the host discards what the guest frees, so idle guests show KSM fewer zero pages to merge; without a balloon `<currentMemory>` cannot take effect.',
    qemu: '`-device virtio-balloon-pci,free-page-reporting=on`',
    since: '6.9.0 (freePageReporting)',
  },
];

export function libvirtElement(path: string): LibvirtElementSpec | undefined {
  return LIBVIRT_ELEMENTS.find((e) => e.path === path);
}
