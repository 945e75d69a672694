import type { RegionSpec, WritePattern } from '../sim/api';

/**
 * A guest profile: what a QEMU guest's RAM holds as the host's KSM sees it, and how it changes.
 * The what-if scenarios (Windows/Linux idle, busy Linux) and the replay of harness traces build
 * guests from profiles of this shape.
 */
export interface GuestProfile {
  id: string;
  description: string;
  /** Every number the profile uses, with where it comes from (shown in docs and hovers). */
  parameters: GuestProfileParameter[];
  memory(ctx: GuestContext): GuestMemory;
}

export interface GuestProfileParameter {
  name: string;
  value: number;
  unit: 'pages' | 'kB' | 'fraction' | 'count';
  source: string;
}

export interface GuestContext {
  /** Guest RAM (-m) in pages of the host's page size. */
  ramPages: number;
  pageSize: number;
  /** Index of this guest among guests of the same profile (0, 1, ...). */
  guestIndex: number;
  /** key=value words of the guest kernel command line (-append). */
  kernelParams: Map<string, string>;
}

export interface GuestMemory {
  /**
   * Guest RAM the guest has touched, as host regions in address order. RAM the guest never touched
   * is not resident on the host and never scanned, so it is left out.
   */
  regions: RegionSpec[];
  /** Host RSS of the QEMU process outside guest RAM (code, heap, TCG translation cache), kB. */
  qemuOverheadKb: number;
  writes?: WritePattern[];
}

/** Splits guest RAM into parts and checks that they fit. */
export function checkGuestFits(profile: string, ramPages: number, parts: Record<string, number>): number {
  let used = 0;
  for (const [name, pages] of Object.entries(parts)) {
    if (!Number.isInteger(pages) || pages < 0) throw new RangeError(`guest profile ${profile}: ${name} is ${pages} pages`);
    used += pages;
  }
  if (used > ramPages) throw new RangeError(`guest profile ${profile}: needs ${used} pages, more than the guest's ${ramPages} pages of RAM`);
  return ramPages - used;
}
