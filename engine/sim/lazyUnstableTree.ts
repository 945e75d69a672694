/**
 * The unstable tree of a pass, built only when its shape can matter.
 *
 * While every node of the pass's tree still maps a mergeable page with the content it was inserted
 * with, a search finds exactly the node holding its content, if any (the tree is a consistent
 * search tree, so equal contents meet), and never gives up. So until the first node goes stale the
 * tree is a hash by content plus a log of inserts and erases: O(1) per page. When a node goes stale
 * (its page unmapped, its process exited, a THP split remapped it to the zero page), the red-black
 * tree is rebuilt from the log, comparing with the contents nodes were inserted with, and the rest
 * of the pass searches it (`unstableTree.ts`), where stale nodes block and changed nodes misroute.
 *
 * Approximation: before the rebuild, a node whose page was rewritten only stops matching its old
 * content (it does not misroute other searches); the rebuild places nodes by insert-time content.
 */
import { INSERTED, UnstableTree } from './unstableTree';
import * as PF from './pageFlags';

const UNIQUE_BASE = PF.UNIQUE_BASE + 0;
const ZERO_CONTENT = PF.ZERO_CONTENT + 0;

export class LazyUnstableTree {
  private readonly exactTree: UnstableTree;
  /** Lazy mode: the node holding each shared content (index content × trees + tree), or -1. */
  private hash: Int32Array;
  /** Lazy mode: inserts (i) and erases (-1 - i) of this pass, in order. */
  private log = new Int32Array(1024);
  private logLength = 0;
  /** Nodes of this pass whose page was rewritten: the content they were inserted with. */
  private readonly insertedWith = new Map<number, number>();
  private trees = 1;
  /** The red-black tree is live for the rest of this pass. */
  exact = false;

  constructor(
    pages: number,
    maxTrees: number,
    private readonly sharedContents: number,
    private readonly content: Uint32Array,
    flags: Uint8Array,
    /** The tree (NUMA node) an item of page i belongs to. */
    private readonly treeOf: (i: number) => number,
  ) {
    this.exactTree = new UnstableTree(pages, maxTrees, content, flags);
    this.hash = new Int32Array(sharedContents * maxTrees).fill(-1);
  }

  /** A new pass, or a new tree layout: empty trees. */
  clear(trees: number): void {
    this.trees = trees;
    if (this.hash.length < this.sharedContents * trees) this.hash = new Int32Array(this.sharedContents * trees);
    this.hash.fill(-1);
    this.logLength = 0;
    this.insertedWith.clear();
    this.exact = false;
  }

  /** unstable_tree_search_insert: the node holding c, BLOCKED, or INSERTED (see UnstableTree). */
  searchInsert(i: number, c: number, t: number): number {
    if (this.exact) return this.exactTree.searchInsert(i, c, t);
    if (c < UNIQUE_BASE) {
      const k = (c - ZERO_CONTENT) * this.trees + t;
      const v = this.hash[k];
      if (v >= 0 && this.content[v] === c) return v;
      this.hash[k] = i;
    }
    this.append(i);
    return INSERTED;
  }

  /** rb_erase of a node inserted this pass. */
  erase(i: number, t: number): void {
    if (this.exact) {
      this.exactTree.erase(i, t);
      return;
    }
    const c = this.insertedWith.get(i) ?? this.content[i];
    if (c < UNIQUE_BASE) {
      const k = (c - ZERO_CONTENT) * this.trees + t;
      if (this.hash[k] === i) this.hash[k] = -1;
    }
    this.append(-1 - i);
  }

  /** Node i of this pass is about to be rewritten (call before the content changes). */
  rewriting(i: number): void {
    if (!this.insertedWith.has(i)) this.insertedWith.set(i, this.content[i]);
  }

  /** Node i of this pass no longer maps a mergeable page: from now on, search the real tree. */
  wentStale(): void {
    if (this.exact) return;
    this.exact = true;
    const tree = this.exactTree;
    tree.clear(this.trees);
    const keyOf = (v: number): number => this.insertedWith.get(v) ?? this.content[v];
    for (let n = 0; n < this.logLength; n++) {
      const e = this.log[n];
      if (e >= 0) tree.replayInsert(e, keyOf(e), this.treeOf(e), keyOf);
      else tree.erase(-1 - e, this.treeOf(-1 - e));
    }
  }

  /** Test hook: the rebuilt tree. */
  get tree(): UnstableTree {
    return this.exactTree;
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
