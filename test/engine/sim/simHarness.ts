/** Small builders shared by the simulator tests. */
import type { ContentMix, HostSpec, MeasuredPages, ProcessSpec, RegionSpec, SimConfig, SimResult, SimSample } from '../../../engine/sim/api';
import { isMeasured } from '../../../engine/sim/measuredContent';
import { simulate } from '../../../engine/sim/simulate';

export const HOST: HostSpec = { memTotalKb: 24684092, pageSize: 4096, hz: 250, cpus: 2, numaNodes: 1, kernel: '6.18', swapKb: 0, perPageCostNs: 5000, otherUsedKb: 1_000_000, cachedKb: 1_900_000 };

export function mix(parts: Partial<ContentMix>): ContentMix {
  return { zeroPages: 0, uniquePages: 0, pools: [], layout: 'sequential', seed: 1, ...parts };
}

/** The content mix of a region that is not measured (fails the test otherwise). */
export function mixOf(region: RegionSpec): ContentMix {
  if (isMeasured(region.content)) throw new Error(`region ${region.name ?? ''} is measured, not a content mix`);
  return region.content;
}

/** N pages of one content. */
export function identical(name: string, pages: number, pool = 'same'): ProcessSpec {
  return { name, argv: [name], merge: 'madvise', regions: [{ pages, content: mix({ pools: [{ pool, distinct: 1, pages }] }) }] };
}

export function config(processes: ProcessSpec[], over: Partial<SimConfig> = {}): SimConfig {
  return { host: HOST, knobs: { run: 1 }, processes, durationSeconds: 10, sampleIntervalSeconds: 0.1, ...over };
}

export function run(processes: ProcessSpec[], over: Partial<SimConfig> = {}): SimResult {
  return simulate(config(processes, over));
}

export function last(r: SimResult): SimSample {
  return r.samples[r.samples.length - 1];
}

export function at(r: SimResult, t: number): SimSample {
  const s = r.samples.find((x) => Math.abs(x.t - t) < 1e-6);
  if (!s) throw new Error(`no sample at ${t}`);
  return s;
}

/** The first sample whose full_scans reached n. */
export function afterScans(r: SimResult, n: number): SimSample {
  const s = r.samples.find((x) => x.ksm.full_scans >= n);
  if (!s) throw new Error(`full_scans never reached ${n}`);
  return s;
}

/** Measured pages from one id and one flags value per page (runs merged as the decoder gives them). */
export function measured(ids: number[], flags: number[] | number, sharedContents = Math.max(0, ...ids) - 1): MeasuredPages {
  const flagOf = (i: number) => (typeof flags === 'number' ? flags : flags[i]);
  return {
    kind: 'measured',
    sharedContents: Math.max(0, sharedContents),
    forEachRun(cb) {
      let start = 0;
      for (let i = 1; i <= ids.length; i++) {
        if (i === ids.length || ids[i] !== ids[start] || flagOf(i) !== flagOf(start)) {
          cb(ids[start], flagOf(start), start, i - start);
          start = i;
        }
      }
    },
  };
}

