/**
 * The dictionary QEMU builds from every `-machine`/`-M` option (and the sugar options that write into
 * it), with where each key and value was written. Mirrors keyval_parse_put: a key cannot be both a
 * value and a nested object.
 */
import type { TextRange } from '../language/types';
import { rangeOf, rangeOfIndexed, type QemuArg } from './args';
import type { KeyvalPair } from './keyval';

export interface Leaf {
  kind: 'leaf';
  value: string;
  /** The full dotted key as written, e.g. `smp.cpus`. */
  fullKey: string;
  keyRange: TextRange;
  valueRange: TextRange;
  /** The element `key=value` as a whole. */
  range: TextRange;
  pair?: KeyvalPair;
  arg?: QemuArg;
  /** Set by a sugar option such as -enable-kvm or -usb rather than written as a key. */
  sugar?: string;
  order: number;
  /** The earlier leaf with the same key that this one replaced (the last one wins). */
  previous?: Leaf;
}

export interface Dict {
  kind: 'dict';
  children: Map<string, MachineNode>;
  /** Where the key prefix was first written. */
  keyRange: TextRange;
  fullKey: string;
}

export type MachineNode = Leaf | Dict;

export function newDict(fullKey = '', keyRange: TextRange = { start: 0, end: 0 }): Dict {
  return { kind: 'dict', children: new Map(), keyRange, fullKey };
}

export interface PutConflict {
  message: string;
  range: TextRange;
}

/** Adds one parsed pair; returns QEMU's error when the key is used both as a value and as an object. */
export function putPair(root: Dict, pair: KeyvalPair, arg: QemuArg, order: number): PutConflict | undefined {
  let cur = root;
  const frags = pair.fragments;
  let joined = '';
  for (let i = 0; i < frags.length; i++) {
    const frag = frags[i];
    const prefixSpan = { start: pair.keySpan.start, end: frag.end };
    joined = i === 0 ? frag.name : `${joined}.${frag.name}`;
    const prefix = pair.implied ? pair.key : joined;
    const existing = cur.children.get(frag.name);
    const last = i === frags.length - 1;
    if (!last) {
      if (existing && existing.kind === 'leaf') return { message: `Parameters '${prefix}.*' used inconsistently`, range: rangeOf(arg, pair.keySpan) };
      if (!existing) {
        const d = newDict(prefix, rangeOf(arg, prefixSpan));
        cur.children.set(frag.name, d);
        cur = d;
      } else cur = existing;
      continue;
    }
    if (existing && existing.kind === 'dict') return { message: `Parameters '${prefix}.*' used inconsistently`, range: rangeOf(arg, pair.keySpan) };
    const leaf: Leaf = {
      kind: 'leaf',
      value: pair.value,
      fullKey: prefix,
      keyRange: pair.implied ? rangeOf(arg, pair.valueSpan) : rangeOf(arg, pair.keySpan),
      valueRange: pair.implied ? rangeOf(arg, pair.valueSpan) : rangeOfIndexed(arg, pair.valueIndex, { start: pair.valueSpan.start, end: pair.valueSpan.start }),
      range: rangeOf(arg, pair.span),
      pair,
      arg,
      order,
      previous: existing,
    };
    cur.children.set(frag.name, leaf);
  }
  return undefined;
}

/** A key set by an option such as `-enable-kvm` (accel=kvm) or `-kernel FILE` (kernel=FILE). */
export function putSugar(root: Dict, key: string, value: string, range: TextRange, valueRange: TextRange, sugar: string, order: number): void {
  const existing = root.children.get(key);
  root.children.set(key, {
    kind: 'leaf',
    value,
    fullKey: key,
    keyRange: range,
    valueRange,
    range,
    sugar,
    order,
    previous: existing?.kind === 'leaf' ? existing : undefined,
  });
}

export function leafAt(root: Dict, key: string): Leaf | undefined {
  const n = root.children.get(key);
  return n?.kind === 'leaf' ? n : undefined;
}
