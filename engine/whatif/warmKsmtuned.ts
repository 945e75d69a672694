/**
 * ksmtuned "already running" at t=0 (scenario `ksmtuned.state: 'running'`): the state its own
 * loop reaches when it has watched the host as it is at t=0 for long enough. ksmtuned never resets
 * npages (a stop decision only writes run=0), so a daemon that has been running keeps what its
 * rule reached; the sysfs knobs hold its last writes. See docs/whatif.md ("ksmtuned's state").
 */
import { KsmtunedDaemon, type KsmtunedHostView } from '../ksmtuned/daemon';
import type { KnobValue } from '../knowledge/knobs';
import type { KsmKnobs, SimConfig } from '../sim/api';
import { applyKnobWrite } from '../sysfs/kernelWrite';

/** Checks replayed at most: a conf whose clamp is broken lets npages grow without bound. */
export const MAX_WARM_CHECKS = 100;

export interface WarmKsmtuned {
  /** ksmtuned's npages after the replayed checks (a bash string, as the daemon holds it). */
  npages: string;
  /** run / pages_to_scan / sleep_millisecs as its accepted writes left them. */
  knobs: Partial<KsmKnobs>;
  checks: number;
  decision: 'stop' | 'boost' | 'decay' | 'dead' | 'none';
}

/** What ksmtuned reads at t=0: the processes running then, fully resident, no KSM slab yet (as engine/sim/sampler.ts). */
export function hostViewAtStart(config: Pick<SimConfig, 'host' | 'processes'>): KsmtunedHostView {
  const pageKb = config.host.pageSize / 1024;
  const running = config.processes.filter((p) => (p.startAt ?? 0) <= 0 && (p.exitAt === undefined || p.exitAt > 0));
  const processes = running.map((p) => ({
    argv: p.argv,
    comm: p.comm ?? (p.argv[0] ?? '').split('/').pop()!.slice(0, 15),
    rssKb: p.regions.reduce((n, r) => n + r.pages, 0) * pageKb + (p.extraRssKb ?? 0),
  }));
  const usedKb = processes.reduce((n, p) => n + p.rssKb, 0);
  const { memTotalKb, otherUsedKb, cachedKb } = config.host;
  return { memTotalKb, memFreeKb: Math.max(0, Math.round(memTotalKb - otherUsedKb - cachedKb - usedKb)), buffersKb: 0, cachedKb, processes };
}

/**
 * Replays ksmtuned's adjust() on the t=0 host view until npages and the decision stop changing
 * (boost under pressure reaches KSM_NPAGES_MAX, decay KSM_NPAGES_MIN, stop keeps npages), at most
 * MAX_WARM_CHECKS times. Writes are judged as the kernel judges them (a refused write changes nothing).
 */
export function warmKsmtuned(
  config: Pick<SimConfig, 'host' | 'processes'>,
  ksmtuned: { variant: 'debian' | 'fedora'; values: Record<string, string> },
  knobsBefore: Partial<KsmKnobs>,
): WarmKsmtuned {
  const daemon = new KsmtunedDaemon(ksmtuned.values, ksmtuned.variant, config.host.memTotalKb);
  const view = hostViewAtStart(config);
  const state: Partial<Record<string, KnobValue>> = { ...knobsBefore };
  const knobs: Record<string, KnobValue> = {};
  let decision: WarmKsmtuned['decision'] = 'none';
  let checks = 0;
  if (!daemon.startsDaemon) return { npages: daemon.npages, knobs: {}, checks, decision };
  while (checks < MAX_WARM_CHECKS) {
    const before = daemon.npages;
    const result = daemon.adjust(view);
    checks += 1;
    for (const w of result.writes) {
      const r = applyKnobWrite(w.knob, w.value, { knobs: state, ksmPagesExist: false, kernel: config.host.kernel });
      if (!r.ok) continue;
      Object.assign(state, r.updates, { [w.knob]: r.value });
      Object.assign(knobs, r.updates, { [w.knob]: r.value }); // r.updates omits a value that did not change
    }
    const settled = result.decision === decision && daemon.npages === before;
    decision = result.decision;
    if (settled || decision === 'dead') break;
  }
  return { npages: daemon.npages, knobs: knobs as Partial<KsmKnobs>, checks, decision };
}
