/**
 * Salted 64-bit fingerprints of 4 KiB pages, in WebAssembly (no native addon: the .vsix runs on
 * any Linux). Two independent 64-bit lanes take alternate words (`lane = rotl((lane ^ w) * P, r)`,
 * each step a bijection of the lane for a fixed word), a murmur3 finaliser mixes them, and the
 * lanes start from a per-run random salt, so fingerprints mean nothing outside one run. An
 * all-zero page gets fingerprint 0; every other page has bit 8 set, so 0 stays free for it and a
 * caller may keep bits 0..7 for its own use.
 *
 * The module is assembled below from its opcodes: the source is the instruction list.
 */

export const HASH_PAGE_BYTES = 4096;
/** Pages hashed per call: the batch buffer is 1 MiB. */
export const HASH_BATCH_PAGES = 256;

const P1 = 0x9e3779b97f4a7c15n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const C1 = 0xff51afd7ed558ccdn;
const C2 = 0xc4ceb9fe1a85ec53n;

/** Signed LEB128 of a 64-bit pattern (i64.const takes a signed immediate). */
function sleb(v: bigint): number[] {
  let x = BigInt.asIntN(64, v);
  const out: number[] = [];
  for (;;) {
    const byte = Number(x & 0x7fn);
    x >>= 7n;
    if ((x === 0n && (byte & 0x40) === 0) || (x === -1n && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
}

// Opcodes used (WebAssembly core spec, section 5.4).
const BLOCK = 0x02, LOOP = 0x03, IF = 0x04, ELSE = 0x05, END = 0x0b, BR = 0x0c, BR_IF = 0x0d;
const LOCAL_GET = 0x20, LOCAL_SET = 0x21, LOCAL_TEE = 0x22;
const I64_LOAD = 0x29, I64_STORE = 0x37, I32_CONST = 0x41, I64_CONST = 0x42;
const I32_EQZ = 0x45, I32_LT_U = 0x49, I64_EQZ = 0x50;
const I32_ADD = 0x6a, I32_SUB = 0x6b, I64_MUL = 0x7e, I64_OR = 0x84, I64_XOR = 0x85, I64_SHR_U = 0x88, I64_ROTL = 0x89;
const VOID = 0x40, I32 = 0x7f, I64 = 0x7e;

// Locals: params ptr, n, out, salt1, salt2; then end (i32), a, b, or, w, h (i64).
const PTR = 0, N = 1, OUT = 2, S1 = 3, S2 = 4, PAGE_END = 5, A = 6, B = 7, OR = 8, W = 9, H = 10;

/** One lane step over the word at ptr+offset: lane = rotl((lane ^ w) * prime, rot); or |= w. */
function laneStep(offset: number, lane: number, prime: bigint, rot: number): number[] {
  return [
    LOCAL_GET, PTR, I64_LOAD, 3, offset, LOCAL_TEE, W,
    LOCAL_GET, lane, I64_XOR, I64_CONST, ...sleb(prime), I64_MUL, I64_CONST, rot, I64_ROTL, LOCAL_SET, lane,
    LOCAL_GET, OR, LOCAL_GET, W, I64_OR, LOCAL_SET, OR,
  ];
}

/** h ^= h >>> 33 (h on the stack and in local H). */
const XORSHIFT33 = [LOCAL_TEE, H, LOCAL_GET, H, I64_CONST, 33, I64_SHR_U, I64_XOR];

const BODY = [
  BLOCK, VOID,
  LOOP, VOID,
  LOCAL_GET, N, I32_EQZ, BR_IF, 1,
  LOCAL_GET, S1, LOCAL_SET, A,
  LOCAL_GET, S2, LOCAL_SET, B,
  I64_CONST, 0, LOCAL_SET, OR,
  LOCAL_GET, PTR, I32_CONST, ...sleb(BigInt(HASH_PAGE_BYTES)), I32_ADD, LOCAL_SET, PAGE_END,
  LOOP, VOID,
  ...laneStep(0, A, P1, 31),
  ...laneStep(8, B, P2, 29),
  LOCAL_GET, PTR, I32_CONST, 16, I32_ADD, LOCAL_TEE, PTR, LOCAL_GET, PAGE_END, I32_LT_U, BR_IF, 0,
  END,
  LOCAL_GET, OUT,
  LOCAL_GET, OR, I64_EQZ,
  IF, I64,
  I64_CONST, 0,
  ELSE,
  LOCAL_GET, A, LOCAL_GET, B, I64_CONST, 32, I64_ROTL, I64_XOR,
  ...XORSHIFT33, I64_CONST, ...sleb(C1), I64_MUL,
  ...XORSHIFT33, I64_CONST, ...sleb(C2), I64_MUL,
  ...XORSHIFT33, I64_CONST, ...sleb(0x100n), I64_OR,
  END,
  I64_STORE, 3, 0,
  LOCAL_GET, OUT, I32_CONST, 8, I32_ADD, LOCAL_SET, OUT,
  LOCAL_GET, N, I32_CONST, 1, I32_SUB, LOCAL_SET, N,
  BR, 0,
  END,
  END,
  END,
];

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(s: string): number[] {
  return [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** Wasm pages (64 KiB) of memory: the 1 MiB batch, then its fingerprints. */
const MEMORY_PAGES = (HASH_BATCH_PAGES * HASH_PAGE_BYTES + HASH_BATCH_PAGES * 8 + 65535) >> 16;

const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [1, 0x60, 5, I32, I32, I32, I64, I64, 0]),
  ...section(3, [1, 0]),
  ...section(5, [1, 0x00, ...uleb(MEMORY_PAGES)]),
  ...section(7, [2, ...name('hash'), 0x00, 0, ...name('mem'), 0x02, 0]),
  ...section(10, [1, ...uleb(BODY.length + 5), 2, 1, I32, 5, I64, ...BODY]),
]);

let compiled: WebAssembly.Module | undefined;

/**
 * A hasher with its own salt. `batch` is where a caller puts up to HASH_BATCH_PAGES pages;
 * `hash(count)` fingerprints the first `count` of them into `fingerprints` (page i: low 32 bits at
 * 2i, high 32 bits at 2i+1).
 */
export class PageHasher {
  readonly batch: Uint8Array;
  readonly fingerprints: Uint32Array;
  private fn: (ptr: number, n: number, out: number, s1: bigint, s2: bigint) => void;

  constructor(private salt1: bigint, private salt2: bigint) {
    compiled ??= new WebAssembly.Module(MODULE);
    const instance = new WebAssembly.Instance(compiled, {});
    const mem = (instance.exports.mem as WebAssembly.Memory).buffer;
    this.fn = instance.exports.hash as PageHasher['fn'];
    this.batch = new Uint8Array(mem, 0, HASH_BATCH_PAGES * HASH_PAGE_BYTES);
    this.fingerprints = new Uint32Array(mem, HASH_BATCH_PAGES * HASH_PAGE_BYTES, HASH_BATCH_PAGES * 2);
  }

  hash(count: number): void {
    if (!(count >= 0 && count <= HASH_BATCH_PAGES)) throw new RangeError(`hash: ${count} pages is not in 0..${HASH_BATCH_PAGES}`);
    this.fn(0, count, HASH_BATCH_PAGES * HASH_PAGE_BYTES, this.salt1, this.salt2);
  }
}

/** A salt from 16 random bytes (the caller's source of randomness). */
export function saltFrom(bytes: Uint8Array): [bigint, bigint] {
  if (bytes.length < 16) throw new RangeError('a salt needs 16 random bytes');
  const v = new DataView(bytes.buffer, bytes.byteOffset, 16);
  return [v.getBigUint64(0, true), v.getBigUint64(8, true)];
}
