/** The unstable tree: red-black shape, memcmp-like order, and searches that give up on stale nodes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLOCKED, INSERTED, UnstableTree } from '../../../engine/sim/unstableTree';
import { DEFAULT_ORDER } from '../../../engine/sim/contentOrder';
import { LazyUnstableTree } from '../../../engine/sim/lazyUnstableTree';
import * as PF from '../../../engine/sim/pageFlags';

/** A small seeded generator for the tree tests (floats in [0, 1)). */
function splitmix(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

function tree(pages: number) {
  const content = new Uint32Array(pages);
  const flags = new Uint8Array(pages).fill(PF.PRESENT | PF.HAS_ITEM);
  return { content, flags, t: new UnstableTree(content.length, 1, content, flags) };
}

test('random inserts and erases keep the red-black invariants and the order', () => {
  const n = 3000;
  const { content, t } = tree(n);
  const rnd = splitmix(42);
  const inTree = new Set<number>();
  for (let i = 0; i < n; i++) {
    content[i] = 2 + i;
    assert.equal(t.searchInsert(i, content[i], 0), INSERTED);
    inTree.add(i);
    if (rnd() < 0.3) {
      const victims = [...inTree];
      const v = victims[Math.floor(rnd() * victims.length)];
      t.erase(v, 0);
      inTree.delete(v);
    }
    if (i % 500 === 0) t.inOrder(0);
  }
  const order = t.inOrder(0);
  assert.equal(order.length, inTree.size);
  const keys = order.map((v) => DEFAULT_ORDER.key(content[v]));
  for (let k = 1; k < keys.length; k++) assert.ok(keys[k - 1] <= keys[k], 'in order');
});

test('an equal content is found, not inserted', () => {
  const { content, t } = tree(3);
  content[0] = 7;
  content[1] = 9;
  content[2] = 7;
  t.searchInsert(0, 7, 0);
  t.searchInsert(1, 9, 0);
  assert.equal(t.searchInsert(2, 7, 0), 0);
  assert.equal(t.inOrder(0).length, 2);
});

test('a stale root blocks every search and the tree stays frozen (s27 pass 2)', () => {
  const { content, flags, t } = tree(10);
  content[0] = PF.ZERO_CONTENT;
  content[1] = 5;
  t.searchInsert(0, content[0], 0);
  t.searchInsert(1, content[1], 0);
  assert.equal(t.root(0), 0);
  flags[0] |= PF.SHARED_ZERO; // a THP split remapped the root's page to the zero page
  for (let i = 2; i < 10; i++) {
    content[i] = 100 + i;
    assert.equal(t.searchInsert(i, content[i], 0), BLOCKED);
  }
  assert.equal(t.inOrder(0).length, 2);
});

test('a stale node deep in the tree blocks only the searches that pass it', () => {
  const { content, flags, t } = tree(200);
  for (let i = 0; i < 100; i++) {
    content[i] = 10 + i;
    t.searchInsert(i, content[i], 0);
  }
  const order = t.inOrder(0);
  const leaf = order.find((v) => v !== t.root(0))!;
  flags[leaf] &= ~PF.PRESENT; // unmapped
  let blocked = 0;
  let inserted = 0;
  for (let i = 100; i < 200; i++) {
    content[i] = 1000 + i;
    const r = t.searchInsert(i, content[i], 0);
    if (r === BLOCKED) blocked++;
    else if (r === INSERTED) inserted++;
  }
  assert.ok(blocked > 0 && inserted > blocked, `blocked ${blocked}, inserted ${inserted}`);
});

test('a node whose content changed misroutes searches for its old neighbours', () => {
  const { content, t } = tree(64);
  for (let i = 0; i < 32; i++) {
    content[i] = 10 + i;
    t.searchInsert(i, content[i], 0);
  }
  // The root's page now holds what another node holds: a search for that content goes wherever
  // the root's new content sends it, so it finds the root instead of the node below.
  const root = t.root(0);
  const other = t.inOrder(0).find((v) => v !== root)!;
  content[root] = content[other];
  content[40] = content[other];
  assert.equal(t.searchInsert(40, content[40], 0), root);
});

/** The lazily shaped tree against the full red-black tree, on random histories with stale nodes. */
test('lazy shape: the same searches give up as in the full tree', () => {
  const n = 4000;
  const content = new Uint32Array(n);
  const flags = new Uint8Array(n).fill(PF.PRESENT | PF.HAS_ITEM);
  const full = new UnstableTree(content.length, 1, content, flags);
  const lazy = new LazyUnstableTree(n, 1, 64, content, flags, () => 0);
  lazy.clear(1);
  const rnd = splitmix(7);
  const live: number[] = [];
  let blocked = 0;
  for (let i = 0; i < n; i++) {
    // Shared contents 2..65 (zero is 1) or unique ones.
    content[i] = rnd() < 0.3 ? 1 + Math.floor(rnd() * 64) : PF.UNIQUE_BASE + i;
    const a = full.searchInsert(i, content[i], 0);
    const b = lazy.searchInsert(i, content[i], 0);
    assert.equal(b, a, `search ${i}`);
    if (a === BLOCKED) blocked++;
    if (a === INSERTED) live.push(i);
    else if (a >= 0 && rnd() < 0.5) {
      // A merge: the partner leaves the tree.
      full.erase(a, 0);
      lazy.erase(a, 0);
      live.splice(live.indexOf(a), 1);
    }
    if (rnd() < 0.002 && live.length > 0) {
      const v = live[Math.floor(rnd() * live.length)];
      flags[v] |= PF.SHARED_ZERO;
      lazy.wentStale(v);
    }
  }
  assert.ok(blocked > 20, `some searches gave up: ${blocked}`);
});

test('a tree told that no node can go stale logs nothing and refuses a stale node', () => {
  const n = 64;
  const content = new Uint32Array(n).map((_, i) => (i % 2 ? 2 + (i % 5) : PF.UNIQUE_BASE + i));
  const flags = new Uint8Array(n).fill(PF.PRESENT | PF.HAS_ITEM);
  const lazy = new LazyUnstableTree(n, 1, 8, content, flags, () => 0, DEFAULT_ORDER, false);
  lazy.clear(1);
  // Searches still find twins through the hash.
  const first = lazy.searchInsert(1, content[1], 0);
  assert.equal(first, INSERTED);
  assert.equal(lazy.searchInsert(11, content[11], 0), 1);
  assert.throws(() => lazy.wentStale(1), /went stale in a run that said none could/);
});
