/**
 * `-object memory-backend-*` and `-accel` options Samepage understands (QemuOpts grammar, values
 * checked through QEMU's "opts visitor"). Only the memory backends are checked in depth, because
 * their `merge` and `share` flags decide whether KSM can merge guest RAM.
 */
import type { PropertySpec } from './qemuProperties';
import { versionAtLeast, type QemuVersion } from './qemuVersions';

const BOOL = 'Boolean: `on`/`yes`/`true`/`y` or `off`/`no`/`false`/`n`, lower case. A bare name means `on`, `no<name>` means `off` (deprecated).';

export const MEMORY_BACKEND_COMMON: PropertySpec[] = [
  { name: 'id', type: 'string', doc: 'Object id, referenced by `-machine memory-backend=`, `-numa node,memdev=` or devices. A letter, then letters, digits, `-`, `.`, `_`.' },
  { name: 'size', type: 'size', doc: 'Size of the memory region (required, not 0). For main RAM it must equal `-m`.' },
  {
    name: 'merge',
    type: 'bool',
    defaultValue: 'the machine\'s mem-merge',
    doc: 'Marks this region mergeable for KSM. ' + BOOL,
    ksm: '`merge=on` adds `MADV_MERGEABLE` on this region even when the machine has `mem-merge=off`. `merge=off` does not undo the machine\'s `mem-merge=on`: the RAM block is still marked mergeable. To keep a backend out of KSM, set `mem-merge=off` on the machine.',
  },
  { name: 'share', type: 'bool', defaultValue: 'off (on for memory-backend-memfd)', doc: 'Map the memory shared (`MAP_SHARED`) so other processes can see it. ' + BOOL, ksm: 'KSM never merges shared mappings: with `share=on` this RAM is never deduplicated, whatever `merge` says.' },
  { name: 'dump', type: 'bool', defaultValue: 'the machine\'s dump-guest-core', doc: 'Include this region in core dumps. ' + BOOL },
  { name: 'prealloc', type: 'bool', defaultValue: 'off', doc: 'Touch every page at start-up. ' + BOOL },
  { name: 'prealloc-threads', type: 'uint64', defaultValue: '1', doc: 'Threads used to preallocate.' },
  { name: 'prealloc-context', type: 'link', doc: 'Id of a `thread-context` object whose CPU affinity the preallocation threads use.' },
  { name: 'reserve', type: 'bool', defaultValue: 'on', doc: 'Reserve swap space for the region (`off` maps it `MAP_NORESERVE`). ' + BOOL },
  { name: 'host-nodes', type: 'string', doc: 'Host NUMA nodes to bind to, e.g. `0` or `0-1`; needs a `policy` other than `default`.' },
  { name: 'policy', type: 'enum', values: ['default', 'preferred', 'bind', 'interleave'].map((name) => ({ name })), defaultValue: 'default', doc: 'Host NUMA policy for the region.' },
  { name: 'x-use-canonical-path-for-ramblock-id', type: 'bool', doc: 'Migration compatibility knob for the RAM block name. ' + BOOL },
];

export const MEMORY_BACKEND_FILE: PropertySpec[] = [
  { name: 'mem-path', type: 'string', doc: 'File or directory (for example a hugetlbfs mount) backing the memory (required).' , ksm: 'hugetlbfs pages are never merged by KSM.' },
  { name: 'align', type: 'size', doc: 'Alignment of the mapping.' },
  { name: 'offset', type: 'size', since: '8.2', doc: 'Offset into the file where the mapping starts.' },
  { name: 'discard-data', type: 'bool', defaultValue: 'off', doc: 'Throw the file contents away at exit. ' + BOOL },
  { name: 'pmem', type: 'bool', defaultValue: 'off', doc: 'The file is on persistent memory. ' + BOOL },
  { name: 'readonly', type: 'bool', defaultValue: 'off', doc: 'Map the file read-only. ' + BOOL },
  { name: 'rom', type: 'OnOffAuto', values: ['on', 'off', 'auto'].map((name) => ({ name })), since: '8.2', doc: 'Whether the guest sees the memory as read-only.' },
];

export const MEMORY_BACKEND_MEMFD: PropertySpec[] = [
  { name: 'hugetlb', type: 'bool', defaultValue: 'off', doc: 'Use huge pages for the memfd. ' + BOOL, ksm: 'Huge-page memfd memory is never merged by KSM.' },
  { name: 'hugetlbsize', type: 'size', doc: 'Huge page size with `hugetlb=on`.' },
  { name: 'seal', type: 'bool', defaultValue: 'on', doc: 'Seal the memfd against resizing. ' + BOOL },
];

export interface BackendType {
  name: string;
  doc: string;
  properties: PropertySpec[];
  /** Properties QEMU requires (besides qom-type and id). */
  required: string[];
}

export const MEMORY_BACKEND_TYPES: BackendType[] = [
  { name: 'memory-backend-ram', doc: 'Anonymous private RAM: what `-m` gives by default. KSM can merge it.', properties: MEMORY_BACKEND_COMMON, required: ['size'] },
  { name: 'memory-backend-file', doc: 'RAM backed by a file or hugetlbfs. Private (`share=off`) mappings can be merged page by page once written; shared ones and hugetlbfs never.', properties: [...MEMORY_BACKEND_COMMON, ...MEMORY_BACKEND_FILE], required: ['size', 'mem-path'] },
  { name: 'memory-backend-memfd', doc: 'RAM backed by an anonymous memfd; shared by default (`share=on`), which KSM can never merge.', properties: [...MEMORY_BACKEND_COMMON, ...MEMORY_BACKEND_MEMFD], required: ['size'] },
  { name: 'memory-backend-epc', doc: 'SGX enclave page cache memory (for `-machine sgx-epc.N.memdev`); never merged.', properties: MEMORY_BACKEND_COMMON, required: ['size'] },
];

/** Accelerators qemu-system-x86_64 7.2 (Debian) has, and their `-accel` properties. */
export const ACCELERATORS: Record<string, { doc: string; properties: PropertySpec[] }> = {
  kvm: {
    doc: 'Linux KVM hardware virtualisation (needs /dev/kvm).',
    properties: [
      { name: 'kernel-irqchip', type: 'enum', values: ['on', 'off', 'split'].map((name) => ({ name })), doc: 'Where interrupt controllers are emulated.' },
      { name: 'kvm-shadow-mem', type: 'size', doc: 'KVM MMU shadow cache size.' },
      { name: 'dirty-ring-size', type: 'uint64', doc: 'Per-vCPU dirty ring size (0: use the dirty log).' },
      { name: 'notify-vmexit', type: 'enum', values: ['run', 'internal-error', 'disable'].map((name) => ({ name })), since: '7.2', doc: 'What to do on a notify VM exit.' },
      { name: 'notify-window', type: 'uint64', since: '7.2', doc: 'Notify VM exit window.' },
    ],
  },
  tcg: {
    doc: 'QEMU\'s own dynamic translator (no hardware help).',
    properties: [
      { name: 'thread', type: 'enum', values: ['single', 'multi'].map((name) => ({ name })), doc: 'One translation thread for all vCPUs, or one per vCPU.' },
      { name: 'tb-size', type: 'uint64', doc: 'Translation cache size in MiB.' },
      { name: 'split-wx', type: 'bool', doc: 'Map the translation cache twice, writable and executable.' },
      { name: 'one-insn-per-tb', type: 'bool', since: '8.1', doc: 'Translate one guest instruction per block (debugging).' },
    ],
  },
  qtest: { doc: 'Test accelerator used by QEMU\'s own test suite.', properties: [] },
};

/** qom-types of qemu-system-x86_64 7.2 (`-object help`); unknown ones are rejected by QEMU. */
export const OBJECT_TYPES_7_2 = new Set(
  'authz-list authz-list-file authz-simple can-bus can-host-socketcan colo-compare cryptodev-backend cryptodev-backend-builtin cryptodev-vhost-user dbus-vmstate filter-buffer filter-dump filter-mirror filter-redirector filter-replay filter-rewriter input-barrier input-linux iothread main-loop memory-backend-file memory-backend-memfd memory-backend-ram memory-backend-epc pr-manager-helper qtest rng-builtin rng-egd rng-random secret secret_keyring sev-guest thread-context throttle-group tls-cipher-suites tls-creds-anon tls-creds-psk tls-creds-x509 x-remote-object x-vfio-user-server'.split(' '),
);

/** A backend property the given QEMU version accepts. */
export function backendProperty(backend: BackendType, name: string, version: QemuVersion): PropertySpec | undefined {
  return backend.properties.find((p) => p.name === name && (!p.since || versionAtLeast(version, p.since)));
}
