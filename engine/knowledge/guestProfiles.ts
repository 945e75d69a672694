/**
 * Built-in guest profiles: what a guest's RAM holds and how it changes. docs/guest-profiles.md
 * explains each number and where it comes from; keep the two in step.
 */
export const GUEST_PROFILE_IDS = ['windows10-idle', 'linux-server-idle', 'linux-busy', 'groundtruth-debian'] as const;
export type GuestProfileId = (typeof GUEST_PROFILE_IDS)[number];

export interface GuestProfile {
  /** A built-in id, or a scenario's own profile id (e.g. saved from a measured guest). */
  id: string;
  label: string;
  /** Fraction of guest RAM the guest has touched (resident on the host without THP). */
  touched: number;
  /** Fractions of the touched RAM; what is left over is unique. */
  zero: number;
  /** MiB identical in every guest of this profile (kernel, drivers, system libraries). */
  sharedImageMiB: number;
  /** Duplicated inside one guest only. */
  withinGuestDup: number;
  /** Average copies of each within-guest duplicate content. */
  withinGuestCopies: number;
  /** Pages per second per GiB of RAM rewritten with fresh content (the guest's working set). */
  churnPerGiB: number;
  /** Pages per second per GiB of RAM whose zeros the guest fills with new content (page cache). */
  zeroFillPerGiB: number;
  /** Seconds of zero filling after the guest starts. */
  zeroFillSeconds: number;
  /** Seconds from QEMU start until the guest has touched its RAM (used when a guest starts late). */
  bootSeconds: number;
  /** QEMU/host overhead outside guest RAM, in MiB (binary, heap, video RAM, page tables). */
  qemuOverheadMiB: number;
  /** Smallest guest RAM the profile fits in. */
  minMemoryMiB?: number;
  /** How a saved profile was made (e.g. "measured guests web1, web2 on kvm01, 2026-12-05"). */
  derivedFrom?: string;
  /** The guest's memory comes from the replay's model of the ground-truth harness guest (engine/trace/harnessGuest.ts). */
  harnessGuest?: boolean;
}

export const GUEST_PROFILES: Readonly<Record<GuestProfileId, GuestProfile>> = {
  'windows10-idle': {
    id: 'windows10-idle',
    label: 'Windows 10, idle desktop',
    touched: 1,
    zero: 0.59,
    sharedImageMiB: 656,
    withinGuestDup: 0.05,
    withinGuestCopies: 4,
    churnPerGiB: 8,
    zeroFillPerGiB: 0,
    zeroFillSeconds: 0,
    bootSeconds: 45,
    qemuOverheadMiB: 200,
  },
  'linux-server-idle': {
    id: 'linux-server-idle',
    label: 'Linux server, idle',
    touched: 0.4,
    zero: 0.08,
    sharedImageMiB: 300,
    withinGuestDup: 0.03,
    withinGuestCopies: 3,
    churnPerGiB: 4,
    zeroFillPerGiB: 0,
    zeroFillSeconds: 0,
    bootSeconds: 15,
    qemuOverheadMiB: 120,
  },
  'linux-busy': {
    id: 'linux-busy',
    label: 'Linux, busy application server',
    touched: 0.95,
    zero: 0.05,
    sharedImageMiB: 400,
    withinGuestDup: 0.05,
    withinGuestCopies: 3,
    churnPerGiB: 2500,
    zeroFillPerGiB: 20,
    zeroFillSeconds: 600,
    bootSeconds: 20,
    qemuOverheadMiB: 150,
  },
  // The ground-truth harness guest, modelled from the published recordings by the replay code;
  // the numbers here only bound memory use in validation.
  'groundtruth-debian': {
    id: 'groundtruth-debian',
    label: 'Ground-truth harness guest (Debian kernel + busybox filling 80000 pages)',
    touched: 1,
    zero: 0,
    sharedImageMiB: 0,
    withinGuestDup: 0,
    withinGuestCopies: 1,
    churnPerGiB: 0,
    zeroFillPerGiB: 0,
    zeroFillSeconds: 0,
    bootSeconds: 10,
    qemuOverheadMiB: 95,
    minMemoryMiB: 512,
    harnessGuest: true,
  },
};

/** The profile a guest gets when nothing tells what runs in it (a running QEMU, a command line in a script). */
export const DEFAULT_GUEST_PROFILE: GuestProfileId = 'linux-server-idle';

export function isGuestProfileId(value: unknown): value is GuestProfileId {
  return typeof value === 'string' && (GUEST_PROFILE_IDS as readonly string[]).includes(value);
}

/** The profile of a guest read by `samepage measure`: its pages come from the measurement file. */
export const MEASURED_PROFILE = 'measured';

/** A guest group's profile: built-in, or one of the scenario's own `profiles`. */
export function profileOf(id: string, own: readonly GuestProfile[] = []): GuestProfile | undefined {
  return isGuestProfileId(id) ? GUEST_PROFILES[id] : own.find((p) => p.id === id);
}
