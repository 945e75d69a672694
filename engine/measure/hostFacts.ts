/**
 * The host facts a live measurement records in its content file's metadata (`meta.host`), and
 * their check when a scenario is built from a file that may have been edited.
 */
import type { KsmKnobs } from '../sim/api';
import type { ScenarioHost, ScenarioKsmtuned } from '../whatif/scenario';

export interface MeasuredHostFacts {
  /** Ready for a scenario's `host`. */
  scenario: ScenarioHost;
  hostname: string;
  kernelRelease: string;
  memFreeKb: number;
  memAvailableKb?: number;
  /** Where HZ came from: the kernel config, jiffies counted in /proc/timer_list, or assumed. */
  hzFrom: 'config' | 'timer_list' | 'assumed';
  /** /sys/kernel/mm/transparent_hugepage/enabled and defrag, the bracketed choice. */
  thpEnabled?: string;
  thpDefrag?: string;
  /** False where the kernel has no /sys/kernel/mm/ksm. */
  ksmAvailable: boolean;
  knobs: Partial<KsmKnobs>;
  /** The KSM counters at the time of the measurement (pages_shared, pages_sharing, ...). */
  counters: Record<string, number>;
  ksmtuned: ScenarioKsmtuned;
}

const HOST_NUMBERS = ['memTotalKb', 'pageSize', 'hz', 'cpus', 'numaNodes', 'swapKb'] as const;

/** The facts of a content file's metadata, or a sentence saying what is missing. */
export function checkHostFacts(value: unknown): MeasuredHostFacts | string {
  if (typeof value !== 'object' || value === null) return 'the measurement holds no host facts';
  const f = value as Partial<MeasuredHostFacts>;
  const host = f.scenario as Partial<ScenarioHost> | undefined;
  if (!host || typeof host !== 'object') return 'the host facts have no scenario host';
  for (const key of HOST_NUMBERS) if (typeof host[key] !== 'number' || !(host[key]! >= 0)) return `the host facts have no ${key}`;
  if (typeof host.kernel !== 'string') return 'the host facts have no kernel';
  if (typeof f.knobs !== 'object' || f.knobs === null) return 'the host facts have no knobs';
  if (typeof f.ksmtuned !== 'object' || f.ksmtuned === null) return 'the host facts have no ksmtuned state';
  return f as MeasuredHostFacts;
}
