/**
 * What an edited document says about a scenario, and how that changes a base scenario. The facts
 * come from each capability's own parser (ksmtuned effective values, QEMU command lines, sysfs
 * writes); this module only merges them, so there is one parser per file kind.
 */
import type { KsmKnobs } from '../sim/api';
import type { GuestGroup, Scenario } from './scenario';

export interface DocumentGuest {
  memoryMiB: number;
  memMerge: boolean;
  /** argv[0] as written. */
  binary?: string;
  /** How many times this command line starts a guest (1 unless in a loop). */
  count?: number;
}

export interface DocumentFacts {
  /** The document is a ksmtuned conf: its effective values (after sourcing, before defaults). */
  ksmtunedValues?: Record<string, string>;
  /** Value ranges (UTF-16 offsets) of the effective assignment of each variable, for Apply. */
  ksmtunedAssignments?: Record<string, { start: number; end: number }>;
  /** QEMU guests started by the document. */
  guests?: DocumentGuest[];
  /** QEMU command lines that start no modelled guest, each with where and why (e.g. -m from a variable). */
  guestsLeftOut?: string[];
  /** /sys/kernel/mm/ksm writes the document makes, in effect at the end. */
  knobs?: Partial<KsmKnobs>;
}

/** The base scenario with the document's facts laid over it; notes say what was taken from where. */
export function applyDocumentFacts(base: Scenario, facts: DocumentFacts, label: string): { scenario: Scenario; notes: string[] } {
  const scenario: Scenario = structuredClone(base);
  const notes: string[] = [];
  if (facts.ksmtunedValues) {
    scenario.ksmtuned = { ...scenario.ksmtuned, enabled: true, values: { ...facts.ksmtunedValues } };
    const names = Object.keys(facts.ksmtunedValues);
    notes.push(names.length ? `ksmtuned values from ${label}: ${names.map((n) => `${n}=${facts.ksmtunedValues![n]}`).join(', ')}` : `${label} sets no ksmtuned variable: ksmtuned's defaults apply`);
  }
  if (facts.guests && facts.guests.length > 0) {
    const profile = base.guests[0]?.profile ?? 'linux-server-idle';
    scenario.guests = facts.guests.slice(0, 64).map(
      (g, i): GuestGroup => ({
        name: `guest${i + 1}`,
        count: Math.max(1, Math.min(1024, g.count ?? 1)),
        memoryMiB: g.memoryMiB,
        profile,
        memMerge: g.memMerge,
        thp: base.guests[0]?.thp ?? true,
        ...(g.binary && /^[^\s'"`$\\]+$/.test(g.binary) ? { binary: g.binary } : {}),
      }),
    );
    notes.push(`${facts.guests.length} QEMU command line(s) from ${label}; guest profile ${profile} (change it in the panel)`);
  }
  for (const why of facts.guestsLeftOut ?? []) notes.push(`QEMU command line left out of the what-if, ${why}`);
  if (facts.guestsLeftOut?.length && !facts.guests?.length) notes.push(`no QEMU command line of ${label} could be read: the guests are the base scenario's`);
  if (facts.knobs && Object.keys(facts.knobs).length > 0) {
    scenario.knobs = { ...scenario.knobs, ...facts.knobs };
    notes.push(`KSM knobs from ${label}: ${Object.entries(facts.knobs).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  }
  return { scenario, notes };
}
