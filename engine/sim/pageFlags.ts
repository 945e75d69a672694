/**
 * Per-page state bits (one byte per simulated page). A page's rmap_item lives in the same slot as
 * the page: HAS_ITEM says it exists, STABLE/UNSTABLE say which tree accounts for it.
 */
/** ksmd has an rmap_item for this page. */
export const HAS_ITEM = 1;
/** The content changed since the item's stored checksum (new items start dirty): the checksum gate. */
export const DIRTY = 2;
/** The item is accounted to the stable node in `node[]` (it may lag: the page can be COW-broken). */
export const STABLE = 4;
/** The item is accounted in the unstable tree of pass `node[]` (pages_unshared; see Ksmd.node for when the pass is not kept). */
export const UNSTABLE = 8;
/** The PTE maps the KSM page of stable node `node[]`. */
export const KSM_MAPPED = 16;
/** The PTE maps the shared zero page, placed by KSM (use_zero_pages). */
export const ZERO_MAPPED = 32;
/** The page is mapped: its process has started and not exited. */
export const PRESENT = 64;
/**
 * The PTE maps the kernel's shared zero page, not placed by KSM: splitting a THP (6.12+) remaps
 * its all-zero subpages there. Not a normal page for the scan, and not in ksm_zero_pages.
 */
export const SHARED_ZERO = 128;

/** Content ids: 0 is never a content (an item's initial checksum), 1 is the all-zero page. */
export const ZERO_CONTENT = 1;
/**
 * Contents at or above this id belong to one page only (unique pages, pages rewritten with new
 * bytes): they can never find a twin, so the trees need no entry for them.
 */
export const UNIQUE_BASE = 0x80000000;
