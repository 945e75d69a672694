import type { RegionSpec } from '../sim/api';
import { checkGuestFits, type GuestProfile, type GuestProfileParameter } from './guestProfile';
import { workloadPoolName } from './workloadProcess';
import { parseWorkloadArgs } from './workloadArgs';
import { workloadCounts } from './workloadLayout';

/** Subpages of an x86-64 transparent huge page. */
const THP_PAGES = 512;
const wholeHugePages = (pages: number) => Math.ceil(pages / THP_PAGES) * THP_PAGES;

/**
 * The ground-truth harness's test guest (qemu/guest-init.sh): a Debian 6.1 kernel with KASLR and a
 * busybox initramfs whose /init fills guest RAM with `workload-static` (`wl_*` kernel parameters)
 * and then idles. QEMU backs guest RAM with THPs (it madvises MADV_HUGEPAGE), so when KSM splits a
 * huge page to merge one of its subpages, the kernel (6.12+) maps the subpages that are all zeros
 * to the shared zero page: they leave RSS and the scan. That is why the guests' RSS fell from about
 * 515 to 430 MB in the harness's q1 recording.
 *
 * The guest-OS part of RAM is not deterministic (KASLR, boot timing). What kinds of content it
 * holds comes from memory dumps of two such guests (QEMU pmemsave, pages hashed); the sizes come
 * from the guest's own report and from the published 4-guest recording, as each parameter says.
 */
const GUEST_DEFAULTS = { wl_id: '0', wl_pages: '80000', wl_distinct: '64', wl_zero: '0.2', wl_unique: '0.3', wl_seed: '7' };

const PARAMS = {
  osSharedPages: 6563,
  osPrivatePages: 12898,
  poisonPages: 2137,
  allOnesPages: 68,
  zeroInThpPages: 5295,
  qemuOverheadKb: 97145,
};

const PARAMETERS: GuestProfileParameter[] = [
  {
    name: 'workload',
    value: 80000,
    unit: 'pages',
    source: 'guest-init.sh defaults (wl_pages=80000, wl_distinct=64, wl_zero=0.2, wl_unique=0.3, wl_seed=7), overridden by wl_* on -append; laid out exactly as workload.c does',
  },
  {
    name: 'osSharedPages',
    value: PARAMS.osSharedPages,
    unit: 'pages',
    source: 'pages identical in every guest booted from the same vmlinuz and initrd (initramfs page cache, kernel data KASLR leaves alone, boot images left in freed memory); q1: 7240 pages_shared − 677 stable_node_dups = 6563 plain stable nodes, one per content, each in all 4 guests (memory dumps of two guests booted here: 5963 contents with one copy in each)',
  },
  {
    name: 'osPrivatePages',
    value: PARAMS.osPrivatePages,
    unit: 'pages',
    source: 'per-guest pages (KASLR-relocated kernel image, memmap, page tables, slab); the guest reports MemTotal 468416 kB of 512 MiB, i.e. 13968 pages held by the kernel; q1: rmap_items per guest after merging (85666) − workload non-zero pages (64000) − osShared − poison − 0xFF pages',
  },
  {
    name: 'poisonPages',
    value: PARAMS.poisonPages,
    unit: 'pages',
    source: 'freed kernel memory (init sections, image padding) that the guest kernel fills with 0xCC: one content in every guest, merged as a chain; a memory dump of this guest (Debian 6.1.0-56 kernel) holds 3247 such pages, q1\'s kernel build fewer: its chain beyond the 64 workload classes and the 0xFF chain holds about 8549 pages over 4 guests',
  },
  {
    name: 'allOnesPages',
    value: PARAMS.allOnesPages,
    unit: 'pages',
    source: 'pages filled with 0xFF, the same in every guest; the memory dumps of two guests booted here hold 68 each: 272 copies over 4 guests, more than max_page_sharing, so a chain with 2 dups (q1\'s 66th chain)',
  },
  {
    name: 'zeroInThpPages',
    value: PARAMS.zeroInThpPages,
    unit: 'pages',
    source: 'never-written subpages of huge pages the guest touched (free guest memory); q1: rmap_items per guest fell from 106961 after the first scan to 85666 = 16000 workload zero pages + 5295; rounded up to whole huge pages (+ up to 511)',
  },
  {
    name: 'untouched',
    value: 131072 - wholeHugePages(80000 + PARAMS.osSharedPages + PARAMS.osPrivatePages + PARAMS.poisonPages + PARAMS.allOnesPages + PARAMS.zeroInThpPages),
    unit: 'pages',
    source: 'the rest of -m (at 512 MiB): guest RAM never touched, not resident on the host; q1: 106961 of 131072 pages had rmap_items after the first scan',
  },
  {
    name: 'qemuOverheadKb',
    value: PARAMS.qemuOverheadKb,
    unit: 'kB',
    source: 'QEMU RSS outside guest RAM (TCG translation cache tb-size=64 MiB, binary, heap); q1: mean VmRSS at t=0 (524989 kB) − 106961 resident guest pages × 4 kB',
  },
];

export const HARNESS_GUEST_OS_POOL = 'harness-guest-os';
/** Pages the guest kernel fills with one byte: 0xCC poison of freed kernel memory, and 0xFF. */
export const HARNESS_GUEST_FILL_POOL = 'harness-guest-fill';

export const harnessGuestProfile: GuestProfile = {
  id: 'harness-busybox',
  description: 'the ground-truth harness guest: Debian 6.1 kernel + busybox initramfs running workload-static, THP-backed RAM',
  parameters: PARAMETERS,
  memory(ctx) {
    const param = (k: keyof typeof GUEST_DEFAULTS) => ctx.kernelParams.get(k) ?? GUEST_DEFAULTS[k];
    const wl = parseWorkloadArgs([
      '--pages', param('wl_pages'), '--distinct', param('wl_distinct'), '--zero-frac', param('wl_zero'),
      '--unique-frac', param('wl_unique'), '--seed', param('wl_seed'), '--id', param('wl_id'), '--merge', 'none',
    ]);
    const counts = workloadCounts(wl);
    checkGuestFits(this.id, ctx.ramPages, {
      workload: wl.pages,
      osSharedPages: PARAMS.osSharedPages,
      osPrivatePages: PARAMS.osPrivatePages,
      poisonPages: PARAMS.poisonPages,
      allOnesPages: PARAMS.allOnesPages,
      zeroInThpPages: PARAMS.zeroInThpPages,
    });
    // Guest RAM is backed by huge pages, and a touched 2 MiB block is resident with all its 512
    // subpages (the untouched ones zero), so the region is whole blocks. Guest-physical placement
    // is arbitrary (buddy allocator, physical KASLR): the region is shuffled. The order matters for the
    // unstable tree: when pass 2 meets THP zero subpages before any zero page has merged, the
    // first zero node is remapped to the zero page by a split and blocks searches (q1's real
    // pass 2 merged only 111 k of 187.5 k pages).
    const filled = PARAMS.poisonPages + PARAMS.allOnesPages;
    const touched = wl.pages + PARAMS.osSharedPages + PARAMS.osPrivatePages + filled + PARAMS.zeroInThpPages;
    const resident = Math.min(wholeHugePages(touched), ctx.ramPages);
    const hugeBacked: RegionSpec = {
      name: 'guest-ram',
      pages: resident,
      thp: true,
      content: {
        zeroPages: counts.zeroPages + PARAMS.zeroInThpPages + (resident - touched),
        uniquePages: counts.uniquePages + PARAMS.osPrivatePages,
        pools: [
          ...(counts.classCounts.length > 0 ? [{ pool: workloadPoolName(wl.seed), distinct: counts.classCounts.length, pages: counts.dupPages, weights: counts.classCounts }] : []),
          { pool: HARNESS_GUEST_OS_POOL, distinct: PARAMS.osSharedPages, pages: PARAMS.osSharedPages },
          { pool: HARNESS_GUEST_FILL_POOL, distinct: 2, pages: filled, weights: [PARAMS.poisonPages, PARAMS.allOnesPages] },
        ],
        layout: 'shuffle',
        seed: 1000 + ctx.guestIndex,
      },
    };
    return { regions: [hugeBacked], qemuOverheadKb: PARAMS.qemuOverheadKb };
  },
};
