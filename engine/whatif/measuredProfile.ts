/**
 * A reusable guest profile from measured guests: the zero, shared and duplicate fractions of what
 * was read, so "what if I ran 20 of these" runs with the profile's content mix. Sharing between
 * guests (the profile's image) is only derived where two or more guests were measured: one guest
 * cannot tell which of its contents other guests of its kind would hold too.
 */
import { FIRST_SHARED_ID, type Measurement, RESIDENT, ZERO_CONTENT_ID } from '../measure/format';
import type { GuestProfile } from '../knowledge/guestProfiles';

/** Not measured: QEMU's own memory outside guest RAM, and how long a new guest takes to touch its RAM. */
const ASSUMED_QEMU_OVERHEAD_MIB = 100;
const ASSUMED_BOOT_SECONDS = 30;

export interface MeasuredGuestRef {
  name: string;
  process: number;
}

interface GuestTally {
  pages: number;
  resident: number;
  zero: number;
  /** Distinct contents it shares with another of the measured guests (one page each). */
  image: number;
  /** Pages whose content it holds more than once, beyond the one image page of a shared content. */
  dup: number;
  dupContents: number;
  churnPagesPerSecond: number;
}

/** Calls cb(id, resident) for every page of a measured process, one region decoded at a time. */
function forEachPage(m: Measurement, process: number, cb: (id: number, resident: boolean) => void): void {
  for (const r of m.processes[process].regions) {
    r.forEachRun((id, flags, _start, count) => {
      for (let k = 0; k < count; k++) cb(id, (flags & RESIDENT) !== 0);
    });
  }
}

/** 9 bytes per shared content of the measurement, whatever the number of guests. */
function tally(m: Measurement, guests: MeasuredGuestRef[]): GuestTally[] {
  const shared = m.sharedContentCount;
  const owner = new Int32Array(shared).fill(-1);
  const multi = new Uint8Array(shared);
  guests.forEach((g, gi) =>
    forEachPage(m, g.process, (id, resident) => {
      if (!resident || id < FIRST_SHARED_ID) return;
      const c = id - FIRST_SHARED_ID;
      if (owner[c] === -1) owner[c] = gi;
      else if (owner[c] !== gi) multi[c] = 1;
    }),
  );
  // Per guest: 0 not seen yet, 1 seen once, 2 seen more than once.
  const seen = new Uint8Array(shared);
  const window = m.meta.churn?.windowSeconds ?? 0;
  return guests.map((g) => {
    seen.fill(0);
    const t: GuestTally = { pages: 0, resident: 0, zero: 0, image: 0, dup: 0, dupContents: 0, churnPagesPerSecond: 0 };
    forEachPage(m, g.process, (id, resident) => {
      t.pages++;
      if (!resident) return;
      t.resident++;
      if (id === ZERO_CONTENT_ID) t.zero++;
      if (id < FIRST_SHARED_ID) return;
      const c = id - FIRST_SHARED_ID;
      const state = seen[c];
      if (state === 0) {
        seen[c] = 1;
        if (multi[c]) t.image++;
      } else {
        // A second copy: a within-guest duplicate (both copies, unless the first is an image page).
        if (state === 1) {
          seen[c] = 2;
          t.dupContents++;
          t.dup += multi[c] ? 1 : 2;
        } else t.dup++;
      }
    });
    if (window > 0) for (const r of m.processes[g.process].regions) for (const c of r.churn) t.churnPagesPerSecond += c.changes / window;
    return t;
  });
}

const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The profile `id` that stands for the measured guests `guests` (one or more). */
export function profileFromMeasured(m: Measurement, guests: MeasuredGuestRef[], id: string): GuestProfile {
  if (guests.length === 0) throw new RangeError('no measured guest to derive a profile from');
  const tallies = tally(m, guests);
  const mib = 2 ** 20 / m.pageSize;
  const gib = 2 ** 30 / m.pageSize;
  const names = guests.map((g) => g.name).join(', ');
  const cross = guests.length >= 2 ? `sharing between guests from the ${guests.length} measured` : 'no sharing between guests (one guest measured: which of its contents others would share is unknown)';
  return {
    id,
    label: `Measured: ${names}`,
    touched: round(mean(tallies.map((t) => (t.pages ? t.resident / t.pages : 0))), 4),
    zero: round(mean(tallies.map((t) => (t.resident ? t.zero / t.resident : 0))), 4),
    sharedImageMiB: guests.length >= 2 ? round(mean(tallies.map((t) => t.image / mib)), 1) : 0,
    withinGuestDup: round(mean(tallies.map((t) => (t.resident ? t.dup / t.resident : 0))), 4),
    withinGuestCopies: round(Math.max(1, mean(tallies.map((t) => (t.dupContents ? t.dup / t.dupContents : 1)))), 2),
    churnPerGiB: round(mean(tallies.map((t) => (t.pages ? (t.churnPagesPerSecond * gib) / t.pages : 0))), 2),
    zeroFillPerGiB: 0,
    zeroFillSeconds: 0,
    bootSeconds: ASSUMED_BOOT_SECONDS,
    qemuOverheadMiB: ASSUMED_QEMU_OVERHEAD_MIB,
    derivedFrom:
      `samepage measure (${m.meta.source}, ${m.meta.time}) of ${names}: ${cross}; ` +
      `${m.meta.churn ? `churn over ${m.meta.churn.windowSeconds} s` : 'no churn measured (no --interval)'}; ` +
      `QEMU overhead ${ASSUMED_QEMU_OVERHEAD_MIB} MiB and boot ${ASSUMED_BOOT_SECONDS} s assumed, not measured`,
  };
}
