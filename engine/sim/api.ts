/**
 * The contract between the simulator (engine/sim) and its users (replay, what-if, CLI, webview).
 * Types only. Times are seconds since the start of the simulation; memory is in pages or kB as named.
 */
import type { ControllerName } from '../knowledge/controllers';

/** Every writable /sys/kernel/mm/ksm knob, by its sysfs name. */
export interface KsmKnobs {
  run: 0 | 1 | 2;
  pages_to_scan: number;
  sleep_millisecs: number;
  merge_across_nodes: 0 | 1;
  use_zero_pages: 0 | 1;
  max_page_sharing: number;
  stable_node_chains_prune_millisecs: number;
  smart_scan: 0 | 1;
  advisor_mode: 'none' | 'scan-time';
  advisor_max_cpu: number;
  advisor_min_pages_to_scan: number;
  advisor_max_pages_to_scan: number;
  advisor_target_scan_time: number;
}

/** Every read-only counter in /sys/kernel/mm/ksm, by its sysfs name. */
export const KSM_COUNTERS = [
  'pages_shared',
  'pages_sharing',
  'pages_unshared',
  'pages_volatile',
  'full_scans',
  'stable_node_chains',
  'stable_node_dups',
  'ksm_zero_pages',
  'general_profit',
  'pages_scanned',
  'pages_skipped',
] as const;
export type KsmCounter = (typeof KSM_COUNTERS)[number];
export type KsmCounters = Record<KsmCounter, number>;

export interface HostSpec {
  memTotalKb: number;
  pageSize: number; // bytes, 4096 on x86-64
  hz: number; // kernel tick rate; sleeps are rounded up to whole jiffies
  cpus: number;
  numaNodes: number;
  /** Kernel "X.Y" whose KSM behaviour applies (knobs absent in older kernels are ignored). */
  kernel: string;
  swapKb: number;
  /** ksmd CPU time per examined page, in nanoseconds. */
  perPageCostNs: number;
  /** Memory in use on the host outside the simulated processes (kernel, daemons), in kB. */
  otherUsedKb: number;
  /** Page cache + buffers, counted as free by ksmtuned, in kB. */
  cachedKb: number;
  /** Uptime at t=0 in seconds (the advisor measures a scan-time switch mid-pass from boot). Default 0. */
  uptimeSeconds?: number;
  /** ksmd CPU time used before t=0, in seconds (the advisor's first retune after a switch counts it). Default 0. */
  ksmdCpuSeconds?: number;
}

/** Which pages of a region hold which content. Contents are compared by identity only. */
export interface ContentMix {
  /** Pages that are entirely zero (written, so real pages, not the shared zero page). */
  zeroPages: number;
  /** Pages whose content appears nowhere else. */
  uniquePages: number;
  /**
   * Pages drawn from named pools of contents. Content k of a pool is the same in every process
   * and region that uses the pool name, whatever their `distinct` (an OS image, a shared library,
   * a workload seed). `weights`, when given, splits `pages` over the distinct contents unevenly:
   * integers summing to `pages` are exact page counts, anything else is proportional.
   * Pages of a region that the mix does not account for are unique. Layout order (before a
   * shuffle): pools in order, class 0 first, then zero pages, then unique pages (workload.c's order).
   */
  pools: Array<{ pool: string; distinct: number; pages: number; weights?: number[] }>;
  /**
   * Page order: all classes in sequence; workload.c's shuffle (reproduces the harness's layout);
   * or scatter, classes spread evenly in one cheap strided pass (contentLayout.ts), for layouts
   * that only need to be well mixed.
   */
  layout: 'sequential' | 'shuffle' | 'scatter';
  seed: number;
}

/**
 * Contents read from a host or a dump (`samepage measure`), page by page in address order. Ids as
 * the content file numbers them: 0 all-zero, 1 a content found on this page only, k ≥ 2 a content
 * found on several pages (the same k in every measured region of the run). Flags: measuredContent.ts.
 */
export interface MeasuredPages {
  kind: 'measured';
  /** Ids 2 .. sharedContents + 1 may occur (the whole measurement's count, not this region's). */
  sharedContents: number;
  /**
   * Per shared content (id k at k - 2), where it sorts in memcmp order: the fraction of single
   * contents below it, scaled to 2^32 (content file v2). Absent: a pseudo-random order.
   */
  order?: Uint32Array;
  /** Calls back with runs of equal id and flags that together cover the region's pages in order. */
  forEachRun(cb: (id: number, flags: number, start: number, count: number) => void): void;
}

export interface RegionSpec {
  name?: string;
  pages: number;
  content: ContentMix | MeasuredPages;
  /** Transparent huge pages back the region (split when one of its subpages merges). */
  thp?: boolean;
  numaNode?: number;
  /** false: the process's write patterns never pick pages of this region (e.g. prctl's extra pages). Default true. */
  writeTarget?: boolean;
  /**
   * false: the region is never MADV_MERGEABLE whatever the process's `merge` (a shared or hugetlb
   * memory backend), so ksmd's walk skips it as the kernel skips a VMA without VM_MERGEABLE. Default true.
   */
  mergeable?: boolean;
}

/** `{ set: k }`: the pages of the process's `pageSets[k]` (e.g. pages a measurement saw change). */
export type WriteTarget = 'any' | 'dup' | 'unique' | 'zero' | { pool: string; content?: number } | { set: number };
/** new: fresh unique content; same: rewrite with identical bytes (COW only); byte: change one word; zero: fill with zeros. */
export type WriteMode = 'new' | 'same' | 'byte' | 'zero';

/**
 * Times (start, stop, at) are simulation seconds. Writes before the process's startAt are dropped
 * (a rate starts at startAt at the earliest); writes after its exit do nothing.
 */
export type WritePattern =
  | { kind: 'rate'; pagesPerSecond: number; target: WriteTarget; mode: WriteMode; start?: number; stop?: number }
  | { kind: 'burst'; at: number; count: number; target: WriteTarget; mode: WriteMode };

export interface ProcessSpec {
  name: string;
  /** argv, used by ksmtuned's process matching (Debian: full command line; Fedora: comm). */
  argv: string[];
  /** The 15-character kernel comm name; defaults to the basename of argv[0]. */
  comm?: string;
  /**
   * madvise: MADV_MERGEABLE on its regions; prctl: PR_SET_MEMORY_MERGE; none: never scanned
   * (mem-merge=off). The prctl also makes libc data, heap and stack mergeable; the simulator does
   * not invent those pages: add them as a small region (see PRCTL_EXTRA_REGION in contentLayout.ts).
   */
  merge: 'madvise' | 'prctl' | 'none';
  regions: RegionSpec[];
  writes?: WritePattern[];
  /** Page sets that writes can target (`{ set: k }`): page indexes counted from the process's first page. */
  pageSets?: Int32Array[];
  /** Time the process maps, fills and registers its memory. */
  startAt?: number;
  exitAt?: number;
  /** Resident memory outside the regions (binary, heap, guest-unrelated), in kB. */
  extraRssKb?: number;
}

export type SimEvent =
  | { t: number; kind: 'set'; knobs: Partial<KsmKnobs> }
  | { t: number; kind: 'exit'; process: string };

export interface KsmtunedSpec {
  variant: 'debian' | 'fedora';
  /** Effective values after sourcing and defaulting, as the ksmtuned conf analysis reports them. */
  values: Record<string, string>;
  startAt?: number;
  /**
   * npages (bash string) when the daemon starts. Default: '0', as its startup sets it. A ksmtuned
   * that has been running before t=0 keeps what it reached: it never resets npages.
   */
  npages?: string;
}

/** A user-space KSM controller other than ksmtuned (engine/sim/controllers, engine/knowledge/controllers). */
export interface ControllerSpec {
  name: Exclude<ControllerName, 'ksmtuned' | 'none' | 'advisor'>;
  /** Its settings by the source's own names; missing ones take the source's defaults. */
  settings?: Record<string, number>;
  startAt?: number;
}

export interface SimConfig {
  host: HostSpec;
  /** Knobs at t=0; anything missing takes the kernel default. */
  knobs: Partial<KsmKnobs>;
  processes: ProcessSpec[];
  events?: SimEvent[];
  ksmtuned?: KsmtunedSpec;
  controller?: ControllerSpec;
  durationSeconds: number;
  sampleIntervalSeconds: number;
}

export interface ProcessSample {
  ksm_rmap_items: number;
  ksm_zero_pages: number;
  ksm_merging_pages: number;
  ksm_process_profit: number;
  rssKb: number;
}

export interface SimSample {
  t: number;
  /** Counters plus the knobs in force, by sysfs name, as a read of /sys/kernel/mm/ksm would show. */
  ksm: KsmCounters & KsmKnobs;
  mem: { MemTotal: number; MemFree: number; Cached: number; AnonPages: number; AnonHugePages: number };
  /** ksmd CPU use since the previous sample, as a fraction of one CPU. */
  ksmdCpu: number;
  procs: Record<string, ProcessSample>;
}

/** One write(2) to a knob by a controller or a scheduled event, and what the kernel answered. */
export interface KnobWriteRecord {
  t: number;
  /** Who wrote: 'ksmtuned', a controller name, or 'event'. */
  by: string;
  knob: string;
  value: string;
  ok: boolean;
  /** The errno and reason of a refused write. */
  error?: string;
}

export interface SimResult {
  samples: SimSample[];
  /**
   * Knob writes that changed a value or were refused, in order (a controller rewriting the value
   * in force is left out; `knobWritesTotal` counts every write).
   */
  knobWrites: KnobWriteRecord[];
  knobWritesTotal: number;
  /** ksmtuned log lines (real format) with their simulated time. */
  ksmtunedLog: Array<{ t: number; line: string }>;
  /** Pages examined in all (for speed benchmarks). */
  examinedPages: number;
  cancelled: boolean;
}

export interface SimOptions {
  /** Called now and then with the fraction of simulated time done. */
  onProgress?(fraction: number): void;
  /** Polled between batches; returning true stops the run and returns what was simulated. */
  shouldCancel?(): boolean;
}
