/**
 * The unstable tree of one pass (ksm-spec §2.5): a red-black tree of rmap items ordered by the
 * CURRENT content of their pages, as the kernel's memcmp order is. A search walks the path from the
 * root and gives up, without inserting, on a node whose page is no longer a mergeable anonymous
 * page (unmapped, exited, or remapped to the zero page by a THP split): that is how one stale node
 * near the root blocks a whole pass. A node whose page changed since insertion misroutes searches,
 * as in the kernel.
 *
 * memcmp order is stood for by a key per content id (contentOrder.ts), the all-zero page lowest. Nodes are slots in insertion order (page, links, the colour packed into
 * the parent link: 16 B per node, growing with the tree, reset every pass; plus a page → slot
 * index), so there are no per-node objects; the API speaks in page indexes.
 */
import * as PF from './pageFlags';
import { DEFAULT_ORDER, type ContentOrder } from './contentOrder';

const PRESENT = PF.PRESENT + 0;
const NOT_NORMAL = PF.ZERO_MAPPED | PF.SHARED_ZERO;
const ZERO_CONTENT = PF.ZERO_CONTENT + 0;

/** searchInsert: a stale node on the path; nothing was inserted. */
export const BLOCKED = -2;
/** searchInsert: no equal content on the path; the page was inserted. */
export const INSERTED = -1;

export class UnstableTree {
  /** Per slot: its page, its children and (parent + 1) * 2 + red. */
  private page = new Int32Array(16);
  private left = new Int32Array(16);
  private right = new Int32Array(16);
  private up = new Int32Array(16);
  private used = 0;
  /** Per page: its slot, valid while page[slot] points back (allocated at the first insert). */
  private slotOfPage: Int32Array | null = null;
  private roots: Int32Array;

  constructor(
    private readonly pages: number,
    trees: number,
    private readonly content: Uint32Array,
    private readonly flags: Uint8Array,
    private readonly order: ContentOrder = DEFAULT_ORDER,
  ) {
    this.roots = new Int32Array(Math.max(1, trees)).fill(-1);
  }

  /** A new pass (or a new tree layout): every tree starts empty. */
  clear(trees: number): void {
    if (trees > this.roots.length) this.roots = new Int32Array(trees);
    this.roots.fill(-1);
    this.used = 0;
  }

  private slotOf(i: number): number {
    const s = this.slotOfPage === null ? -1 : this.slotOfPage[i];
    return s >= 0 && s < this.used && this.page[s] === i ? s : -1;
  }

  private newSlot(i: number): number {
    if (this.used === this.page.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.page = grow(this.page);
      this.left = grow(this.left);
      this.right = grow(this.right);
      this.up = grow(this.up);
    }
    const n = this.used++;
    this.page[n] = i;
    if (this.slotOfPage === null) this.slotOfPage = new Int32Array(this.pages);
    this.slotOfPage[i] = n;
    return n;
  }

  /**
   * Re-inserts node i, inserted earlier this pass with content c, comparing with what the nodes on
   * the path held when they were inserted (keyOf): rebuilding the tree from its history.
   */
  replayInsert(i: number, c: number, t: number, keyOf: (page: number) => number): void {
    const { left, right, page } = this;
    const kc = this.order.key(c);
    let v = this.roots[t];
    let parent = -1;
    let goLeft = false;
    while (v >= 0) {
      const cv = keyOf(page[v]);
      const kv = this.order.key(cv);
      parent = v;
      goLeft = kc < kv || (kc === kv && c < cv);
      v = goLeft ? left[v] : right[v];
    }
    this.link(i, parent, goLeft, t);
  }

  private link(page: number, parent: number, goLeft: boolean, t: number): void {
    const i = this.newSlot(page);
    this.left[i] = -1;
    this.right[i] = -1;
    this.up[i] = ((parent + 1) << 1) | 1;
    if (parent < 0) this.roots[t] = i;
    else if (goLeft) this.left[parent] = i;
    else this.right[parent] = i;
    this.fixInsert(i, t);
  }

  /**
   * unstable_tree_search_insert for page i holding content c, in tree t: returns the node whose
   * page holds c now (the caller tries to merge; nothing is inserted), BLOCKED, or INSERTED.
   */
  searchInsert(i: number, c: number, t: number): number {
    const { left, right, content, flags, page } = this;
    const kc = this.order.key(c);
    let v = this.roots[t];
    let parent = -1;
    let goLeft = false;
    while (v >= 0) {
      const pv = page[v];
      const fv = flags[pv];
      if ((fv & PRESENT) === 0 || (fv & NOT_NORMAL) !== 0) return BLOCKED;
      const cv = content[pv];
      if (cv === c) return pv;
      const kv = this.order.key(cv);
      parent = v;
      goLeft = kc < kv || (kc === kv && c < cv);
      v = goLeft ? left[v] : right[v];
    }
    this.link(i, parent, goLeft, t);
    return INSERTED;
  }

  /** rb_erase of page iz's node (an item inserted this pass leaves the tree). */
  erase(iz: number, t: number): void {
    const z = this.slotOf(iz);
    if (z < 0) return;
    this.page[z] = -1; // the slot is dead: slotOf(iz) no longer finds it
    const { left, right } = this;
    let x: number;
    let xp: number;
    let removedRed: boolean;
    if (left[z] < 0 || right[z] < 0) {
      x = left[z] < 0 ? right[z] : left[z];
      xp = this.parent(z);
      removedRed = this.red(z);
      this.transplant(z, x, t);
    } else {
      let y = right[z];
      while (left[y] >= 0) y = left[y];
      removedRed = this.red(y);
      x = right[y];
      if (this.parent(y) === z) {
        xp = y;
      } else {
        xp = this.parent(y);
        this.transplant(y, x, t);
        right[y] = right[z];
        this.setParent(right[y], y);
      }
      this.transplant(z, y, t);
      left[y] = left[z];
      this.setParent(left[y], y);
      this.setRed(y, this.red(z));
    }
    if (!removedRed) this.fixErase(x, xp, t);
  }

  private parent(v: number): number {
    return (this.up[v] >> 1) - 1;
  }

  private red(v: number): boolean {
    return v >= 0 && (this.up[v] & 1) === 1;
  }

  private setRed(v: number, red: boolean): void {
    this.up[v] = (this.up[v] & ~1) | (red ? 1 : 0);
  }

  private setParent(v: number, p: number): void {
    this.up[v] = ((p + 1) << 1) | (this.up[v] & 1);
  }

  private replaceChild(p: number, old: number, v: number, t: number): void {
    if (p < 0) this.roots[t] = v;
    else if (this.left[p] === old) this.left[p] = v;
    else this.right[p] = v;
  }

  private transplant(u: number, v: number, t: number): void {
    const p = this.parent(u);
    this.replaceChild(p, u, v, t);
    if (v >= 0) this.setParent(v, p);
  }

  private rotateLeft(x: number, t: number): void {
    const { left, right } = this;
    const y = right[x];
    right[x] = left[y];
    if (left[y] >= 0) this.setParent(left[y], x);
    const p = this.parent(x);
    this.setParent(y, p);
    this.replaceChild(p, x, y, t);
    left[y] = x;
    this.setParent(x, y);
  }

  private rotateRight(x: number, t: number): void {
    const { left, right } = this;
    const y = left[x];
    left[x] = right[y];
    if (right[y] >= 0) this.setParent(right[y], x);
    const p = this.parent(x);
    this.setParent(y, p);
    this.replaceChild(p, x, y, t);
    right[y] = x;
    this.setParent(x, y);
  }

  private fixInsert(z: number, t: number): void {
    const { left, right } = this;
    let p = this.parent(z);
    while (p >= 0 && this.red(p)) {
      const g = this.parent(p);
      if (p === left[g]) {
        const u = right[g];
        if (this.red(u)) {
          this.setRed(p, false);
          this.setRed(u, false);
          this.setRed(g, true);
          z = g;
        } else {
          if (z === right[p]) {
            z = p;
            this.rotateLeft(z, t);
            p = this.parent(z);
          }
          this.setRed(p, false);
          this.setRed(g, true);
          this.rotateRight(g, t);
        }
      } else {
        const u = left[g];
        if (this.red(u)) {
          this.setRed(p, false);
          this.setRed(u, false);
          this.setRed(g, true);
          z = g;
        } else {
          if (z === left[p]) {
            z = p;
            this.rotateRight(z, t);
            p = this.parent(z);
          }
          this.setRed(p, false);
          this.setRed(g, true);
          this.rotateLeft(g, t);
        }
      }
      p = this.parent(z);
    }
    this.setRed(this.roots[t], false);
  }

  private fixErase(x: number, xp: number, t: number): void {
    const { left, right } = this;
    while (x !== this.roots[t] && !this.red(x)) {
      if (x === left[xp]) {
        let w = right[xp];
        if (this.red(w)) {
          this.setRed(w, false);
          this.setRed(xp, true);
          this.rotateLeft(xp, t);
          w = right[xp];
        }
        if (!this.red(left[w]) && !this.red(right[w])) {
          this.setRed(w, true);
          x = xp;
          xp = this.parent(x);
        } else {
          if (!this.red(right[w])) {
            this.setRed(left[w], false);
            this.setRed(w, true);
            this.rotateRight(w, t);
            w = right[xp];
          }
          this.setRed(w, this.red(xp));
          this.setRed(xp, false);
          if (right[w] >= 0) this.setRed(right[w], false);
          this.rotateLeft(xp, t);
          x = this.roots[t];
        }
      } else {
        let w = left[xp];
        if (this.red(w)) {
          this.setRed(w, false);
          this.setRed(xp, true);
          this.rotateRight(xp, t);
          w = left[xp];
        }
        if (!this.red(left[w]) && !this.red(right[w])) {
          this.setRed(w, true);
          x = xp;
          xp = this.parent(x);
        } else {
          if (!this.red(left[w])) {
            this.setRed(right[w], false);
            this.setRed(w, true);
            this.rotateLeft(w, t);
            w = left[xp];
          }
          this.setRed(w, this.red(xp));
          this.setRed(xp, false);
          if (left[w] >= 0) this.setRed(left[w], false);
          this.rotateRight(xp, t);
          x = this.roots[t];
        }
      }
    }
    if (x >= 0) this.setRed(x, false);
  }

  /** Test hook: the tree's nodes in order, checking the red-black invariants (throws if broken). */
  inOrder(t: number): number[] {
    const out: number[] = [];
    const blackHeight = (v: number, parent: number): number => {
      if (v < 0) return 1;
      if (this.parent(v) !== parent) throw new Error(`bad parent link at ${v}`);
      if (this.red(v) && (this.red(this.left[v]) || this.red(this.right[v]))) throw new Error(`red-red at ${v}`);
      const l = blackHeight(this.left[v], v);
      out.push(this.page[v]);
      const r = blackHeight(this.right[v], v);
      if (l !== r) throw new Error(`black heights differ at ${v}`);
      return l + (this.red(v) ? 0 : 1);
    };
    if (this.red(this.roots[t])) throw new Error('red root');
    blackHeight(this.roots[t], -1);
    return out;
  }

  /**
   * The open key interval of the searches that pass node v: bounded by its nearest ancestors on
   * either side (keyOf gives the content a node is ordered by). A search for k reaches v iff lo < k < hi.
   */
  interval(iv: number, keyOf: (page: number) => number): [number, number] {
    let lo = -Infinity;
    let hi = Infinity;
    const v = this.slotOf(iv);
    if (v < 0) return [lo, hi];
    let child = v;
    let p = this.parent(v);
    while (p >= 0 && (lo === -Infinity || hi === Infinity)) {
      if (this.left[p] === child) {
        if (hi === Infinity) hi = this.order.key(keyOf(this.page[p]));
      } else if (lo === -Infinity) lo = this.order.key(keyOf(this.page[p]));
      child = p;
      p = this.parent(p);
    }
    return [lo, hi];
  }

  root(t: number): number {
    const r = this.roots[t];
    return r < 0 ? r : this.page[r];
  }
}
