import { WorkloadArgsError, type WorkloadOptions } from './workloadArgs';

/** Page kinds as the workload program numbers them. */
export const PAGE_DUP = 0;
export const PAGE_ZERO = 1;
export const PAGE_UNIQUE = 2;

/** What each page of one region holds (the same plan for every region of a process). */
export interface WorkloadPlan {
  /** Pages per class (dup contents), in class order. */
  classCounts: number[];
  zeroPages: number;
  /** Unique pages, including --mult leftovers. */
  uniquePages: number;
  /** Dup pages (sum of classCounts). */
  dupPages: number;
  /** Per page in address order: PAGE_DUP, PAGE_ZERO or PAGE_UNIQUE. */
  kind: Uint8Array;
  /** Per page: its class for dup pages, -1 otherwise. */
  cls: Int32Array;
}

const U64 = (1n << 64n) - 1n;

/** splitmix64 step on a 64-bit state; returns [newState, output]. */
export function splitmix64(state: bigint): [bigint, bigint] {
  const s = (state + 0x9e3779b97f4a7c15n) & U64;
  let z = s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & U64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & U64;
  return [s, z ^ (z >> 31n)];
}

/** Class counts, zero and unique pages, as the program computes them before laying pages out. */
export function workloadCounts(o: WorkloadOptions): Pick<WorkloadPlan, 'classCounts' | 'zeroPages' | 'uniquePages' | 'dupPages'> {
  const nz = Math.trunc(o.pages * o.zeroFrac + 0.5);
  let nu = Math.trunc(o.pages * o.uniqueFrac + 0.5);
  if (nz + nu > o.pages) throw new WorkloadArgsError('workload: zero+unique fractions exceed 1');
  let rest = o.pages - nz - nu;
  let counts: number[];
  if (o.mult.length > 0) {
    const sum = o.mult.reduce((a, b) => a + b, 0);
    if (sum > rest) throw new WorkloadArgsError('workload: sum of --mult exceeds pages left after zero/unique');
    nu += rest - sum;
    rest = sum;
    counts = [...o.mult];
  } else {
    const ncls = rest > 0 ? (o.distinct > 0 ? o.distinct : 1) : 0;
    if (ncls > rest && ncls > 1 << 24) throw new WorkloadArgsError(`workload: ${ncls} classes for ${rest} pages`);
    counts = Array.from({ length: ncls }, (_, k) => Math.floor(rest / ncls) + (k < rest % ncls ? 1 : 0));
  }
  return { classCounts: counts, zeroPages: nz, uniquePages: o.pages - rest - nz, dupPages: rest };
}

/**
 * The page plan: classes in order, then zero pages, then unique pages, then (layout shuffle) the
 * program's Fisher-Yates shuffle driven by splitmix64 seeded with seed ^ 0x5555aaaa5555aaaa.
 */
export function workloadPlan(o: WorkloadOptions): WorkloadPlan {
  const counts = workloadCounts(o);
  const n = o.pages;
  const kind = new Uint8Array(n);
  const cls = new Int32Array(n);
  let pos = 0;
  counts.classCounts.forEach((c, k) => {
    kind.fill(PAGE_DUP, pos, pos + c);
    cls.fill(k, pos, pos + c);
    pos += c;
  });
  kind.fill(PAGE_ZERO, pos, pos + counts.zeroPages);
  cls.fill(-1, pos, n);
  pos += counts.zeroPages;
  kind.fill(PAGE_UNIQUE, pos, n);
  if (o.layout === 'shuffle') {
    let s = (o.seed ^ 0x5555aaaa5555aaaan) & U64;
    for (let i = n - 1; i > 0; i--) {
      const [next, out] = splitmix64(s);
      s = next;
      const j = Number(out % BigInt(i + 1));
      const tk = kind[i];
      kind[i] = kind[j];
      kind[j] = tk;
      const tc = cls[i];
      cls[i] = cls[j];
      cls[j] = tc;
    }
  }
  return { ...counts, kind, cls };
}

/** The program's READY line fields and CLASSES line, to check a plan against a trace's output. */
export function workloadReadyFields(o: WorkloadOptions): { dup: number; classes: number; zero: number; unique: number; classesLine: string | null } {
  const c = workloadCounts(o);
  const k = c.classCounts.length;
  let classesLine: string | null = null;
  if (!o.quiet && k > 0) {
    classesLine = 'CLASSES' + c.classCounts.slice(0, 64).map((n) => ` ${n}`).join('');
    if (k > 64) classesLine += ` ...(${k} classes)`;
  }
  return { dup: c.dupPages, classes: k, zero: c.zeroPages, unique: c.uniquePages, classesLine };
}
