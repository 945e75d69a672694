/**
 * oVirt MoM running vdsm's KSM policy (vdsm static/etc/vdsm/mom.d/03-ksm.policy, with MoM's
 * HostMemory and HostKSM collectors and its KSM controller; docs/controllers.md). Every 15 s MoM
 * collects the host, keeps the last 10 collections (sample-history-length) and evaluates the
 * policy; the controller writes only knobs whose value differs from the one just collected.
 */
import { controllerSettings } from '../../knowledge/controllers';
import type { ControllerHostView, ControllerWrite, KnobController } from './types';

/** vdsm's mom.conf: policy-engine-interval and sample-history-length. */
export const MOM_INTERVAL_SECONDS = 15;
export const MOM_HISTORY = 10;
/** vdsm 01-parameters.policy: ksmEnabled and ksmMergeAcrossNodes as the engine sends them by default. */
const KSM_ENABLED = true;
const MERGE_ACROSS_NODES = 1;

export class MomKsmPolicy implements KnobController {
  readonly startsDaemon = true;
  readonly intervalSeconds = MOM_INTERVAL_SECONDS;
  private readonly freeHistory: number[] = [];
  private readonly p: Record<string, number>;

  constructor(settings: Record<string, number> = {}) {
    this.p = controllerSettings('mom', settings);
  }

  startupLog(): string[] {
    return [];
  }

  adjust(host: ControllerHostView): { writes: ControllerWrite[]; log: string[] } {
    const p = this.p;
    // HostMemory: mem_available is MemTotal, mem_free is MemFree + Buffers + Cached.
    const memAvailable = host.memTotalKb;
    this.freeHistory.push(host.memFreeKb + host.buffersKb + host.cachedKb);
    if (this.freeHistory.length > MOM_HISTORY) this.freeHistory.shift();
    const freeAvg = this.freeHistory.reduce((a, b) => a + b, 0) / this.freeHistory.length;
    // HostKSM: ksm_shareable is the summed VSZ of the processes `pgrep qemu` finds.
    const shareable = host.processes.filter((q) => q.comm.includes('qemu')).reduce((s, q) => s + q.vszKb, 0);
    const ksm = host.ksm;
    const controls: Record<string, number> = {};
    if (ksm.pages_shared === 0) controls.merge_across_nodes = MERGE_ACROSS_NODES;
    const action = ksm.pages_shared > 0 && (ksm.merge_across_nodes !== MERGE_ACROSS_NODES || !KSM_ENABLED) ? 2 : 0;
    const threshold = memAvailable * p.ksm_free_percent;
    const log = [`mem_free avg ${Math.round(freeAvg)} kB, shareable ${shareable} kB, threshold ${Math.round(threshold)} kB`];
    if ((threshold + shareable < memAvailable && freeAvg > threshold) || !KSM_ENABLED || action !== 0) {
      controls.run = action;
      log.push(`no pressure: run=${action}`);
    } else {
      controls.run = 1;
      // MoM's `/` is Python's true division; the controller writes int() of the result.
      controls.sleep_millisecs = Math.max(10, (p.ksm_sleep_ms_baseline * 16777216) / memAvailable);
      const delta = freeAvg < threshold ? p.ksm_pages_boost : p.ksm_pages_decay;
      let npages = ksm.pages_to_scan + delta;
      if (npages > p.ksm_npages_max) npages = p.ksm_npages_max;
      if (npages < p.ksm_npages_min) npages = p.ksm_npages_min;
      controls.pages_to_scan = npages;
      log.push(`pressure: run=1, ${delta >= 0 ? 'boost' : 'decay'} pages_to_scan to ${npages}`);
    }
    const writes: ControllerWrite[] = [];
    for (const key of ['run', 'pages_to_scan', 'sleep_millisecs', 'merge_across_nodes'] as const) {
      if (controls[key] === undefined) continue;
      const value = Math.trunc(controls[key]);
      if (value !== Number(ksm[key])) writes.push({ knob: key, value: String(value) });
    }
    return { writes, log };
  }
}
