/**
 * ksmd's scan, page by page (ksm-spec §2.3–2.9): the mm_slot list and its cursor, rmap items,
 * smart-scan skipping, the checksum gate, zero-page merging, stable and unstable tree lookups and
 * merges, detaching (the only place most counters go down), COW breaks, exit and run=2.
 *
 * Simplifications (counter-neutral for the workloads we model):
 * - The stable tree is keyed by content id; the unstable tree is a red-black tree ordered by
 *   current content (unstableTree.ts), so stale nodes block and changed nodes misroute searches.
 * - A content id stands for the page checksum; a per-page DIRTY bit records "content changed since
 *   the stored checksum", so a page rewritten with new bytes and back would not pass the gate early.
 * - Stale stable nodes drop all their items from the global counters at once, as the kernel does;
 *   the per-process ksm_merging_pages of those items drops when ksmd next visits each item.
 * - No fork, swap, migration or busy page locks.
 */
import type { ContentOrder } from './contentOrder';
import type { KsmKnobs } from './api';
import type { SimProcess, SimRegion } from './addressSpace';
import { THP_PAGES } from './addressSpace';
import { KsmCounters } from './counters';
import type { KernelFeatures } from './kernelFeatures';
import * as PF from './pageFlags';

// Local copies: imported bindings can compile to getter calls, too slow for the per-page loop.
const DIRTY = PF.DIRTY + 0;
const HAS_ITEM = PF.HAS_ITEM + 0;
const KSM_MAPPED = PF.KSM_MAPPED + 0;
const PRESENT = PF.PRESENT + 0;
const STABLE = PF.STABLE + 0;
const UNSTABLE = PF.UNSTABLE + 0;
const ZERO_MAPPED = PF.ZERO_MAPPED + 0;
const SHARED_ZERO = PF.SHARED_ZERO + 0;
/** PTEs that do not map a normal anonymous page: the scan frees their items and moves on. */
const NOT_NORMAL = ZERO_MAPPED | SHARED_ZERO;
const UNIQUE_BASE = PF.UNIQUE_BASE + 0;
const ZERO_CONTENT = PF.ZERO_CONTENT + 0;
const THP_BLOCK = THP_PAGES + 0;
const BLOCKED = UT.BLOCKED + 0;
const INSERTED = UT.INSERTED + 0;
import { StableTree } from './stableTree';
import * as UT from './unstableTree';
import { LazyUnstableTree } from './lazyUnstableTree';

export interface BatchResult {
  examined: number;
  skipped: number;
  /** A full scan began with this batch (the advisor stamps its start). */
  startedScan: boolean;
  /** The batch ended because a full scan completed. */
  endedScan: boolean;
  /** Examined pages that searched the trees. */
  treeVisits: number;
  /** Examined pages merged already (found by their stable node: no page content read). */
  mergedVisits: number;
  /** Dups looked up along stable_node chains. */
  dupVisits: number;
}

/** smart_scan: how many scans to skip after an examined visit at this age. */
function skipRun(age: number): number {
  return age <= 3 ? 1 : age <= 5 ? 2 : age <= 8 ? 4 : 8;
}

export class Ksmd {
  readonly counters = new KsmCounters();
  readonly content: Uint32Array;
  readonly flags: Uint8Array;
  /**
   * Stable node of a STABLE/KSM_MAPPED page; pass number of an UNSTABLE one. Not kept for a unique
   * content when no node can go stale in the run: its node is then never looked up again (no twin
   * can find it, no shape needs it, erasing it changes nothing), and the walk saves the store.
   */
  readonly node: Int32Array;
  /**
   * Smart scan per page: the item's age in the low 4 bits (it saturates at 15; skipRun() tells no
   * age above 8 from another) and the scans left to skip in the high 4 (at most 8). One byte.
   */
  readonly scanState: Uint8Array;
  /** Per 2 MiB block of THP regions: 1 while still mapped huge. */
  readonly thpHuge: Uint8Array;
  tree: StableTree;
  private readonly unstable: LazyUnstableTree;
  /** Examined pages of the current batch that searched the trees. */
  private treeVisits = 0;
  private mergedVisits = 0;
  /** Stable/unstable trees: 1, or one per NUMA node when merge_across_nodes=0. */
  private trees: number;
  /** Unstable-tree generation: bumped at every full-scan start (the lazy root reset). */
  private gen = 0;
  /** Physical pages: private anon pages of the simulated processes, and live KSM pages. */
  privatePages = 0;
  ksmPages = 0;
  /** Registered mm_slots in list order; the cursor is an index, -1 for the list head. */
  readonly slots: SimProcess[] = [];
  private cursor = -1;
  private cursorPage = 0;
  /** Set by the caller before each batch: the time in jiffies (chain pruning). */
  nowJiffies = 0;
  private readonly regionStarts: number[];
  private readonly allRegions: SimRegion[];
  private readonly procStarts: number[];

  constructor(
    readonly processes: SimProcess[],
    totalPages: number,
    totalBlocks: number,
    private readonly sharedContents: number,
    private readonly knobs: KsmKnobs,
    private readonly features: KernelFeatures,
    private readonly numaNodes: number,
    order: ContentOrder,
    /** Some process exits during the run (its unstable nodes go stale then). */
    processesCanExit = true,
  ) {
    this.content = new Uint32Array(totalPages);
    this.flags = new Uint8Array(totalPages);
    this.node = new Int32Array(totalPages);
    this.scanState = new Uint8Array(totalPages);
    this.thpHuge = new Uint8Array(totalBlocks);
    this.trees = this.treeCount();
    this.tree = new StableTree(sharedContents * this.trees, this.counters);
    const canGoStale = processesCanExit || (features.thpSplitRemapsZeroSubpages && totalBlocks > 0);
    this.unstable = new LazyUnstableTree(
      totalPages,
      Math.max(1, numaNodes),
      sharedContents,
      this.content,
      this.flags,
      (i) => (this.trees > 1 ? Math.min(this.regionOf(i).nid, this.trees - 1) : 0),
      order,
      canGoStale,
    );
    this.unstable.clear(this.trees);
    this.allRegions = processes.flatMap((p) => p.regions);
    this.regionStarts = this.allRegions.map((r) => r.start);
    this.procStarts = processes.map((p) => p.start);
  }

  private treeCount(): number {
    return this.knobs.merge_across_nodes === 0 ? Math.max(1, this.numaNodes) : 1;
  }

  private maxSharing(): number {
    const m = this.features.maxPageSharing ? this.knobs.max_page_sharing : Infinity;
    this.tree.maxSharing = m;
    return m;
  }

  private pruneJiffies(hz: number): number {
    return Math.ceil((this.knobs.stable_node_chains_prune_millisecs * hz) / 1000);
  }

  hz = 250;
  /** Knob-derived values read once per batch (the knobs cannot change during one). */
  private batchMaxSharing = Infinity;
  private batchPruneJiffies = 0;

  get hasSlots(): boolean {
    return this.slots.length > 0;
  }

  /** __ksm_enter: a new mm_slot goes just behind the cursor (run 0/1) or at the tail (run 2). */
  register(p: SimProcess): void {
    p.registered = true;
    if (this.knobs.run === 2 || this.cursor < 0) {
      this.slots.push(p);
    } else {
      this.slots.splice(this.cursor, 0, p);
      this.cursor++;
    }
  }

  /** The process's pages are unmapped now (memory, zero pages); its items wait for ksmd (§2.3). */
  exit(p: SimProcess): void {
    if (p.exited) return;
    p.exited = true;
    if (!p.started) return;
    const { flags, node } = this;
    for (let i = p.start; i < p.end; i++) {
      const f = flags[i];
      if (f & UNSTABLE && node[i] === this.gen) this.unstable.wentStale(i); // its node can block searches now
      if (f & KSM_MAPPED) {
        if (this.tree.unmap(node[i])) this.ksmPages--;
      } else if (f & ZERO_MAPPED) {
        this.counters.zeroPages--;
      } else if ((f & (PRESENT | SHARED_ZERO)) === PRESENT) {
        this.privatePages--;
      }
      flags[i] = f & ~(PRESENT | KSM_MAPPED | ZERO_MAPPED | SHARED_ZERO);
    }
    for (const r of p.regions) if (r.blockBase >= 0) this.thpHuge.fill(0, r.blockBase, r.blockBase + Math.floor((r.end - r.start) / THP_BLOCK));
    p.hugeBlocks = 0;
    p.zeroPages = 0;
    p.sharedZeroPages = 0;
    if (!p.registered) return;
    const idx = this.slots.indexOf(p);
    if (idx === this.cursor) return;
    this.slots.splice(idx, 1);
    if (this.cursor > idx) this.cursor--;
    if (p.items === 0) {
      p.registered = false;
      return;
    }
    this.slots.splice(this.cursor + 1, 0, p);
  }

  /**
   * One ksmd batch: up to `quota` examined pages (skipped and absent pages cost no quota); ends
   * early when a full scan completes.
   */
  runBatch(quota: number): BatchResult {
    const result: BatchResult = { examined: 0, skipped: 0, startedScan: false, endedScan: false, treeVisits: 0, mergedVisits: 0, dupVisits: 0 };
    const dupVisitsBefore = this.tree.dupVisits;
    this.treeVisits = 0;
    this.mergedVisits = 0;
    this.batchMaxSharing = this.maxSharing();
    this.batchPruneJiffies = this.pruneJiffies(this.hz);
    let examined = 0;
    while (examined < quota) {
      if (this.cursor < 0) {
        if (this.slots.length === 0) break;
        result.startedScan = true;
        this.gen++;
        this.unstable.clear(this.trees);
        this.cursor = 0;
        this.cursorPage = this.slots[0].start;
      }
      const p = this.slots[this.cursor];
      if (!p.exited) {
        examined += this.walk(p, quota - examined, result);
        // Quota used up: the batch ends here, even on the last page of the pass; the next batch
        // then only finds the end of the scan and examines nothing (as the kernel's loop does).
        if (examined >= quota) break;
      } else {
        this.freeItems(p);
      }
      if (p.exited) {
        this.slots.splice(this.cursor, 1);
        p.registered = false;
      } else {
        this.cursor++;
      }
      if (this.cursor >= this.slots.length) {
        this.cursor = -1;
        this.counters.fullScans++;
        result.endedScan = true;
        break;
      }
      this.cursorPage = this.slots[this.cursor].start;
    }
    result.examined = examined;
    result.treeVisits = this.treeVisits;
    result.mergedVisits = this.mergedVisits;
    result.dupVisits = this.tree.dupVisits - dupVisitsBefore;
    return result;
  }

  /** Walks process p from the cursor; returns pages examined. Leaves cursorPage after the last one. */
  private walk(p: SimProcess, quota: number, result: BatchResult): number {
    const { flags, scanState, content, node, gen } = this;
    const canGoStale = this.unstable.canGoStale;
    const smartKernel = this.features.smartScan;
    const smart = smartKernel && this.knobs.smart_scan === 1;
    const checksumFirst = this.features.checksumBeforeStableSearch;
    const stable = this.tree;
    let unshared = 0;
    let examined = 0;
    let skipped = 0;
    let created = 0;
    let merged = 0;
    for (const r of p.regions) {
      if (r.end <= this.cursorPage || r.spec.mergeable === false) continue;
      const tree = this.trees > 1 ? Math.min(r.nid, this.trees - 1) : 0;
      for (let i = Math.max(this.cursorPage, r.start); i < r.end; i++) {
        let f = flags[i];
        if (f & NOT_NORMAL) {
          // Not a normal page any more: the item leaves its tree and is freed as the cursor passes.
          if (f & HAS_ITEM) {
            if (f & (STABLE | UNSTABLE)) this.detach(i, f, p, tree);
            flags[i] &= ~HAS_ITEM;
            created--;
          }
          continue;
        }
        if ((f & HAS_ITEM) === 0) {
          f |= HAS_ITEM | DIRTY;
          flags[i] = f;
          if (smartKernel) scanState[i] = 0; // untouched without smart scan: those pages of memory are never used
          created++;
        }
        if (smart && (f & KSM_MAPPED) === 0) {
          const v = scanState[i];
          const a = v & 15;
          const aged = a < 15 ? a + 1 : 15;
          const s = v >> 4;
          if (a < 3) {
            scanState[i] = aged;
          } else if (s === 0) {
            scanState[i] = (skipRun(a) << 4) | aged;
          } else {
            scanState[i] = ((s - 1) << 4) | aged;
            skipped++;
            if (f & (STABLE | UNSTABLE)) this.detach(i, f, p, tree);
            continue;
          }
        }
        // The common cases inline: a merged page, and the checksum gate of a page in no tree.
        if ((f & KSM_MAPPED) === 0) {
          // A changed page in no tree only has its checksum taken, unless the kernel looks in the
          // stable tree first and there is a node to find (none for a unique content or an empty tree).
          if ((f & (DIRTY | STABLE | UNSTABLE)) === DIRTY && (checksumFirst || stable.liveNodes === 0 || content[i] >= UNIQUE_BASE)) flags[i] = f & ~DIRTY;
          else if ((f & (DIRTY | STABLE)) === 0 && content[i] >= UNIQUE_BASE) {
            // A unique page: no twin can exist, so it leaves the unstable tree and goes back in,
            // unless a stale node on its search path makes the search give up. (Kernels that
            // search the stable tree first do the same: a unique content has no stable node.)
            this.treeVisits++;
            const nf = this.unstable.searchInsert(i, content[i], tree) === INSERTED ? f | UNSTABLE : f & ~UNSTABLE;
            unshared += ((nf & UNSTABLE) >> 3) - ((f & UNSTABLE) >> 3);
            flags[i] = nf;
            if (canGoStale) node[i] = gen;
          } else this.examine(i, f, p, r, tree);
        } else merged++;
        if (++examined === quota) return this.endWalk(p, i + 1, examined, created, skipped, unshared, merged, result);
      }
    }
    return this.endWalk(p, p.end, examined, created, skipped, unshared, merged, result);
  }

  /** Where a walk stops (quota used up, or the end of the process): the cursor and the tallies kept in locals. */
  private endWalk(p: SimProcess, cursor: number, examined: number, created: number, skipped: number, unshared: number, merged: number, result: BatchResult): number {
    this.cursorPage = cursor;
    this.mergedVisits += merged;
    this.counters.rmapItems += created;
    p.items += created;
    this.counters.pagesSkipped += skipped;
    this.counters.pagesUnshared += unshared;
    result.skipped += skipped;
    return examined;
  }

  /** cmp_and_merge_page for a present page with an item. */
  private examine(i: number, f: number, p: SimProcess, r: SimRegion, tree: number): void {
    if (f & KSM_MAPPED) return; // already merged, steady state
    const c = this.content[i];
    // (An empty stable tree, as in a first pass, has nothing to find: no lookup.)
    if (!this.features.checksumBeforeStableSearch && c < UNIQUE_BASE && this.tree.liveNodes > 0 && this.stableFirst(i, f, c, p, r, tree)) return;
    if (f & (STABLE | UNSTABLE)) {
      this.detach(i, f, p, tree);
      f = this.flags[i];
    }
    if (f & DIRTY) {
      this.flags[i] = f & ~DIRTY; // the checksum gate: content changed since the last look
      return;
    }
    this.treeVisits++;
    if (c === ZERO_CONTENT && this.knobs.use_zero_pages === 1 && this.features.useZeroPages) {
      this.mapZero(i, f, p, r);
      return;
    }
    // Unique contents (no twin can exist) have no stable-tree key: that search misses.
    const ck = (c - ZERO_CONTENT) * this.trees + tree;
    const k = c < UNIQUE_BASE ? this.tree.search(ck, this.nowJiffies, this.batchPruneJiffies, this.batchMaxSharing) : -1;
    if (k >= 0) {
      this.mergeInto(i, f, k, p, r);
      return;
    }
    const t = this.unstable.searchInsert(i, c, tree);
    if (t === BLOCKED) return; // a stale node on the path: the search gives up, nothing inserted
    if (t >= 0) {
      // An equal page: try_to_merge_two_pages (it fails on a page KSM merged meanwhile).
      if ((this.flags[t] & KSM_MAPPED) === 0) this.mergePair(i, f, t, ck, p, r, tree);
      return;
    }
    this.flags[i] = f | UNSTABLE;
    this.node[i] = this.gen;
    this.counters.pagesUnshared++;
  }

  /** Kernels before the checksum-first change searched the stable tree before the gate. */
  private stableFirst(i: number, f: number, c: number, p: SimProcess, r: SimRegion, tree: number): boolean {
    const ck = (c - ZERO_CONTENT) * this.trees + tree;
    const k = this.tree.search(ck, this.nowJiffies, this.batchPruneJiffies, this.batchMaxSharing);
    if (k < 0) return false;
    if (f & (STABLE | UNSTABLE)) this.detach(i, f, p, tree);
    this.mergeInto(i, this.flags[i], k, p, r);
    return true;
  }

  /** remove_rmap_item_from_tree. */
  private detach(i: number, f: number, p: SimProcess, tree: number): void {
    if (f & STABLE) {
      this.tree.detach(this.node[i]);
      p.merging--;
      this.flags[i] = f & ~STABLE;
    } else if (f & UNSTABLE) {
      if (this.node[i] === this.gen) this.unstable.erase(i, tree);
      this.counters.pagesUnshared--;
      this.flags[i] = f & ~UNSTABLE;
    }
  }

  private mapZero(i: number, f: number, p: SimProcess, r: SimRegion): void {
    this.splitThp(i, r, p);
    if (this.flags[i] & SHARED_ZERO) return; // the split already mapped it to the zero page
    this.flags[i] = (f & ~DIRTY) | ZERO_MAPPED;
    this.privatePages--;
    this.counters.zeroPages++;
    p.zeroPages++;
  }

  private mergeInto(i: number, f: number, k: number, p: SimProcess, r: SimRegion): void {
    // Only a THP split can map the page to the shared zero page here (the walk skips such pages).
    if (r.blockBase >= 0) {
      this.splitThp(i, r, p);
      if (this.flags[i] & SHARED_ZERO) return;
    }
    this.tree.mapAndAppend(k);
    this.privatePages--;
    this.flags[i] = (f & ~(UNSTABLE | DIRTY)) | STABLE | KSM_MAPPED;
    this.node[i] = k;
    p.merging++;
  }

  private mergePair(i: number, f: number, t: number, ck: number, p: SimProcess, r: SimRegion, tree: number): void {
    const tr = this.regionOf(t);
    const tp = this.procOf(t);
    const bi = this.hugeBlock(i, r);
    const bt = this.hugeBlock(t, tr);
    if (bi >= 0 && bi === bt) {
      // Both subpages of one THP: the merge fails, the folio is split, a later pass merges them.
      this.splitThp(i, r, p);
      return;
    }
    this.splitThp(i, r, p);
    this.splitThp(t, tr, tp);
    if ((this.flags[i] | this.flags[t]) & SHARED_ZERO) return; // an all-zero pair went to the zero page
    this.flags[t] &= ~UNSTABLE;
    this.unstable.erase(t, tree);
    this.counters.pagesUnshared--;
    const n = this.tree.insert(ck, this.nowJiffies, this.batchPruneJiffies, this.batchMaxSharing);
    this.tree.map(n, 2);
    this.ksmPages++;
    this.privatePages -= 2;
    this.flags[t] |= STABLE | KSM_MAPPED;
    this.node[t] = n;
    this.tree.append(n);
    tp.merging++;
    this.flags[i] = (f & ~DIRTY) | STABLE | KSM_MAPPED;
    this.node[i] = n;
    this.tree.append(n);
    p.merging++;
  }

  private hugeBlock(i: number, r: SimRegion): number {
    if (r.blockBase < 0) return -1;
    const b = r.blockBase + ((i - r.start) >> 9); // THP_BLOCK = 512 pages
    return b < r.blockBase + Math.floor((r.end - r.start) / THP_BLOCK) && this.thpHuge[b] === 1 ? b : -1;
  }

  private splitThp(i: number, r: SimRegion, p: SimProcess): void {
    const b = this.hugeBlock(i, r);
    if (b < 0) return;
    this.thpHuge[b] = 0;
    p.hugeBlocks--;
    if (!this.features.thpSplitRemapsZeroSubpages) return;
    const first = r.start + (b - r.blockBase) * THP_BLOCK;
    const { flags, content } = this;
    for (let j = first; j < first + THP_BLOCK; j++) {
      if ((flags[j] & (PRESENT | KSM_MAPPED | NOT_NORMAL)) === PRESENT && content[j] === ZERO_CONTENT) {
        if (flags[j] & UNSTABLE && this.node[j] === this.gen) this.unstable.wentStale(j); // a node now maps the zero page
        flags[j] |= SHARED_ZERO;
        this.privatePages--;
        p.sharedZeroPages++;
      }
    }
  }

  regionOf(i: number): SimRegion {
    return this.allRegions[upperBound(this.regionStarts, i) - 1];
  }

  procOf(i: number): SimProcess {
    return this.processes[upperBound(this.procStarts, i) - 1];
  }

  /** Frees every item of p (an exiting mm reached by the cursor, or run=2). */
  private freeItems(p: SimProcess): void {
    const { flags } = this;
    for (const r of p.regions) {
      const tree = this.trees > 1 ? Math.min(r.nid, this.trees - 1) : 0;
      for (let i = r.start; i < r.end; i++) {
        const f = flags[i];
        if ((f & HAS_ITEM) === 0) continue;
        if (f & (STABLE | UNSTABLE)) this.detach(i, f, p, tree);
        flags[i] &= ~HAS_ITEM;
        this.counters.rmapItems--;
      }
    }
    p.items = 0;
  }

  /** A merged page of a measured host waiting for its first twin, by stable-tree key. */
  private readonly adoptPending = new Map<number, number>();

  /**
   * Pages a measured host had merged already (`startsFrom: current-merges`): each gets its rmap
   * item and joins the stable node of its content at once, as if earlier scans had merged it.
   * Pages whose content the measurement found only once stay unmerged (their twins were not read).
   */
  adoptMerged(pages: Int32Array, p: SimProcess): void {
    const maxSharing = this.maxSharing();
    const prune = this.pruneJiffies(this.hz);
    const pending = this.adoptPending;
    for (const i of pages) {
      const c = this.content[i];
      if (c >= UNIQUE_BASE || (this.flags[i] & (PRESENT | NOT_NORMAL)) !== PRESENT) continue;
      const r = this.regionOf(i);
      const tree = this.trees > 1 ? Math.min(r.nid, this.trees - 1) : 0;
      this.flags[i] |= HAS_ITEM;
      if (this.features.smartScan) this.scanState[i] = 0;
      this.counters.rmapItems++;
      p.items++;
      const ck = (c - ZERO_CONTENT) * this.trees + tree;
      const k = this.tree.search(ck, this.nowJiffies, prune, maxSharing);
      if (k >= 0) {
        this.mergeInto(i, this.flags[i], k, p, r);
        continue;
      }
      const t = pending.get(ck);
      if (t === undefined) {
        pending.set(ck, i);
        continue;
      }
      pending.delete(ck);
      const n = this.tree.insert(ck, this.nowJiffies, prune, maxSharing);
      this.tree.map(n, 2);
      this.ksmPages++;
      this.privatePages -= 2;
      for (const j of [t, i]) {
        this.flags[j] |= STABLE | KSM_MAPPED;
        this.node[j] = n;
        this.tree.append(n);
        this.procOf(j).merging++;
      }
    }
  }

  /** A write by the process to page i: COW breaks now, counters only when ksmd looks again. */
  write(i: number, newContent: number | null, p: SimProcess): void {
    const f = this.flags[i];
    if ((f & PRESENT) === 0) return;
    let nf = f;
    if (f & SHARED_ZERO) {
      nf &= ~SHARED_ZERO; // a fresh page replaces the shared zero page
      this.privatePages++;
      p.sharedZeroPages--;
    } else if (f & ZERO_MAPPED) {
      // A fresh zeroed page replaces the zero page: ksm_zero_pages drops at once.
      nf &= ~ZERO_MAPPED;
      this.privatePages++;
      this.counters.zeroPages--;
      p.zeroPages--;
    } else if (f & KSM_MAPPED) {
      nf &= ~KSM_MAPPED;
      this.privatePages++;
      if (this.tree.unmap(this.node[i])) this.ksmPages--;
    }
    if (newContent !== null) {
      if (f & UNSTABLE && this.node[i] === this.gen) this.unstable.rewriting(i);
      this.content[i] = newContent;
      nf |= DIRTY;
    }
    this.flags[i] = nf;
  }

  /** run=2: break every KSM and zero mapping, free every item and node, reset full_scans. */
  unmergeAll(): void {
    const { flags, node } = this;
    for (const p of [...this.slots]) {
      for (let i = p.start; i < p.end; i++) {
        const f = flags[i];
        if (f & KSM_MAPPED) {
          if (this.tree.unmap(node[i])) this.ksmPages--;
          this.privatePages++;
          flags[i] = f & ~KSM_MAPPED;
        } else if (f & ZERO_MAPPED) {
          this.privatePages++;
          this.counters.zeroPages--;
          p.zeroPages--;
          flags[i] = f & ~ZERO_MAPPED;
        }
      }
      this.freeItems(p);
      if (p.exited) {
        this.slots.splice(this.slots.indexOf(p), 1);
        p.registered = false;
      }
    }
    this.tree.removeAllStale();
    this.resetTrees();
    this.cursor = -1;
    this.counters.fullScans = 0;
  }

  /** merge_across_nodes changed (only allowed with no KSM pages): new tree layout. */
  setMergeAcrossNodes(): void {
    // Items still pointing at removed nodes drop them now, so node ids can start again.
    for (let i = 0; i < this.flags.length; i++) {
      const f = this.flags[i];
      if (f & STABLE) {
        this.flags[i] = f & ~STABLE;
        this.procOf(i).merging--;
      }
    }
    this.trees = this.treeCount();
    this.resetTrees();
  }

  private resetTrees(): void {
    this.tree.reset(this.sharedContents * this.trees);
    this.unstable.clear(this.trees);
    this.gen++;
  }
}

/** First index whose value is > x in an ascending array. */
function upperBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
