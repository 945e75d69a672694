/**
 * The typed knowledge table of /sys/kernel/mm/ksm (Linux 6.18: 24 attributes). Hover, completion,
 * write validation (engine/sysfs), the simulator (defaults, `since`) and the what-if webview
 * (ranges) all read this one table, so facts live here once.
 */
import { compareKernelVersions } from './kernelVersion';

export { compareKernelVersions, parseKernelVersion, majorMinor } from './kernelVersion';

export const KSM_SYSFS_DIR = '/sys/kernel/mm/ksm';

/** The value a knob reads back as: numbers for integers and booleans (0/1), a word for advisor_mode. */
export type KnobValue = number | string;

/** How the kernel's store handler turns the written bytes into a value. */
export type KnobParseRule = 'kstrtouint' | 'kstrtoul' | 'kstrtoint' | 'kstrtobool' | 'sysfs_streq' | 'read-only';

export type KnobCategory = 'control' | 'advisor' | 'counter';

export interface KnobInfo {
  name: string;
  access: 'RO' | 'RW';
  category: KnobCategory;
  /** The kernel variable's C type as the handler stores and prints it. */
  kernelType: string;
  unit: string;
  /** Accepted values in words. */
  accepts: string;
  /** Inclusive numeric range the kernel accepts (writable numeric knobs). */
  range?: { min: number; max: number };
  /** Every accepted word (enums) or the useful values (booleans, run), for completion. */
  choices?: readonly string[];
  /** Boot-time value of writable knobs. */
  default?: KnobValue;
  /** First kernel release ("X.Y" or "X.Y.Z") with this attribute. */
  since: string;
  parse: KnobParseRule;
  /** Only present with this kernel config option. */
  requires?: 'CONFIG_NUMA';
  /** Errno rules of a write, in words. */
  errors: readonly string[];
  /** One line, for completion details and diagnostics. */
  summary: string;
  /** Hover paragraph (own wording). */
  description: string;
  /** How to interpret the number. */
  howToRead?: string;
}

export const U32_MAX = 4294967295;
export const INT_MAX = 2147483647;

const PARSE_INT_ERRORS = ['EINVAL: anything but a base-10 number (one leading `+`, one trailing newline allowed)', 'EINVAL: overflow of the target type (the handler turns ERANGE into EINVAL)'];
const READ_ONLY_ERRORS = ['EACCES: the file has no store method, so opening it for writing fails even for root'];
const BOOL_ACCEPTS = '`1`/`0`, or a word whose first letter is y/t/e (true: yes, true, enable) or n/f/d (false), or on/off; any case, the rest of the word is ignored';

const KNOB_LIST: readonly KnobInfo[] = [
  {
    name: 'run',
    access: 'RW',
    category: 'control',
    kernelType: 'unsigned long (parsed as unsigned int)',
    unit: 'state',
    accepts: '`0` stop, `1` run, `2` stop and unmerge everything',
    range: { min: 0, max: 2 },
    choices: ['0', '1', '2'],
    default: 0,
    since: '2.6.32',
    parse: 'kstrtouint',
    errors: [...PARSE_INT_ERRORS, 'EINVAL: a value above 2', 'ENOMEM/EINTR: `2` could not unmerge (run falls back to 0)'],
    summary: 'Master switch of the ksmd scanner: 0 stop, 1 run, 2 stop and unmerge all.',
    description:
      'Turns the ksmd scanner on and off. With `1` ksmd walks the memory that processes registered (madvise MADV_MERGEABLE or the prctl) in batches. ' +
      '`0` halts it, but what is merged stays merged and the counters stop moving. `2` halts it and immediately copies every merged page back into private pages in the writing process, which needs free memory for all of them and may wake the OOM killer. Registrations survive for a later `1`.',
    howToRead: 'A read may briefly show 4 or 5 while memory is being offlined (an extra bit).',
  },
  {
    name: 'pages_to_scan',
    access: 'RW',
    category: 'control',
    kernelType: 'unsigned int (u32)',
    unit: 'pages per batch',
    accepts: '0..4294967295',
    range: { min: 0, max: U32_MAX },
    default: 100,
    since: '2.6.32',
    parse: 'kstrtouint',
    errors: ['EINVAL: advisor_mode is scan-time (checked before the value is parsed)', ...PARSE_INT_ERRORS],
    summary: 'Pages ksmd examines per wake-up before it sleeps for sleep_millisecs.',
    description:
      'How many pages ksmd looks at in one batch before sleeping `sleep_millisecs`. With the sleep it sets the scan rate: at most about pages_to_scan × 1000 / sleep_millisecs pages per second, less the CPU time of the work itself. ' +
      '`0` is allowed and makes ksmd wake without scanning. While `advisor_mode` is `scan-time` the kernel tunes this value itself and refuses writes.',
    howToRead: 'Under the scan-time advisor the value read is the one the advisor chose last.',
  },
  {
    name: 'sleep_millisecs',
    access: 'RW',
    category: 'control',
    kernelType: 'unsigned int (u32)',
    unit: 'ms',
    accepts: '0..4294967295',
    range: { min: 0, max: U32_MAX },
    default: 20,
    since: '2.6.32',
    parse: 'kstrtouint',
    errors: PARSE_INT_ERRORS,
    summary: 'Pause between ksmd batches in milliseconds, rounded up to whole kernel ticks.',
    description:
      'Time ksmd sleeps between two batches. The kernel rounds it up to a whole number of ticks (at HZ=250, 1 ms becomes 4 ms); `0` means no pause at all. Smaller values scan faster and cost more CPU. A write wakes a sleeping ksmd so a new value takes effect at once.',
  },
  {
    name: 'merge_across_nodes',
    access: 'RW',
    category: 'control',
    kernelType: 'unsigned int (parsed as unsigned long)',
    unit: 'boolean',
    accepts: '`0` or `1`',
    range: { min: 0, max: 1 },
    choices: ['0', '1'],
    default: 1,
    since: '3.9',
    parse: 'kstrtoul',
    requires: 'CONFIG_NUMA',
    errors: [
      'EINVAL: not a base-10 number, or above 1',
      'ERANGE: a number too large for unsigned long (the parser error is passed through)',
      'EBUSY: changing it while KSM pages exist (pages_shared ≠ 0); write `2` to run first',
      'ENOMEM: the per-node trees could not be allocated',
    ],
    summary: 'Whether identical pages on different NUMA nodes may merge into one copy.',
    description:
      '`1` merges identical pages wherever they live, saving the most memory but possibly turning local accesses into remote ones. `0` keeps separate trees per NUMA node so only pages on the same node merge. ' +
      'The kernel only lets it change while no KSM page exists: stop and unmerge with `run=2`, change it, then set `run=1` again. Writing the value already set always succeeds. Present only on kernels built with NUMA support.',
  },
  {
    name: 'use_zero_pages',
    access: 'RW',
    category: 'control',
    kernelType: 'bool',
    unit: 'boolean',
    accepts: BOOL_ACCEPTS,
    choices: ['0', '1'],
    default: 0,
    since: '4.11',
    parse: 'kstrtobool',
    errors: ['EINVAL: the first character(s) are not a recognised boolean'],
    summary: 'Map all-zero pages to the kernel zero page instead of merging them with each other.',
    description:
      'With `1`, a page that is entirely zero is replaced by a mapping of the kernel\'s shared zero page rather than merged into a KSM page. Such pages are counted in `ksm_zero_pages`, not in pages_shared/pages_sharing, and do not count against `max_page_sharing`. ' +
      'Only later merges are affected; turning it off does not undo existing zero-page mappings.',
  },
  {
    name: 'max_page_sharing',
    access: 'RW',
    category: 'control',
    kernelType: 'int',
    unit: 'mappings per KSM page',
    accepts: '2..2147483647',
    range: { min: 2, max: INT_MAX },
    default: 256,
    since: '4.13',
    parse: 'kstrtoint',
    errors: [
      'EINVAL: not a base-10 number, or below 2 (negative numbers included)',
      'ERANGE: a number outside int (the parser error is passed through)',
      'EBUSY: changing it while KSM pages exist (pages_shared ≠ 0); write `2` to run first',
    ],
    summary: 'Most mappings one KSM page may have; more identical pages get another copy.',
    description:
      'Caps how many page-table entries may point at one KSM page. When a page is full, further identical pages are merged into an extra copy (a "dup"), and the copies of one content form a "chain". ' +
      'The cap keeps reverse-mapping walks (swap, migration, compaction) short, at the price of one page per extra copy. At least 2. Like merge_across_nodes it can only change while no KSM page exists.',
    howToRead: 'With N identical pages, KSM keeps about ⌈N / max_page_sharing⌉ copies.',
  },
  {
    name: 'stable_node_chains_prune_millisecs',
    access: 'RW',
    category: 'control',
    kernelType: 'unsigned int (u32)',
    unit: 'ms',
    accepts: '0..4294967295',
    range: { min: 0, max: U32_MAX },
    default: 2000,
    since: '4.13',
    parse: 'kstrtouint',
    errors: PARSE_INT_ERRORS,
    summary: 'Least time between clean-ups of each chain of duplicate KSM pages.',
    description:
      'How often, at most, ksmd tidies a chain of duplicate KSM pages (see max_page_sharing), dropping copies whose page is gone. `0` tidies on every lookup. Irrelevant until some content reaches max_page_sharing.',
  },
  {
    name: 'smart_scan',
    access: 'RW',
    category: 'control',
    kernelType: 'bool',
    unit: 'boolean',
    accepts: BOOL_ACCEPTS,
    choices: ['0', '1'],
    default: 1,
    since: '6.7',
    parse: 'kstrtobool',
    errors: ['EINVAL: the first character(s) are not a recognised boolean'],
    summary: 'Visit pages that keep failing to merge less often.',
    description:
      'With `1`, a page that never merges is looked at less and less often: after a few normal visits it is skipped for 1, 2, 4 and then up to 8 full scans between checks. The skips are counted in `pages_skipped`.',
  },
  {
    name: 'advisor_mode',
    access: 'RW',
    category: 'advisor',
    kernelType: 'enum, shown as `[none] scan-time` with the active word in brackets',
    unit: 'mode',
    accepts: '`none` or `scan-time` (exact words)',
    choices: ['none', 'scan-time'],
    default: 'none',
    since: '6.8',
    parse: 'sysfs_streq',
    errors: ['EINVAL: anything but `none` or `scan-time` (one trailing newline allowed)'],
    summary: 'Who sets pages_to_scan: you (none) or the kernel, aiming at a full-scan duration (scan-time).',
    description:
      '`none`: pages_to_scan is whatever you write. `scan-time`: after each full scan the kernel re-tunes pages_to_scan so that one full scan takes about `advisor_target_scan_time` seconds, keeping ksmd\'s CPU use below `advisor_max_cpu` % and pages_to_scan below `advisor_max_pages_to_scan`. ' +
      'Switching to scan-time sets pages_to_scan to advisor_min_pages_to_scan and makes it refuse writes; switching back to none resets it to 100.',
    howToRead: 'The active mode is the word in square brackets.',
  },
  {
    name: 'advisor_max_cpu',
    access: 'RW',
    category: 'advisor',
    kernelType: 'unsigned int (parsed as unsigned long, truncated to 32 bits)',
    unit: '% of one CPU',
    accepts: 'any unsigned long; stored modulo 2^32',
    range: { min: 0, max: U32_MAX },
    default: 70,
    since: '6.8',
    parse: 'kstrtoul',
    errors: PARSE_INT_ERRORS,
    summary: 'Scan-time advisor: most ksmd CPU use it plans for, in percent of one CPU.',
    description: 'Used only with advisor_mode=scan-time. The advisor will not pick a pages_to_scan that would make ksmd use more than this share of one CPU. Not range-checked: 0 or more than 100 are accepted.',
  },
  {
    name: 'advisor_min_pages_to_scan',
    access: 'RW',
    category: 'advisor',
    kernelType: 'unsigned long',
    unit: 'pages',
    accepts: 'any unsigned long',
    range: { min: 0, max: Number.MAX_SAFE_INTEGER },
    default: 500,
    since: '6.8',
    parse: 'kstrtoul',
    errors: PARSE_INT_ERRORS,
    summary: 'Scan-time advisor: the pages_to_scan it starts from.',
    description: 'Used only with advisor_mode=scan-time: the value pages_to_scan gets at the moment scan-time is selected. Despite the name the advisor does not keep pages_to_scan above it afterwards.',
  },
  {
    name: 'advisor_max_pages_to_scan',
    access: 'RW',
    category: 'advisor',
    kernelType: 'unsigned long',
    unit: 'pages',
    accepts: 'any unsigned long',
    range: { min: 0, max: Number.MAX_SAFE_INTEGER },
    default: 30000,
    since: '6.8',
    parse: 'kstrtoul',
    errors: PARSE_INT_ERRORS,
    summary: 'Scan-time advisor: the largest pages_to_scan it may choose.',
    description: 'Used only with advisor_mode=scan-time: a hard upper bound on the pages_to_scan the advisor picks.',
  },
  {
    name: 'advisor_target_scan_time',
    access: 'RW',
    category: 'advisor',
    kernelType: 'unsigned long',
    unit: 's',
    accepts: '1 or more',
    range: { min: 1, max: Number.MAX_SAFE_INTEGER },
    default: 200,
    since: '6.8',
    parse: 'kstrtoul',
    errors: [...PARSE_INT_ERRORS, 'EINVAL: 0'],
    summary: 'Scan-time advisor: how long one full scan should take, in seconds.',
    description: 'Used only with advisor_mode=scan-time: the duration of one complete pass over all registered pages that the advisor aims for. Must be at least 1.',
  },
  counter('pages_shared', 'unsigned long', 'pages', '2.6.32', 'KSM pages in use: physical copies that something still maps.',
    'The number of KSM pages that at least one process maps. Each is one page of memory that KSM keeps on behalf of all its sharers.',
    'Compare with pages_sharing: pages_sharing / pages_shared is the average number of extra mappings per copy; a high ratio means good deduplication.'),
  counter('pages_sharing', 'unsigned long', 'pages', '2.6.32', 'Extra mappings of KSM pages, i.e. pages of memory saved.',
    'How many further mappings point at the KSM pages: each one is a page of memory that no longer needs its own copy. Only ksmd updates it, so after copy-on-write breaks or process exits it can lag.',
    'Memory saved ≈ (pages_sharing + ksm_zero_pages) × page size. pages_sharing / pages_shared is the number of sharers per KSM page (higher is better); pages_unshared / pages_sharing is scanning effort per saved page (lower is better).'),
  counter('pages_unshared', 'unsigned long', 'pages', '2.6.32', 'Pages that stayed unchanged between visits but found no twin.',
    'Pages whose content did not change since ksmd last looked but that matched nothing. They wait in the unstable tree and are compared again on every scan.',
    'pages_unshared / pages_sharing well above 1 means ksmd spends effort on memory that does not merge; consider registering less memory.'),
  counter('pages_volatile', 'long, never shown below 0', 'pages', '2.6.32', 'Tracked pages in neither tree (changing, new, skipped).',
    'Pages KSM tracks that are neither merged nor waiting in the unstable tree: content that changed since the last visit, pages seen for the first time, pages skipped by smart scan, failed merges. Computed from the other counters.',
    'A large value means the memory changes too fast to merge.'),
  counter('full_scans', 'unsigned long', 'count', '2.6.32', 'Completed passes over all registered memory.',
    'How many times ksmd has finished walking all registered memory. `run=2` resets it. New content needs two passes before it can merge.'),
  counter('stable_node_chains', 'unsigned long', 'count', '4.13', 'Contents that need more than one KSM copy because of max_page_sharing.',
    'The number of distinct contents whose sharers exceed max_page_sharing, so that KSM keeps several copies of them.'),
  counter('stable_node_dups', 'unsigned long', 'count', '4.13', 'KSM copies that belong to such chains.',
    'The total number of KSM copies in chains of duplicates (see stable_node_chains).'),
  counter('general_profit', 'long, may be negative', 'bytes', '6.4', 'Estimated net bytes saved, after KSM\'s own bookkeeping.',
    'KSM\'s estimate of memory saved minus its metadata: (pages_sharing + ksm_zero_pages) × page size minus 64 bytes per tracked page. It goes negative when KSM tracks much memory that never merges.',
    'Negative means KSM costs more than it saves here.'),
  counter('ksm_zero_pages', 'long', 'pages', '6.5', 'Pages KSM replaced with the kernel zero page (use_zero_pages=1).',
    'Pages that KSM mapped to the shared zero page because use_zero_pages was on. They are savings on top of pages_sharing and drop when such a page is written, unmapped or unmerged.'),
  counter('pages_scanned', 'unsigned long', 'pages', '6.6', 'Pages ksmd has examined since boot.',
    'A running total of the pages ksmd actually looked at; pages skipped by smart scan are not included.'),
  counter('pages_skipped', 'unsigned long', 'pages', '6.7', 'Page visits skipped by smart scan since boot.',
    'A running total of the visits smart_scan saved.'),
];

function counter(name: string, kernelType: string, unit: string, since: string, summary: string, description: string, howToRead?: string): KnobInfo {
  return { name, access: 'RO', category: 'counter', kernelType, unit, accepts: 'read-only', since, parse: 'read-only', errors: READ_ONLY_ERRORS, summary, description, howToRead };
}

/** Every attribute of /sys/kernel/mm/ksm on Linux 6.18, writable ones first. */
export const KNOBS: readonly KnobInfo[] = KNOB_LIST;
export const KNOB_NAMES: readonly string[] = KNOB_LIST.map((k) => k.name);
const BY_NAME = new Map(KNOB_LIST.map((k) => [k.name, k]));

/** Knobs that existed once and were removed; named so a diagnostic can explain instead of guessing. */
export const REMOVED_KNOBS: Readonly<Record<string, { since: string; removedIn: string; note: string }>> = {
  max_kernel_pages: { since: '2.6.32', removedIn: '2.6.33', note: 'KSM pages became swappable, so the cap was dropped' },
};

export function knobByName(name: string): KnobInfo | undefined {
  return BY_NAME.get(name);
}

export function isKnobName(name: string): boolean {
  return BY_NAME.has(name);
}

export function writableKnobs(): KnobInfo[] {
  return KNOB_LIST.filter((k) => k.access === 'RW');
}

/** The knobs a scenario, --set, a trace or host import may set: every writable attribute. */
export const WRITABLE_KNOB_NAMES: readonly string[] = writableKnobs().map((k) => k.name);


/**
 * Whether the attribute exists in kernel `kernel` ("X.Y" or "X.Y.Z"). merge_across_nodes also
 * needs CONFIG_NUMA, which a version alone cannot tell; pass `numa: false` for non-NUMA builds.
 */
export function knobExistsIn(name: string, kernel: string, numa = true): boolean {
  const knob = BY_NAME.get(name);
  if (!knob) return false;
  if (knob.requires === 'CONFIG_NUMA' && !numa) return false;
  return compareKernelVersions(kernel, knob.since) >= 0;
}

/**
 * A writable knob's value as read back from sysfs (or recorded in a trace): a number, or for a
 * word-valued knob the word, also in the `[none] scan-time` form the kernel prints. Undefined for
 * anything else.
 */
export function knobValueFromText(name: string, text: string | number): KnobValue | undefined {
  const knob = BY_NAME.get(name);
  if (!knob || knob.access !== 'RW') return undefined;
  const value = String(text).trim();
  if (knob.parse === 'sysfs_streq') return (knob.choices ?? []).find((c) => value === c || value.includes(`[${c}]`));
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Kernel defaults of every writable knob, for the simulator and the webview. */
export function knobDefaults(): Record<string, KnobValue> {
  const out: Record<string, KnobValue> = {};
  for (const k of KNOB_LIST) if (k.default !== undefined) out[k.name] = k.default;
  return out;
}

/** The newest kernel this table describes; the default when no version is known. */
export const CURRENT_KERNEL = '6.18';
