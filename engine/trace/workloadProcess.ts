import type { ContentMix, ProcessSpec, RegionSpec, WritePattern, WriteTarget } from '../sim/api';
import { RATE_NEVER_STOPS, type WorkloadOptions, type WorkloadTarget } from './workloadArgs';
import { workloadCounts } from './workloadLayout';
import { PRCTL_EXTRA_REGION } from '../sim/contentLayout';

/**
 * The content pool of the workload's dup classes. Class k's bytes depend only on --seed and k, so
 * every process with the same seed shares content k, whatever its --distinct or --mult.
 */
export function workloadPoolName(seed: bigint): string {
  return `workload-seed-${seed}`;
}

export interface WorkloadTiming {
  /** When the program printed READY, in trace time (negative: before t=0). */
  readyT: number;
  /** Trace length: an exit after it is dropped. */
  traceSeconds: number;
}

/** One workload process as the simulator sees it: regions laid out as the program lays them out. */
export function workloadProcess(name: string, argv: string[], o: WorkloadOptions, timing: WorkloadTiming): ProcessSpec {
  const counts = workloadCounts(o);
  const content: ContentMix = {
    zeroPages: counts.zeroPages,
    uniquePages: counts.uniquePages,
    pools: counts.classCounts.length > 0 ? [{ pool: workloadPoolName(o.seed), distinct: counts.classCounts.length, pages: counts.dupPages, weights: counts.classCounts }] : [],
    layout: o.layout === 'shuffle' ? 'shuffle' : 'sequential',
    seed: Number(o.seed),
  };
  const regions: RegionSpec[] = Array.from({ length: o.regions }, (_, r) => ({ name: `region${r}`, pages: o.pages, content, thp: o.thp || undefined }));
  // PR_SET_MEMORY_MERGE also makes libc data, heap and stack mergeable (observed in 11_mergeoff_mix).
  if (o.merge === 'prctl') regions.push({ ...PRCTL_EXTRA_REGION, content: { ...PRCTL_EXTRA_REGION.content, pools: [] } });
  const fillAt = timing.readyT + Math.max(0, o.late);
  const spec: ProcessSpec = { name, argv, merge: o.merge, regions };
  if (o.late > 0) spec.startAt = Math.max(0, fillAt);
  const exitAt = timing.readyT + o.duration;
  if (exitAt < timing.traceSeconds) spec.exitAt = Math.max(0, exitAt);
  const writes = o.writes.map((w) => toWritePattern(w, o, timing.readyT, fillAt));
  if (writes.length > 0) spec.writes = writes;
  return spec;
}

function toWritePattern(w: WorkloadOptions['writes'][number], o: WorkloadOptions, readyT: number, fillAt: number): WritePattern {
  const target = toTarget(w.target, o.seed);
  if (w.kind === 'burst') return { kind: 'burst', at: Math.max(0, readyT + w.at), count: w.count, target, mode: w.mode };
  // A late process starts its rates no earlier than its fill.
  // Writes before t=0 (READY comes a few ms earlier) are folded into t=0: ksmd is not running yet.
  const start = Math.max(0, readyT + w.start, o.late > 0 ? fillAt : 0);
  const pattern: WritePattern = { kind: 'rate', pagesPerSecond: w.rate, target, mode: w.mode, start };
  if (w.stop < RATE_NEVER_STOPS) pattern.stop = readyT + w.stop;
  return pattern;
}

function toTarget(t: WorkloadTarget, seed: bigint): WriteTarget {
  return t.kind === 'cls' ? { pool: workloadPoolName(seed), content: t.cls } : t.kind;
}
