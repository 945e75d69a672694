/** What a read of /sys/kernel/mm/ksm, /proc/meminfo and /proc/PID/ksm_stat would show right now. */
import type { HostSpec, KsmKnobs, ProcessSample, SimSample } from './api';
import type { SimProcess } from './addressSpace';
import { THP_PAGES } from './addressSpace';
import type { KernelFeatures } from './kernelFeatures';
import type { Ksmd } from './ksmd';

/** sizeof(struct ksm_rmap_item) and of a stable node on 64-bit: the slab memory KSM itself uses. */
export const RMAP_ITEM_BYTES = 64;
const STABLE_NODE_BYTES = 64;

export interface SampleInputs {
  host: HostSpec;
  knobs: KsmKnobs;
  features: KernelFeatures;
  ksmd: Ksmd;
  processes: SimProcess[];
  ksmdCpu: number;
}

export function processSample(p: SimProcess, host: HostSpec, features: KernelFeatures): ProcessSample {
  const pageKb = host.pageSize / 1024;
  const zero = features.zeroPagesCounter ? p.zeroPages : 0;
  const mapped = p.started && !p.exited ? p.end - p.start - p.zeroPages - p.sharedZeroPages : 0;
  return {
    ksm_rmap_items: p.items,
    ksm_zero_pages: zero,
    ksm_merging_pages: p.merging,
    ksm_process_profit: (p.merging + zero) * host.pageSize - p.items * RMAP_ITEM_BYTES,
    rssKb: mapped * pageKb + (p.exited ? 0 : (p.spec.extraRssKb ?? 0)),
  };
}

export function takeSample(t: number, s: SampleInputs): SimSample {
  const { host, features, ksmd } = s;
  const c = ksmd.counters;
  const zero = features.zeroPagesCounter ? c.zeroPages : 0;
  const counters = {
    pages_shared: c.pagesShared,
    pages_sharing: c.pagesSharing,
    pages_unshared: c.pagesUnshared,
    pages_volatile: Math.max(0, c.rmapItems - c.pagesShared - c.pagesSharing - c.pagesUnshared),
    full_scans: c.fullScans,
    stable_node_chains: features.maxPageSharing ? c.chains : 0,
    stable_node_dups: features.maxPageSharing ? c.dups : 0,
    ksm_zero_pages: zero,
    general_profit: features.generalProfit ? (c.pagesSharing + zero) * host.pageSize - c.rmapItems * RMAP_ITEM_BYTES : 0,
    pages_scanned: features.pagesScannedCounter ? c.pagesScanned : 0,
    pages_skipped: features.pagesSkippedCounter ? c.pagesSkipped : 0,
  };
  const pageKb = host.pageSize / 1024;
  let extraKb = 0;
  let hugeBlocks = 0;
  const procs: Record<string, ProcessSample> = {};
  for (const p of s.processes) {
    if (p.exited) continue;
    extraKb += p.spec.extraRssKb ?? 0;
    hugeBlocks += p.hugeBlocks;
    procs[p.spec.name] = processSample(p, host, features);
  }
  const anonKb = (ksmd.privatePages + ksmd.ksmPages) * pageKb + extraKb;
  const slabKb = Math.floor((c.rmapItems * RMAP_ITEM_BYTES + ksmd.tree.liveNodes * STABLE_NODE_BYTES) / 1024);
  const memFree = Math.max(0, Math.round(host.memTotalKb - host.otherUsedKb - host.cachedKb - anonKb - slabKb));
  return {
    t,
    ksm: { ...counters, ...s.knobs },
    mem: { MemTotal: host.memTotalKb, MemFree: memFree, Cached: host.cachedKb, AnonPages: Math.round(anonKb), AnonHugePages: hugeBlocks * THP_PAGES * pageKb },
    ksmdCpu: s.ksmdCpu,
    procs,
  };
}
