/**
 * Per-process KSM files under /proc/PID: what each line of ksm_stat means, and
 * ksm_merging_pages. Read by the sysfs hover.
 */
export interface ProcKsmField {
  name: string;
  unit: string;
  since: string;
  description: string;
}

export interface ProcKsmFile {
  name: 'ksm_stat' | 'ksm_merging_pages';
  mode: string;
  since: string;
  description: string;
}

export const PROC_KSM_FILES: readonly ProcKsmFile[] = [
  {
    name: 'ksm_stat',
    mode: '0400 (owner only), read-only',
    since: '6.1',
    description:
      'KSM figures of one process, one `name value` line each: tracked pages, zero pages, merged pages, its estimated profit, and (6.14+) whether the prctl is set and whether any area is mergeable.',
  },
  {
    name: 'ksm_merging_pages',
    mode: '0400 (owner only), read-only',
    since: '5.19',
    description: 'A single number: how many of this process\'s pages are currently merged by KSM (the same value as the `ksm_merging_pages` line of ksm_stat).',
  },
];

export const KSM_STAT_FIELDS: readonly ProcKsmField[] = [
  { name: 'ksm_rmap_items', unit: 'count', since: '6.1', description: 'Pages of this process that KSM tracks (one 64-byte reverse-map item each).' },
  { name: 'ksm_zero_pages', unit: 'pages', since: '6.5', description: 'Pages of this process that KSM replaced with the kernel zero page (use_zero_pages=1).' },
  { name: 'ksm_merging_pages', unit: 'pages', since: '6.1', description: 'Pages of this process that currently map a KSM page, whether they count as shared or sharing system-wide.' },
  {
    name: 'ksm_process_profit',
    unit: 'bytes',
    since: '6.4',
    description: 'Estimated net saving for this process: (ksm_merging_pages + ksm_zero_pages) × page size minus 64 bytes per tracked page. May be negative.',
  },
  { name: 'ksm_merge_any', unit: 'yes/no', since: '6.14', description: 'Whether the process enabled KSM for all its memory with prctl(PR_SET_MEMORY_MERGE).' },
  { name: 'ksm_mergeable', unit: 'yes/no', since: '6.14', description: 'Whether any memory area of the process is currently marked mergeable.' },
];

export function procFileByName(name: string): ProcKsmFile | undefined {
  return PROC_KSM_FILES.find((f) => f.name === name);
}

export function ksmStatFieldByName(name: string): ProcKsmField | undefined {
  return KSM_STAT_FIELDS.find((f) => f.name === name);
}
