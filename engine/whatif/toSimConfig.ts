/**
 * Scenario → SimConfig: each guest becomes a QEMU process whose RAM region holds its profile's
 * content mix, plus the host facts and ksmtuned as the simulator wants them.
 */
import type { ContentMix, KsmKnobs, ProcessSpec, SimConfig, WritePattern } from '../sim/api';
import { knobExistsIn } from '../knowledge/knobs';
import { DEFAULT_PER_PAGE_COST_NS } from '../sim/timing';
import { harnessGuestProfile } from '../trace/harnessGuest';
import { type GuestProfile, MEASURED_PROFILE, profileOf } from '../knowledge/guestProfiles';
import type { Measurement } from '../measure/format';
import { measuredProcess } from './measured';
import { commOf, qemuArgv } from './qemuArgv';
import { controllerOf, effectiveSampleInterval, type GuestGroup, type Scenario } from './scenario';
import { warmKsmtuned } from './warmKsmtuned';


function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** One guest's RAM: zeros, the profile's shared image, its own duplicates, the rest unique. */
export function guestContent(group: GuestGroup, instance: string, pageSize: number, profile: GuestProfile = profileOf(group.profile)!): { pages: number; content: ContentMix; writes: WritePattern[] } {
  const ramPages = Math.ceil((group.memoryMiB * 1024 * 1024) / pageSize);
  const touched = Math.round(ramPages * profile.touched);
  // With THP the host faults whole huge pages in, so the untouched rest is resident and zero.
  const pages = group.thp ? ramPages : touched;
  const untouchedZeros = pages - touched;
  const zero = Math.round(touched * profile.zero);
  const image = Math.min(Math.round((profile.sharedImageMiB * 1024 * 1024) / pageSize), touched - zero);
  const dup = Math.min(Math.round(touched * profile.withinGuestDup), touched - zero - image);
  const unique = Math.max(0, touched - zero - image - dup);
  const pools: ContentMix['pools'] = [];
  if (image > 0) pools.push({ pool: `${group.profile}/image`, distinct: image, pages: image });
  if (dup > 0) pools.push({ pool: `${instance}/dup`, distinct: Math.max(1, Math.round(dup / profile.withinGuestCopies)), pages: dup });
  const start = group.startAt ?? 0;
  const gib = (group.memoryMiB / 1024);
  const writes: WritePattern[] = [];
  if (profile.churnPerGiB > 0) writes.push({ kind: 'rate', pagesPerSecond: profile.churnPerGiB * gib, target: 'unique', mode: 'new', start });
  if (profile.zeroFillPerGiB > 0 && profile.zeroFillSeconds > 0) {
    writes.push({ kind: 'rate', pagesPerSecond: profile.zeroFillPerGiB * gib, target: 'zero', mode: 'new', start, stop: start + profile.zeroFillSeconds });
  }
  return {
    pages,
    content: { zeroPages: zero + untouchedZeros, uniquePages: unique, pools, layout: 'scatter', seed: seedOf(instance) },
    writes,
  };
}

/**
 * The scenario's guests and measured processes as simulated processes. Measured guests and
 * processes need the scenario's decoded measurement (validated against it by measurementMismatches).
 */
export function guestProcesses(scenario: Scenario, measurement?: Measurement): ProcessSpec[] {
  const processes: ProcessSpec[] = [];
  const startMerged = scenario.measurement?.startsFrom === 'current-merges';
  let index = 0;
  for (const group of scenario.guests) {
    for (let i = 1; i <= group.count; i++) {
      const instance = group.count === 1 ? group.name : `${group.name}-${i}`;
      const node = index % scenario.host.numaNodes;
      const merge = group.memMerge && group.mergeableMiB !== 0 ? 'madvise' : 'none';
      index += 1;
      if (group.profile === MEASURED_PROFILE) {
        processes.push(measuredProcess(needMeasurement(measurement), group.measured!, { name: instance, merge, thp: group.thp, startMerged, numaNode: node, startAt: group.startAt }));
        continue;
      }
      const profile = profileOf(group.profile, scenario.profiles)!;
      const argv = qemuArgv(group, instance);
      let regions: ProcessSpec['regions'];
      let writes: WritePattern[] = [];
      let extraRssKb = profile.qemuOverheadMiB * 1024;
      if (profile.harnessGuest) {
        // One model of the harness guest, shared with the trace replay; wl_id keeps each guest's unique pages its own.
        const memory = harnessGuestProfile.memory({
          ramPages: Math.floor((group.memoryMiB * 1024 * 1024) / scenario.host.pageSize),
          pageSize: scenario.host.pageSize,
          guestIndex: index - 1,
          kernelParams: new Map([['wl_id', String(index - 1)]]),
        });
        regions = memory.regions.map((r) => ({ ...r, numaNode: node }));
        writes = memory.writes ?? [];
        extraRssKb = memory.qemuOverheadKb;
      } else {
        const partly = group.memMerge && group.mergeableMiB !== undefined && group.mergeableMiB > 0 && group.mergeableMiB < group.memoryMiB;
        // Partly mergeable: the mergeable part holds the profile as a guest of that size; the rest is
        // resident on a backend ksmd never scans, so what it holds does not matter.
        const guest = guestContent(partly ? { ...group, memoryMiB: group.mergeableMiB! } : group, instance, scenario.host.pageSize, profile);
        regions = [{ name: 'guest RAM', pages: guest.pages, content: guest.content, thp: group.thp, numaNode: node }];
        if (partly) {
          const pages = Math.ceil(((group.memoryMiB - group.mergeableMiB!) * 1048576) / scenario.host.pageSize);
          const resident = group.thp ? pages : Math.round(pages * profile.touched);
          const content = { zeroPages: 0, uniquePages: resident, pools: [], layout: 'sequential' as const, seed: 0 };
          regions.push({ name: 'guest RAM never merged', pages: resident, content, numaNode: node, mergeable: false, writeTarget: false });
        }
        writes = guest.writes;
      }
      processes.push({
        name: instance,
        argv,
        comm: commOf(argv[0]),
        merge,
        regions,
        writes,
        startAt: group.startAt,
        extraRssKb,
      });
    }
  }
  for (const entry of scenario.processes ?? []) {
    processes.push(measuredProcess(needMeasurement(measurement), entry.measured, { name: entry.name, merge: entry.merge, thp: true, startMerged, numaNode: index++ % scenario.host.numaNodes }));
  }
  return processes;
}

function needMeasurement(m: Measurement | undefined): Measurement {
  if (!m) throw new Error('the scenario has measured guests or processes, but no measurement was loaded (measurement.file)');
  return m;
}

/** Knobs at t=0. ksmtuned.service requires ksm.service, which writes run=1 at boot (ksm-spec §3.1). */
export function initialKnobs(scenario: Scenario): Partial<KsmKnobs> {
  const knobs: Partial<KsmKnobs> = {};
  for (const [key, value] of Object.entries(scenario.knobs)) {
    if (knobExistsIn(key, scenario.host.kernel)) (knobs as Record<string, unknown>)[key] = value;
  }
  const controller = controllerOf(scenario);
  if (controller === 'ksmtuned' && knobs.run === undefined) knobs.run = 1;
  if (controller === 'advisor') {
    // The advisor is switched on at boot with KSM itself (e.g. a tmpfiles.d or systemd unit writing both).
    knobs.advisor_mode = 'scan-time';
    if (knobs.run === undefined) knobs.run = 1;
  }
  return knobs;
}

export function scenarioToSimConfig(scenario: Scenario, measurement?: Measurement): SimConfig {
  const { host } = scenario;
  const config: SimConfig = {
    host: {
      memTotalKb: host.memTotalKb,
      pageSize: host.pageSize,
      hz: host.hz,
      cpus: host.cpus,
      numaNodes: host.numaNodes,
      kernel: host.kernel,
      swapKb: host.swapKb,
      perPageCostNs: host.perPageCostNs ?? DEFAULT_PER_PAGE_COST_NS,
      otherUsedKb: host.otherUsedKb ?? Math.round(host.memTotalKb * 0.03),
      cachedKb: host.cachedKb ?? Math.round(host.memTotalKb * 0.01),
    },
    knobs: initialKnobs(scenario),
    processes: guestProcesses(scenario, measurement),
    ksmtuned: controllerOf(scenario) === 'ksmtuned'
      ? // The daemon applies ksmtuned's own defaults. DEBUG only adds log lines (the decisions the
        // summary explains); a conf that sets DEBUG itself keeps its value.
        { variant: scenario.ksmtuned.variant, values: { DEBUG: '1', ...scenario.ksmtuned.values }, startAt: 0 }
      : undefined,
    durationSeconds: scenario.durationSeconds,
    sampleIntervalSeconds: effectiveSampleInterval(scenario),
  };
  const controller = controllerOf(scenario);
  if (controller !== 'ksmtuned' && controller !== 'none' && controller !== 'advisor') config.controller = { name: controller, settings: { ...scenario.controllerSettings }, startAt: 0 };
  if (config.ksmtuned && scenario.ksmtuned.state === 'running') {
    // Knobs the scenario sets are what sysfs shows at t=0; ksmtuned's last writes fill in the rest.
    const explicit = initialKnobs({ ...scenario, controller: 'none', ksmtuned: { ...scenario.ksmtuned, enabled: false } });
    const warm = warmKsmtuned(config, config.ksmtuned, explicit);
    config.ksmtuned.npages = warm.npages;
    config.knobs = { ...config.knobs, ...warm.knobs, ...explicit }; // run=1 from ksm.service unless ksmtuned wrote run
  }
  return config;
}
