/**
 * The stable tree(s): KSM pages keyed by content. The kernel orders nodes by memcmp; the counters
 * do not depend on that order, so a node is found by its content key directly (content index ×
 * number of trees + tree). Plain nodes, chains and dups follow the kernel's rules for
 * max_page_sharing: candidate / candidate2, pruning of stale dups at most every
 * stable_node_chains_prune_millisecs, collapse of a one-dup chain, freeing an empty chain.
 * Stale nodes (their KSM page freed) are removed lazily, when a lookup or a detach touches them.
 */
import type { KsmCounters } from './counters';

const CHAIN = 1;
const DUP = 2;
const REMOVED = 4;
/** resolveChain: the chain was freed, look the key up again. */
const RESTART = -2;

export class StableTree {
  /** Per content key: the tree node (plain node or chain), or -1. */
  roots: Int32Array;
  private flags = new Uint8Array(1024);
  /** rmap_hlist_len: items accounted to the node. */
  len = new Int32Array(1024);
  /** PTEs that map the node's KSM page; 0 means the page was freed and the node is stale. Change it through map/unmap. */
  mapCount = new Int32Array(1024);
  private key = new Int32Array(1024);
  /** Chains: first dup. Dups: next dup in the chain. */
  private link = new Int32Array(1024);
  private chainOf = new Int32Array(1024);
  private pruneJiffies = new Float64Array(1024);
  /** Chains: how many of their dups are sharing candidates, and how many are stale but not yet removed. */
  private chainCandidates = new Int32Array(1024);
  private chainStale = new Int32Array(1024);
  private used = 0;
  /** max_page_sharing in force (it can only change while no KSM pages exist). */
  maxSharing = Infinity;
  /** Dups the kernel's chain walks have touched so far (each costs ksmd CPU: a page lookup). */
  dupVisits = 0;
  private chainSize = new Int32Array(1024);
  /** Nodes and chains not yet removed (for slab memory accounting). */
  liveNodes = 0;

  constructor(
    keys: number,
    private readonly counters: KsmCounters,
  ) {
    this.roots = new Int32Array(keys).fill(-1);
    // Room for one node per key from the start: no copies while the first pass fills the tree
    // (pages of node slots never used cost no memory).
    this.grow(keys + 1024);
  }

  /** Drops every node (run=2 cleanup, merge_across_nodes change) and re-sizes the key space. */
  reset(keys: number): void {
    this.roots = new Int32Array(keys).fill(-1);
    this.used = 0;
    this.liveNodes = 0;
  }

  /** A dup's contribution to its chain's counts: 1 candidate, 2 stale, 0 neither. */
  private status(d: number): number {
    if (this.mapCount[d] === 0) return 2;
    const l = this.len[d];
    return l > 0 && l < this.maxSharing ? 1 : 0;
  }

  private count(d: number, status: number, delta: number): void {
    const c = this.chainOf[d];
    if (status === 1) this.chainCandidates[c] += delta;
    else if (status === 2) this.chainStale[c] += delta;
  }

  /** Re-counts dup d after a change of its length or mappings. */
  private recount(d: number, before: number): void {
    if ((this.flags[d] & (DUP | REMOVED)) !== DUP) return;
    const after = this.status(d);
    if (after === before) return;
    this.count(d, before, -1);
    this.count(d, after, 1);
  }

  /** One more PTE maps node n's KSM page. */
  map(n: number, count = 1): void {
    if ((this.flags[n] & DUP) === 0) {
      this.mapCount[n] += count;
      return;
    }
    const before = this.status(n);
    this.mapCount[n] += count;
    this.recount(n, before);
  }

  /** A PTE of node n's KSM page went away; returns true when that freed the page. */
  unmap(n: number): boolean {
    if ((this.flags[n] & DUP) === 0) return --this.mapCount[n] === 0;
    const before = this.status(n);
    const freed = --this.mapCount[n] === 0;
    this.recount(n, before);
    return freed;
  }

  isRemoved(n: number): boolean {
    return (this.flags[n] & REMOVED) !== 0;
  }

  /** A stable lookup: a dup that can take one more mapping, or -1 (no such content, or all full). */
  search(ck: number, nowJiffies: number, pruneJiffies: number, maxSharing: number): number {
    for (;;) {
      const t = this.roots[ck];
      if (t < 0) return -1;
      if ((this.flags[t] & CHAIN) === 0) {
        if (this.mapCount[t] === 0) {
          this.removeNode(t);
          continue;
        }
        const l = this.len[t];
        return l > 0 && l < maxSharing ? t : -1;
      }
      const best = this.resolveChain(t, true, nowJiffies, pruneJiffies, maxSharing);
      if (best === RESTART) continue;
      return best;
    }
  }

  /** stable_tree_insert for a fresh KSM page: a new plain node, or a new dup of the content's chain. */
  insert(ck: number, nowJiffies: number, pruneJiffies: number, maxSharing: number): number {
    let existing: number;
    for (;;) {
      existing = this.roots[ck];
      if (existing < 0) break;
      if ((this.flags[existing] & CHAIN) === 0) {
        if (this.mapCount[existing] === 0) {
          this.removeNode(existing);
          continue;
        }
        break;
      }
      if (this.resolveChain(existing, false, nowJiffies, pruneJiffies, maxSharing) === RESTART) continue;
      existing = this.roots[ck];
      break;
    }
    const n = this.alloc(ck);
    if (existing < 0) {
      this.roots[ck] = n;
      return n;
    }
    let chain = existing;
    if ((this.flags[existing] & CHAIN) === 0) {
      chain = this.alloc(ck);
      this.flags[chain] = CHAIN;
      this.pruneJiffies[chain] = nowJiffies;
      this.link[chain] = -1;
      this.roots[ck] = chain;
      this.counters.chains++;
      this.addDup(chain, existing);
    }
    this.addDup(chain, n);
    return n;
  }

  /** stable_tree_append's accounting: one more item on node n. */
  append(n: number): void {
    const before = this.flags[n] & DUP ? this.status(n) : 0;
    this.countItem(n);
    this.recount(n, before);
  }

  private countItem(n: number): void {
    if (this.len[n]++ > 0) this.counters.pagesSharing++;
    else this.counters.pagesShared++;
  }

  /**
   * map(n) then append(n): a page merged into node n's KSM page. In one step for a plain node
   * (millions of pages join one in a first merging pass); a dup's chain counts go through both.
   */
  mapAndAppend(n: number): void {
    if ((this.flags[n] & DUP) === 0) {
      this.mapCount[n]++;
      this.countItem(n);
      return;
    }
    this.map(n);
    this.append(n);
  }

  /**
   * An item leaves node n. A stale node is removed whole (its items' accounting with it); returns
   * false when the node was already gone, so the caller knows nothing was counted for this item.
   */
  detach(n: number): void {
    if (this.flags[n] & REMOVED) return;
    if (this.mapCount[n] === 0) {
      this.removeNode(n);
      return;
    }
    const before = this.flags[n] & DUP ? this.status(n) : 0;
    if (--this.len[n] > 0) this.counters.pagesSharing--;
    else this.counters.pagesShared--;
    this.recount(n, before);
  }

  /** Removes every node that no page maps any more (after run=2 broke every mapping). */
  removeAllStale(): void {
    for (let n = 0; n < this.used; n++) {
      if ((this.flags[n] & (REMOVED | CHAIN)) === 0 && this.mapCount[n] === 0) this.removeNode(n);
    }
    for (let n = 0; n < this.used; n++) {
      if ((this.flags[n] & (REMOVED | CHAIN)) === CHAIN && this.link[n] < 0) this.freeChain(n);
    }
  }

  private resolveChain(chain: number, prune: boolean, nowJiffies: number, pruneJiffies: number, maxSharing: number): number {
    if (prune && nowJiffies >= this.pruneJiffies[chain] + pruneJiffies) this.pruneJiffies[chain] = nowJiffies;
    else prune = false;
    // Without pruning the walk stops at the first candidate; with none and nothing stale it would
    // walk every dup to find nothing and change nothing (a long chain of full dups): skip it.
    if (!prune && this.chainCandidates[chain] === 0 && this.chainStale[chain] === 0) {
      this.dupVisits += this.chainSize[chain];
      return this.link[chain] < 0 ? this.restartAfterFree(chain) : -1;
    }
    let best = -1;
    let bestLen = 0;
    for (let d = this.link[chain]; d >= 0; ) {
      const next = this.link[d];
      this.dupVisits++;
      if (this.mapCount[d] === 0) {
        this.removeNode(d);
      } else {
        const l = this.len[d];
        if (l > 0 && l < maxSharing && (best < 0 || l > bestLen)) {
          best = d;
          bestLen = l;
          if (!prune) break;
        }
      }
      d = next;
    }
    if (best >= 0) {
      if (this.link[chain] === best && this.link[best] < 0) {
        // One dup left: it replaces the chain in the tree.
        this.count(best, this.status(best), -1);
        this.roots[this.key[chain]] = best;
        this.flags[best] &= ~DUP;
        this.flags[chain] |= REMOVED;
        this.liveNodes--;
        this.counters.chains--;
        this.counters.dups--;
      } else if (this.link[chain] !== best && bestLen + 1 < maxSharing) {
        this.unlinkDup(chain, best);
        this.chainSize[chain]++;
        this.link[best] = this.link[chain];
        this.link[chain] = best;
      }
      return best;
    }
    if (this.link[chain] < 0) {
      this.freeChain(chain);
      return RESTART;
    }
    return -1;
  }

  private restartAfterFree(chain: number): number {
    this.freeChain(chain);
    return RESTART;
  }

  private freeChain(chain: number): void {
    if (this.roots[this.key[chain]] === chain) this.roots[this.key[chain]] = -1;
    this.flags[chain] |= REMOVED;
    this.liveNodes--;
    this.counters.chains--;
  }

  private addDup(chain: number, dup: number): void {
    this.flags[dup] |= DUP;
    this.chainOf[dup] = chain;
    this.chainSize[chain]++;
    this.count(dup, this.status(dup), 1);
    this.link[dup] = this.link[chain];
    this.link[chain] = dup;
    this.counters.dups++;
  }

  private unlinkDup(chain: number, dup: number): void {
    this.chainSize[chain]--;
    if (this.link[chain] === dup) {
      this.link[chain] = this.link[dup];
      return;
    }
    for (let d = this.link[chain]; d >= 0; d = this.link[d]) {
      if (this.link[d] === dup) {
        this.link[d] = this.link[dup];
        return;
      }
    }
  }

  /** remove_node_from_stable_tree: all of the node's items leave the accounting at once. */
  private removeNode(n: number): void {
    const f = this.flags[n];
    if (f & REMOVED) return;
    const l = this.len[n];
    if (l > 0) {
      this.counters.pagesShared--;
      this.counters.pagesSharing -= l - 1;
    }
    if (f & DUP) this.count(n, this.status(n), -1);
    this.len[n] = 0;
    this.flags[n] = f | REMOVED;
    this.liveNodes--;
    if (f & DUP) {
      this.unlinkDup(this.chainOf[n], n);
      this.counters.dups--;
    } else if (this.roots[this.key[n]] === n) {
      this.roots[this.key[n]] = -1;
    }
  }

  private alloc(ck: number): number {
    if (this.used === this.flags.length) this.grow();
    const n = this.used++;
    this.flags[n] = 0;
    this.len[n] = 0;
    this.mapCount[n] = 0;
    this.key[n] = ck;
    this.link[n] = -1;
    this.chainOf[n] = -1;
    this.chainCandidates[n] = 0;
    this.chainStale[n] = 0;
    this.chainSize[n] = 0;
    this.liveNodes++;
    return n;
  }

  private grow(size = this.flags.length * 2): void {
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.flags = grow(this.flags, (n) => new Uint8Array(n));
    this.len = grow(this.len, (n) => new Int32Array(n));
    this.mapCount = grow(this.mapCount, (n) => new Int32Array(n));
    this.key = grow(this.key, (n) => new Int32Array(n));
    this.link = grow(this.link, (n) => new Int32Array(n));
    this.chainOf = grow(this.chainOf, (n) => new Int32Array(n));
    this.pruneJiffies = grow(this.pruneJiffies, (n) => new Float64Array(n));
    this.chainCandidates = grow(this.chainCandidates, (n) => new Int32Array(n));
    this.chainStale = grow(this.chainStale, (n) => new Int32Array(n));
    this.chainSize = grow(this.chainSize, (n) => new Int32Array(n));
  }
}
