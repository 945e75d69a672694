import type { Trace } from './types';

/**
 * What a recording host costs ksmd, measured on that host (`samepage calibrate`), for replaying the
 * traces it recorded. Machines of the same kind differ: the one that recorded our own traces spends
 * about twice the reference machine's CPU on every page-content read (docs/fidelity.md). A trace
 * names its host only by the kernel string in its header, so a profile applies to the traces whose
 * header carries the same string, and to no other.
 */
export interface HostProfile {
  /** The trace header's `kernel` (uname -r) of the recording host. */
  kernel: string;
  /** ksmd CPU per examined page that searches the trees (HostSpec.perPageCostNs). */
  perPageCostNs: number;
  /** The calibration trace the figure comes from. */
  calibratedFrom: string;
}

export class HostProfileError extends Error {}

export function parseHostProfile(text: string): HostProfile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new HostProfileError(`not JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new HostProfileError('expected an object');
  const o = raw as Record<string, unknown>;
  if (typeof o.kernel !== 'string' || o.kernel === '') throw new HostProfileError('"kernel" must be the recording host\'s kernel string');
  const cost = o.perPageCostNs;
  if (typeof cost !== 'number' || !Number.isInteger(cost) || cost < 1 || cost > 1e9) throw new HostProfileError('"perPageCostNs" must be an integer from 1 to 1000000000');
  return { kernel: o.kernel, perPageCostNs: cost, calibratedFrom: typeof o.calibratedFrom === 'string' ? o.calibratedFrom : '' };
}

/** The profile recorded on the trace's host, if one is given. */
export function hostProfileFor(trace: Trace, profiles: readonly HostProfile[]): HostProfile | undefined {
  return profiles.find((p) => p.kernel === trace.header.kernel);
}
