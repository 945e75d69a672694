/**
 * The built-in default scenario: the seed experiment (a RHEL 7.3-like host with 128 GiB, four
 * 8 GiB Windows 10 guests, ksmtuned with KSM_THRES_COEF=95, 10 minutes). examples/seed-*.json are
 * this scenario with one setting changed each; test/engine/whatif checks they stay in step.
 */
import type { Scenario } from './scenario';

export function seedScenario(): Scenario {
  return {
    name: 'Seed: RHEL 7.3 host, four 8 GiB Windows 10 guests, KSM_THRES_COEF=95',
    description:
      'Kernel 3.10 (no smart_scan, advisor or ksm_zero_pages), HZ=1000, ksmtuned of RHEL matching the comm qemu-kvm. ' +
      'Host memory outside the guests is set so that ksmtuned sees free 93409576 kB, as in the measured log.',
    host: {
      memTotalKb: 131809228,
      pageSize: 4096,
      hz: 1000,
      cpus: 32,
      numaNodes: 2,
      kernel: '3.10',
      swapKb: 4194300,
      otherUsedKb: 4026020,
      cachedKb: 1024000,
    },
    guests: [{ name: 'win10', count: 4, memoryMiB: 8192, profile: 'windows10-idle', memMerge: true, thp: true, binary: '/usr/libexec/qemu-kvm' }],
    knobs: {},
    // ksmtuned had been running on the host before the guests (re)started: docs/whatif.md, "ksmtuned's state".
    ksmtuned: { enabled: true, variant: 'fedora', values: { KSM_THRES_COEF: '95' }, state: 'running' },
    durationSeconds: 600,
  };
}

/** The same host and guests with the distribution's ksmtuned.conf and kernel-default knobs. */
export function withDistributionDefaults(scenario: Scenario): Scenario {
  return {
    ...structuredClone(scenario),
    name: `${scenario.name ?? 'Scenario'} (distribution defaults)`,
    knobs: {},
    // Same host, same history; only the conf differs.
    ksmtuned: { enabled: true, variant: scenario.ksmtuned.variant, values: {}, ...(scenario.ksmtuned.state ? { state: scenario.ksmtuned.state } : {}) },
  };
}
