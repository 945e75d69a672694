/**
 * Node adapter for the host KSM view: reads /sys/kernel/mm/ksm and the page size, and hands the
 * raw values to the pure summary in engine/sysfs/hostSummary.ts.
 */
import { KSM_SYSFS_DIR } from '../knowledge/knobs';
import { readKsmSysfs, readPageSize } from './hostFacts';
import { summarizeKsm, type KsmHostSummary } from '../sysfs/hostSummary';

export interface KsmHostSnapshot {
  ksm: Record<string, string>;
  summary: KsmHostSummary;
}

/** This host's KSM state, or undefined where /sys/kernel/mm/ksm is missing or unreadable. */
export function readKsmHost(dir = KSM_SYSFS_DIR, pageSize = readPageSize() ?? 4096): KsmHostSnapshot | undefined {
  const ksm = readKsmSysfs(dir);
  const summary = summarizeKsm(ksm, pageSize);
  return ksm && summary ? { ksm, summary } : undefined;
}
