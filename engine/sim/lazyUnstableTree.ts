/**
 * The unstable tree of a pass, with its shape built only when it matters.
 *
 * A search through a consistent search tree finds the node holding its content if there is one, so
 * while no node is stale the tree behaves as a hash by content. What the shape decides is which
 * searches a stale node blocks: exactly those whose key lies in the node's interval (between its
 * nearest ancestors on either side). That interval cannot change while the node is stale: insert
 * rotations only involve nodes on the inserted node's path, and no search gets past a stale node.
 * So the hash answers searches, a log keeps inserts and erases in order, and when a node goes stale
 * (its page unmapped, its process exited, a THP split remapped it to the zero page) the red-black
 * tree (`unstableTree.ts`) is brought up to date from the log, the node's interval is taken from
 * it, and from then on searches inside that interval give up without inserting. Costs: O(1) per
 * search, O(log n) per logged operation only in passes where something went stale.
 *
 * Approximations: rotations done by erases are not re-applied to intervals already taken; a node
 * whose page was rewritten stops matching its old content but does not misroute other searches;
 * the tree orders nodes by the content they were inserted with.
 */
import * as UT from './unstableTree';
import { UnstableTree } from './unstableTree';
import * as PF from './pageFlags';
import { DEFAULT_ORDER, type ContentOrder } from './contentOrder';

// Local copies: imported bindings can compile to getter calls, too slow for the per-page loop.
const BLOCKED = UT.BLOCKED + 0;
const INSERTED = UT.INSERTED + 0;

const UNIQUE_BASE = PF.UNIQUE_BASE + 0;
const ZERO_CONTENT = PF.ZERO_CONTENT + 0;
const PRESENT = PF.PRESENT + 0;
const NOT_NORMAL = PF.ZERO_MAPPED | PF.SHARED_ZERO;

export class LazyUnstableTree {
  private readonly shape: UnstableTree;
  /** The node holding each shared content (index content × trees + tree), or -1. */
  private hash: Int32Array;
  /** Inserts (i) and erases (-1 - i) not yet applied to `shape`, in order. */
  private log = new Int32Array(1024);
  private logLength = 0;
  /** Nodes of this pass whose page was rewritten: the content they were inserted with. */
  private readonly insertedWith = new Map<number, number>();
  /** Stale nodes of this pass and the key intervals they block, per tree. */
  private readonly stale = new Map<number, { tree: number; lo: number; hi: number }>();
  /** Maximal (disjoint) blocked intervals per tree, sorted; rebuilt when `stale` changes. */
  private blockedLo: number[][] = [];
  private blockedHi: number[][] = [];
  private blockedDirty = false;
  /** Some node of this pass is stale (a field: cheaper than Map.size in the per-page path). */
  private anyStale = false;
  private trees = 1;
  private readonly keyOf = (v: number): number => this.insertedWith.get(v) ?? this.content[v];

  constructor(
    pages: number,
    maxTrees: number,
    private readonly sharedContents: number,
    private readonly content: Uint32Array,
    private readonly flags: Uint8Array,
    /** The tree (NUMA node) an item of page i belongs to. */
    private readonly treeOf: (i: number) => number,
    private readonly order: ContentOrder = DEFAULT_ORDER,
    /**
     * Whether a node can ever go stale in this run (a process exits, or a THP split remaps zero
     * subpages). When none can, the shape is never needed and nothing is logged.
     */
    readonly canGoStale = true,
  ) {
    this.shape = new UnstableTree(pages, maxTrees, content, flags, order);
    this.hash = new Int32Array(sharedContents * maxTrees).fill(-1);
  }

  /** A new pass, or a new tree layout: empty trees. */
  clear(trees: number): void {
    this.trees = trees;
    if (this.hash.length < this.sharedContents * trees) this.hash = new Int32Array(this.sharedContents * trees);
    this.hash.fill(-1);
    this.logLength = 0;
    this.insertedWith.clear();
    this.shape.clear(trees);
    this.stale.clear();
    this.anyStale = false;
    this.blockedDirty = true;
  }

  /** unstable_tree_search_insert: the node holding c, BLOCKED, or INSERTED (see UnstableTree). */
  searchInsert(i: number, c: number, t: number): number {
    if (this.anyStale && this.blocked(this.order.key(c), t)) return BLOCKED;
    let k = -1;
    if (c < UNIQUE_BASE) {
      k = (c - ZERO_CONTENT) * this.trees + t;
      const v = this.hash[k];
      if (v >= 0 && this.content[v] === c) {
        const fv = this.flags[v];
        return (fv & PRESENT) === 0 || (fv & NOT_NORMAL) !== 0 ? BLOCKED : v;
      }
      this.hash[k] = i;
    }
    if (this.canGoStale) this.append(i);
    return INSERTED;
  }

  /** rb_erase of a node inserted this pass. */
  erase(i: number, t: number): void {
    // The node is found under its current content unless its page was rewritten: only then is the
    // content it was inserted with looked up (this runs for every merged pair).
    if (!this.unhash(this.content[i], i, t) && this.insertedWith.size > 0) {
      const before = this.insertedWith.get(i);
      if (before !== undefined) this.unhash(before, i, t);
    }
    if (this.canGoStale) this.append(-1 - i);
    if (this.anyStale && this.stale.delete(i)) {
      this.blockedDirty = true; // gone from the tree: it blocks nothing any more
      this.anyStale = this.stale.size > 0;
    }
  }

  /** Drops node i from the hash slot of content c, if it is there. */
  private unhash(c: number, i: number, t: number): boolean {
    if (c >= UNIQUE_BASE) return false;
    const k = (c - ZERO_CONTENT) * this.trees + t;
    if (this.hash[k] !== i) return false;
    this.hash[k] = -1;
    return true;
  }

  /** Node i of this pass is about to be rewritten (call before the content changes). */
  rewriting(i: number): void {
    if (!this.insertedWith.has(i)) this.insertedWith.set(i, this.content[i]);
  }

  /** Node v of this pass no longer maps a mergeable page: searches through it give up from now on. */
  wentStale(v: number): void {
    if (!this.canGoStale) throw new Error('an unstable node went stale in a run that said none could');
    if (this.stale.has(v)) return;
    const { shape, keyOf } = this;
    for (let n = 0; n < this.logLength; n++) {
      const e = this.log[n];
      if (e >= 0) shape.replayInsert(e, keyOf(e), this.treeOf(e), keyOf);
      else shape.erase(-1 - e, this.treeOf(-1 - e));
    }
    this.logLength = 0;
    const [lo, hi] = shape.interval(v, keyOf);
    this.stale.set(v, { tree: this.treeOf(v), lo, hi });
    this.anyStale = true;
    this.blockedDirty = true;
  }

  /** Test hook: the tree's shape as of the last stale node. */
  get tree(): UnstableTree {
    return this.shape;
  }

  private blocked(key: number, t: number): boolean {
    if (this.blockedDirty) this.rebuildBlocked();
    const lo = this.blockedLo[t];
    const hi = this.blockedHi[t];
    // The last interval starting below key is the only one that can hold it (they are disjoint).
    let a = 0;
    let b = lo.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (lo[m] < key) a = m + 1;
      else b = m;
    }
    return a > 0 && key < hi[a - 1];
  }

  private rebuildBlocked(): void {
    this.blockedDirty = false;
    this.blockedLo = [];
    this.blockedHi = [];
    for (let t = 0; t < this.trees; t++) {
      // Subtree intervals are nested or disjoint: keep the outermost ones.
      const mine = [...this.stale.values()].filter((s) => s.tree === t).sort((x, y) => x.lo - y.lo || y.hi - x.hi);
      const lo: number[] = [];
      const hi: number[] = [];
      for (const s of mine) {
        if (hi.length > 0 && s.hi <= hi[hi.length - 1]) continue;
        lo.push(s.lo);
        hi.push(s.hi);
      }
      this.blockedLo.push(lo);
      this.blockedHi.push(hi);
    }
  }

  private append(e: number): void {
    if (this.logLength === this.log.length) {
      const grown = new Int32Array(this.log.length * 2);
      grown.set(this.log);
      this.log = grown;
    }
    this.log[this.logLength++] = e;
  }
}
