/**
 * splitmix64 on two 32-bit halves (no BigInt, so laying out millions of pages stays fast). Gives
 * the same stream as the harness's workload.c.
 */

/** (a × b) mod m for a, b < m ≤ 2^31, exact in doubles. */
function mulMod(a: number, b: number, m: number): number {
  const bh = b >>> 16;
  const bl = b & 0xffff;
  return (((a * bh) % m) * 65536 + a * bl) % m;
}

/** x mod m for integers 0 ≤ x < 2^53, m ≥ 1. */
function modSmall(x: number, m: number): number {
  let r = x - Math.floor(x / m) * m;
  if (r < 0) r += m;
  else if (r >= m) r -= m;
  return r;
}

export class SplitMix64 {
  private hi: number;
  private lo: number;
  /** Last output, high and low 32 bits. */
  outHi = 0;
  outLo = 0;
  // Scratch for the 64-bit products.
  private pHi = 0;
  private pLo = 0;

  constructor(seedHi: number, seedLo: number) {
    this.hi = seedHi >>> 0;
    this.lo = seedLo >>> 0;
  }

  static fromNumber(seed: number): SplitMix64 {
    return new SplitMix64(Math.floor(seed / 4294967296), seed >>> 0);
  }

  /** (hi:lo × chi:clo) mod 2^64 into pHi:pLo. */
  private mul64(hi: number, lo: number, chi: number, clo: number): void {
    const a0 = lo & 0xffff;
    const a1 = lo >>> 16;
    const b0 = clo & 0xffff;
    const b1 = clo >>> 16;
    const p00 = a0 * b0;
    const p01 = a0 * b1;
    const p10 = a1 * b0;
    const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
    this.pLo = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
    const carryHi = a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
    this.pHi = (carryHi + Math.imul(lo, chi) + Math.imul(hi, clo)) >>> 0;
  }

  /** Advances; the output is in outHi/outLo. */
  step(): void {
    const lo = this.lo + 0x7f4a7c15;
    this.lo = lo >>> 0;
    this.hi = (this.hi + 0x9e3779b9 + (lo > 0xffffffff ? 1 : 0)) >>> 0;
    let zh = this.hi;
    let zl = this.lo;
    this.mul64((zh ^ (zh >>> 30)) >>> 0, (zl ^ ((zl >>> 30) | (zh << 2))) >>> 0, 0xbf58476d, 0x1ce4e5b9);
    zh = this.pHi;
    zl = this.pLo;
    this.mul64((zh ^ (zh >>> 27)) >>> 0, (zl ^ ((zl >>> 27) | (zh << 5))) >>> 0, 0x94d049bb, 0x133111eb);
    zh = this.pHi;
    zl = this.pLo;
    this.outHi = (zh ^ (zh >>> 31)) >>> 0;
    this.outLo = (zl ^ ((zl >>> 31) | (zh << 1))) >>> 0;
  }

  /** The next output mod m, for 1 ≤ m ≤ 2^31. */
  nextMod(m: number): number {
    this.step();
    // Below 2^26 the product stays under 2^53, so plain doubles are exact. A division with a
    // correction step is much cheaper than the floating-point remainder.
    if (m <= 67108864) return modSmall(modSmall(this.outHi, m) * modSmall(4294967296, m) + this.outLo, m);
    const r = mulMod(this.outHi % m, 4294967296 % m, m);
    return (r + this.outLo) % m;
  }
}
