/**
 * A what-if scenario: the host, its guests, the KSM knobs and ksmtuned, as a user edits them.
 * Stored as JSON (`*.samepage.json`, schemas/scenario.schema.json); `validateScenario` checks it
 * and `scenarioToSimConfig` turns it into the simulator's input.
 */
import type { ControllerName } from '../knowledge/controllers';
import type { KsmKnobs } from '../sim/api';
import type { GuestProfile } from '../knowledge/guestProfiles';

export interface ScenarioHost {
  memTotalKb: number;
  /** Bytes; 4096 on x86-64. */
  pageSize: number;
  /** Kernel tick rate: sleep_millisecs is rounded up to whole ticks. */
  hz: number;
  cpus: number;
  numaNodes: number;
  /** Kernel "X.Y" whose KSM behaviour applies (e.g. "3.10" has no smart_scan, advisor or ksm_zero_pages). */
  kernel: string;
  swapKb: number;
  /** ksmd CPU time per examined page in ns; omitted: the simulator's measured default. */
  perPageCostNs?: number;
  /** Memory used outside the guests (kernel, daemons) in kB; omitted: 3% of MemTotal. */
  otherUsedKb?: number;
  /** Page cache + buffers in kB (counted as free by ksmtuned); omitted: 1% of MemTotal. */
  cachedKb?: number;
}

/** `count` identical QEMU guests. */
export interface GuestGroup {
  name: string;
  count: number;
  /** Guest RAM, QEMU `-m`, in MiB. */
  memoryMiB: number;
  /** A built-in profile id, the id of one of the scenario's `profiles`, or `measured` (with `measured`). */
  profile: string;
  /** QEMU `-machine mem-merge=on|off`: off means ksmd never sees this guest's RAM. */
  memMerge: boolean;
  /**
   * With memMerge: how much of the RAM KSM can merge, in MiB, when only part of it can (a libvirt
   * NUMA cell on a shared or huge-page backend); the rest stays resident but is never scanned.
   * Omitted: all of memoryMiB.
   */
  mergeableMiB?: number;
  /** Guest RAM backed by transparent huge pages (split by KSM when a subpage merges). */
  thp: boolean;
  /** argv[0] of the QEMU process; its basename is the comm Fedora/RHEL ksmtuned matches. */
  binary?: string;
  /** Seconds after the start at which these guests boot; omitted: already running. */
  startAt?: number;
  /** profile `measured`: the guest's RAM as read, process `process` of the measurement file (count 1). */
  measured?: MeasuredRef;
}

/** A process of the scenario's measurement file (`samepage measure`), by its index there. */
export interface MeasuredRef {
  process: number;
}

/**
 * The measurement a scenario was made from: the content file (relative to the scenario file's
 * folder), whether it came from a live host or from dumps, and where KSM starts.
 */
export interface ScenarioMeasurement {
  file: string;
  source: 'live' | 'dump';
  /** nothing: every page unmerged at t=0 (KSM switched on now); current-merges: pages KSM had merged when read stay merged. */
  startsFrom: MeasuredStart;
  /** What the measurement could not know and took as given (a dump's residency, THP...). */
  assumed?: string[];
}

export const MEASURED_STARTS = ['nothing', 'current-merges'] as const;
export type MeasuredStart = (typeof MEASURED_STARTS)[number];

/** A measured process that is not a QEMU guest (madvise or prctl), e.g. a database with MADV_MERGEABLE. */
export interface MeasuredProcessEntry {
  name: string;
  merge: 'madvise' | 'prctl' | 'none';
  measured: MeasuredRef;
}

export interface ScenarioKsmtuned {
  enabled: boolean;
  /** debian matches full command lines (`^qemu-system.*-enable-kvm`); fedora (RHEL too) the process name. */
  variant: KsmtunedVariant;
  /** ksmtuned.conf assignments (KSM_THRES_COEF, ...); unset ones take ksmtuned's defaults. */
  values: Record<string, string>;
  /**
   * ksmtuned at t=0. fresh (the default): it starts with the scenario (npages 0, first check one
   * interval later). running: it has been watching the host as it is at t=0 long enough to settle,
   * e.g. guests restarted under a ksmtuned that kept running (engine/whatif/warmKsmtuned.ts).
   */
  state?: KsmtunedState;
}

export const KSMTUNED_VARIANTS = ['debian', 'fedora'] as const;
export type KsmtunedVariant = (typeof KSMTUNED_VARIANTS)[number];

export const KSMTUNED_STATES = ['fresh', 'running'] as const;
export type KsmtunedState = (typeof KSMTUNED_STATES)[number];

export interface Scenario {
  $schema?: string;
  name?: string;
  description?: string;
  host: ScenarioHost;
  guests: GuestGroup[];
  /** /sys/kernel/mm/ksm at the start; missing knobs take the kernel default. */
  knobs: Partial<KsmKnobs>;
  ksmtuned: ScenarioKsmtuned;
  /**
   * Who drives the knobs (engine/knowledge/controllers.ts). Omitted: ksmtuned when
   * ksmtuned.enabled, else none (ksmtuned.enabled is the older spelling of the same choice).
   */
  controller?: ControllerName;
  /** The controller's settings by its source's names (MoM defvars, KubeVirt override annotations, Harvester parameters). */
  controllerSettings?: Record<string, number>;
  durationSeconds: number;
  /** Seconds between samples; omitted: chosen from the duration (at most 600 samples). */
  sampleIntervalSeconds?: number;
  /** Guest profiles of this scenario besides the built-in ones (e.g. saved from a measured guest). */
  profiles?: GuestProfile[];
  measurement?: ScenarioMeasurement;
  /** Measured processes other than guests (present only with `measurement`). */
  processes?: MeasuredProcessEntry[];
}

/** ksmtuned's own defaults, from the one knowledge table (engine/knowledge/ksmtunedVariables). */
export { KSMTUNED_DEFAULTS } from '../ksmtuned/defaults';

/** The controller in force: `controller`, or its older alias `ksmtuned.enabled`. */
export function controllerOf(scenario: Scenario): ControllerName {
  return scenario.controller ?? (scenario.ksmtuned.enabled ? 'ksmtuned' : 'none');
}

export function guestCount(scenario: Scenario): number {
  return scenario.guests.reduce((n, g) => n + g.count, 0);
}

export function effectiveSampleInterval(scenario: Scenario): number {
  if (scenario.sampleIntervalSeconds !== undefined) return scenario.sampleIntervalSeconds;
  const raw = scenario.durationSeconds / 600;
  for (const step of [1, 2, 5, 10, 15, 30, 60, 120, 300, 600]) if (raw <= step) return step;
  return 600;
}
