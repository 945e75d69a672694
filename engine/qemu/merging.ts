/**
 * Which guest RAM KSM can merge, as QEMU sets it up: QEMU's boolean spellings for mem-merge/merge,
 * and the backends whose pages KSM never merges (shared mappings, huge pages).
 */
import type { BackendObject } from './context';
import { BOOL_FALSE, BOOL_TRUE } from './propertyValues';

/** hugetlbfs mounts: KSM never merges huge pages (mm/ksm.c skips VM_HUGETLB areas). */
export function isHugetlbfsPath(path: string): boolean {
  return /(^|\/)(hugepages|hugetlbfs)(-\w+)?(\/|$)/.test(path);
}

export interface NeverMerges {
  what: 'shared memory' | 'huge pages';
  /** The setting that causes it, e.g. `share=on`. */
  because: string;
}

/** Why KSM can never merge this backend's RAM (mm/ksm.c: no VM_SHARED, no VM_HUGETLB), or undefined. */
export function backendNeverMerges(backend: BackendObject): NeverMerges | undefined {
  if (backend.share ? backend.share.value : backend.type === 'memory-backend-memfd') return { what: 'shared memory', because: backend.share ? 'share=on' : 'memfd defaults to share=on' };
  if (backend.hugetlb) return { what: 'huge pages', because: 'hugetlb=on' };
  if (backend.memPath !== undefined && isHugetlbfsPath(backend.memPath)) return { what: 'huge pages', because: `mem-path=${backend.memPath} is a hugetlbfs mount` };
  return undefined;
}

/** QEMU's boolean spellings (7.2 qapi_bool_parse: case-sensitive), undefined for anything else. */
export function qemuBool(value: string): boolean | undefined {
  if (BOOL_TRUE.includes(value)) return true;
  if (BOOL_FALSE.includes(value)) return false;
  return undefined;
}
