/**
 * What an edited document says about a scenario, and how that changes a base scenario. The facts
 * come from each capability's own parser (ksmtuned effective values, QEMU command lines, sysfs
 * writes); this module only merges them, so there is one parser per file kind.
 */
import type { KsmKnobs } from '../sim/api';
import { controllerOf, type GuestGroup, type Scenario } from './scenario';
import { CONTROLLERS } from '../knowledge/controllers';
import { DEFAULT_GUEST_PROFILE, isGuestProfileId, type GuestProfileId } from '../knowledge/guestProfiles';
import { MAX_GUEST_GROUPS, MAX_GUEST_MEMORY_MIB, MAX_GUESTS, MIN_GUEST_MEMORY_MIB } from './validate';

export interface DocumentGuest {
  /** The guest's own name (libvirt domain, Proxmox VM), when the document gives one. */
  name?: string;
  memoryMiB: number;
  memMerge: boolean;
  /** How much of memoryMiB KSM can merge; omitted: all of it when memMerge. */
  mergeableMiB?: number;
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
  /** What the guests were read from, for the notes; omitted: QEMU command lines. */
  guestsFrom?: string;
  /** QEMU command lines that start no modelled guest, each with where and why (e.g. -m from a variable). */
  guestsLeftOut?: string[];
  /** /sys/kernel/mm/ksm writes the document makes, in effect at the end. */
  knobs?: Partial<KsmKnobs>;
}

/** A scenario guest name (letters, digits, . _ -, at most 32) from the guest's own name, unique within the scenario. */
function guestName(own: string | undefined, index: number, taken: Set<string>): string {
  const cleaned = (own ?? '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 28);
  let name = cleaned || `guest${index + 1}`;
  for (let n = 2; taken.has(name); n++) name = `${cleaned || 'guest'}-${n}`.slice(0, 32);
  taken.add(name);
  return name;
}

/** A document's guest as a scenario guest group; `names` keeps the names unique. */
export function guestGroupOf(g: DocumentGuest, index: number, names: Set<string>, profile: GuestProfileId, thp: boolean): GuestGroup {
  const memoryMiB = Math.max(MIN_GUEST_MEMORY_MIB, Math.min(MAX_GUEST_MEMORY_MIB, g.memoryMiB));
  const mergeableMiB = g.memMerge ? Math.min(memoryMiB, g.mergeableMiB ?? memoryMiB) : 0;
  return {
    name: guestName(g.name, index, names),
    count: Math.max(1, Math.min(MAX_GUESTS, g.count ?? 1)),
    memoryMiB,
    profile,
    memMerge: mergeableMiB > 0,
    ...(mergeableMiB > 0 && mergeableMiB < memoryMiB ? { mergeableMiB } : {}),
    thp,
    ...(g.binary && /^[^\s'"`$\\]+$/.test(g.binary) ? { binary: g.binary } : {}),
  };
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
    const first = base.guests[0]?.profile;
    const profile = isGuestProfileId(first) ? first : DEFAULT_GUEST_PROFILE;
    const names = new Set<string>();
    scenario.guests = facts.guests.slice(0, MAX_GUEST_GROUPS).map((g, i) => guestGroupOf(g, i, names, profile, base.guests[0]?.thp ?? true));
    notes.push(`${facts.guests.length} ${facts.guestsFrom ?? 'QEMU command line(s)'} from ${label}; guest profile ${profile} (change it in the panel)`);
    for (const [i, g] of facts.guests.slice(0, MAX_GUEST_GROUPS).entries()) {
      const group = scenario.guests[i];
      if (g.memMerge && !group.memMerge) notes.push(`${group.name}: none of its ${group.memoryMiB} MiB is within KSM's reach (shared or huge-page memory)`);
      if (group.mergeableMiB !== undefined) notes.push(`${group.name}: ${group.mergeableMiB} of its ${group.memoryMiB} MiB can merge; the rest is on memory KSM never merges`);
    }
  }
  for (const why of facts.guestsLeftOut ?? []) notes.push(`QEMU command line left out of the what-if, ${why}`);
  if (facts.guestsLeftOut?.length && !facts.guests?.length) notes.push(`no QEMU command line of ${label} could be read: the guests are the base scenario's`);
  if (facts.knobs && Object.keys(facts.knobs).length > 0) {
    scenario.knobs = { ...scenario.knobs, ...facts.knobs };
    notes.push(`KSM knobs from ${label}: ${Object.entries(facts.knobs).map(([k, v]) => `${k}=${v}`).join(', ')}`);
    const controller = controllerOf(scenario);
    // Knobs the controller writes that the document sets too (the advisor's only write is its mode).
    const driven = CONTROLLERS[controller].writes.filter((k) => k !== 'advisor_mode' && facts.knobs![k] !== undefined);
    if (driven.length > 0 && !facts.ksmtunedValues) {
      // A document that sets these itself means nobody else does: a controller would overwrite them.
      scenario.controller = 'none';
      scenario.ksmtuned = { ...scenario.ksmtuned, enabled: false };
      notes.push(`${label} sets ${driven.join(', ')} itself, so no controller runs (${controller} would overwrite ${driven.length === 1 ? 'it' : 'them'}; choose one in the panel to compare)`);
    }
  }
  return { scenario, notes };
}
