/**
 * Which KSM behaviours a kernel release has. Knob-backed features take their `since` from the
 * knowledge table; behaviour changes without a knob are listed here, in one place.
 */
import { compareKernelVersions, knobByName } from '../knowledge/knobs';

/** Behaviour changes that have no sysfs attribute of their own. */
const BEHAVIOUR_SINCE = {
  /** ksm_zero_pages is counted (and part of general_profit) from 6.5; before, zero merges were invisible. */
  zeroPagesCounter: '6.5',
  /**
   * The checksum gate runs before the stable-tree search ("don't waste time searching stable tree
   * for fast changing page", 2024). Before it, a page whose content was already a KSM page merged
   * on its first visit. Release inferred from the patch date.
   */
  checksumBeforeStableSearch: '6.9',
  /** pages_scanned grows per examined page; 6.6–6.9 added the whole batch size after each batch. */
  pagesScannedPerPage: '6.10',
  /**
   * Splitting an anonymous THP maps its all-zero subpages to the shared zero page ("remap unused
   * subpages to shared zeropage when splitting isolated thp", 2024; seen on 6.18 in the
   * s27_thp_zero_split recording). Release inferred from the patch date.
   */
  thpSplitRemapsZeroSubpages: '6.12',
} as const;

export interface KernelFeatures {
  useZeroPages: boolean;
  maxPageSharing: boolean;
  smartScan: boolean;
  advisor: boolean;
  zeroPagesCounter: boolean;
  checksumBeforeStableSearch: boolean;
  pagesScannedCounter: boolean;
  pagesScannedPerPage: boolean;
  thpSplitRemapsZeroSubpages: boolean;
  pagesSkippedCounter: boolean;
  generalProfit: boolean;
}

function knobSince(kernel: string, knob: string): boolean {
  const since = knobByName(knob)?.since;
  return since === undefined || compareKernelVersions(kernel, since) >= 0;
}

export function kernelFeatures(kernel: string): KernelFeatures {
  const at = (v: string): boolean => compareKernelVersions(kernel, v) >= 0;
  return {
    useZeroPages: knobSince(kernel, 'use_zero_pages'),
    maxPageSharing: knobSince(kernel, 'max_page_sharing'),
    smartScan: knobSince(kernel, 'smart_scan'),
    advisor: knobSince(kernel, 'advisor_mode'),
    zeroPagesCounter: at(BEHAVIOUR_SINCE.zeroPagesCounter),
    checksumBeforeStableSearch: at(BEHAVIOUR_SINCE.checksumBeforeStableSearch),
    pagesScannedCounter: knobSince(kernel, 'pages_scanned'),
    pagesScannedPerPage: at(BEHAVIOUR_SINCE.pagesScannedPerPage),
    thpSplitRemapsZeroSubpages: at(BEHAVIOUR_SINCE.thpSplitRemapsZeroSubpages),
    pagesSkippedCounter: knobSince(kernel, 'pages_skipped'),
    generalProfit: knobSince(kernel, 'general_profit'),
  };
}
