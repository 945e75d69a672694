/**
 * The KSM controllers a what-if can run (scenario field `controller`) and the settings each one
 * exposes, with their defaults and the bounds their own source accepts. The simulator
 * (engine/sim/controllers), the scenario validation, `samepage tune` and the webview read this one
 * table. Sources and versions: docs/controllers.md.
 */

export const CONTROLLER_NAMES = ['ksmtuned', 'none', 'advisor', 'mom', 'kubevirt', 'harvester-standard', 'harvester-high', 'harvester-customized'] as const;
export type ControllerName = (typeof CONTROLLER_NAMES)[number];

export function isControllerName(value: unknown): value is ControllerName {
  return typeof value === 'string' && (CONTROLLER_NAMES as readonly string[]).includes(value);
}

export interface ControllerSetting {
  name: string;
  default: number;
  /** What the controller's source accepts (or clamps to); tune never leaves it. */
  min: number;
  max: number;
  integer: boolean;
  /** The values `samepage tune` tries (inside min..max; one value: not searched). */
  grid: readonly number[];
  description: string;
}

export interface ControllerInfo {
  name: ControllerName;
  title: string;
  /** Seconds between two decisions (the controller's own loop). */
  intervalSeconds: number;
  /** The knobs it writes. */
  writes: ReadonlyArray<'run' | 'pages_to_scan' | 'sleep_millisecs' | 'merge_across_nodes' | 'advisor_mode'>;
  /** Settings under `controllerSettings`, by the source's own names. */
  settings: readonly ControllerSetting[];
  summary: string;
}

const MAX_PAGES = 100_000;

export const CONTROLLERS: Readonly<Record<ControllerName, ControllerInfo>> = {
  ksmtuned: {
    name: 'ksmtuned',
    title: 'ksmtuned (Debian / Fedora)',
    intervalSeconds: 60,
    writes: ['run', 'pages_to_scan', 'sleep_millisecs'],
    settings: [], // its variables are ksmtuned.values, described by ksmtunedVariables.ts
    summary: 'starts KSM when committed guest memory plus a free-memory threshold exceeds MemTotal, or free memory drops below the threshold; ramps pages_to_scan by KSM_NPAGES_BOOST / KSM_NPAGES_DECAY',
  },
  none: {
    name: 'none',
    title: 'no controller',
    intervalSeconds: 0,
    writes: [],
    settings: [],
    summary: 'the knobs stay as set',
  },
  advisor: {
    name: 'advisor',
    title: "the kernel's scan-time advisor",
    intervalSeconds: 0,
    writes: ['advisor_mode'],
    settings: [],
    summary: 'advisor_mode=scan-time (Linux 6.8+): after every full scan ksmd retunes pages_to_scan toward advisor_target_scan_time within advisor_max_cpu',
  },
  mom: {
    name: 'mom',
    title: "oVirt MoM's KSM policy (vdsm 03-ksm.policy)",
    intervalSeconds: 15,
    writes: ['run', 'pages_to_scan', 'sleep_millisecs', 'merge_across_nodes'],
    settings: [
      { name: 'ksm_pages_boost', default: 300, min: 0, max: MAX_PAGES, integer: true, grid: [300, 1000], description: 'pages added to pages_to_scan while free memory is below the threshold' },
      { name: 'ksm_pages_decay', default: -50, min: -MAX_PAGES, max: 0, integer: true, grid: [-50], description: 'pages added (negative) while free memory is above it' },
      { name: 'ksm_npages_min', default: 64, min: 0, max: MAX_PAGES, integer: true, grid: [64], description: 'lower clamp of pages_to_scan' },
      { name: 'ksm_npages_max', default: 1250, min: 0, max: MAX_PAGES, integer: true, grid: [1250, 5000, 20000], description: 'upper clamp of pages_to_scan' },
      { name: 'ksm_sleep_ms_baseline', default: 10, min: 1, max: 10_000, integer: true, grid: [10], description: 'sleep_millisecs for a 16 GiB host, scaled by 16 GiB / MemTotal, at least 10' },
      { name: 'ksm_free_percent', default: 0.2, min: 0, max: 1, integer: false, grid: [0.2, 0.5, 1], description: 'fraction of MemTotal: free memory below it is pressure' },
    ],
    summary: 'every 15 s: stops KSM unless committed guest VSZ plus 20% of MemTotal reaches MemTotal or average free memory is below 20%; otherwise run=1 and pages_to_scan +300 / -50 within 64..1250',
  },
  kubevirt: {
    name: 'kubevirt',
    title: "KubeVirt virt-handler's KSM handler",
    intervalSeconds: 180,
    writes: ['run', 'pages_to_scan', 'sleep_millisecs'],
    settings: [
      { name: 'pages-boost', default: 300, min: 0, max: MAX_PAGES, integer: true, grid: [300, 3000], description: 'annotation kubevirt.io/ksm-pages-boost-override' },
      { name: 'pages-decay', default: -50, min: -MAX_PAGES, max: 0, integer: true, grid: [-50], description: 'annotation kubevirt.io/ksm-pages-decay-override' },
      { name: 'pages-min', default: 64, min: 0, max: MAX_PAGES, integer: true, grid: [64], description: 'annotation kubevirt.io/ksm-pages-min-override' },
      { name: 'pages-max', default: 1250, min: 0, max: MAX_PAGES, integer: true, grid: [1250, 5000, 20000], description: 'annotation kubevirt.io/ksm-pages-max-override (at least pages-min)' },
      { name: 'pages-init', default: 100, min: 0, max: MAX_PAGES, integer: true, grid: [100], description: 'annotation kubevirt.io/ksm-pages-init-override (within pages-min..pages-max)' },
      { name: 'sleep-ms-baseline', default: 100, min: 1, max: 10_000, integer: true, grid: [100, 20], description: 'annotation kubevirt.io/ksm-sleep-ms-baseline-override: sleep for 16 GiB of used memory, at least a tenth of it' },
      { name: 'free-percent', default: 0.2, min: 0, max: 1, integer: false, grid: [0.2, 0.5, 1], description: 'annotation kubevirt.io/ksm-free-percent-override: MemAvailable at or below this fraction of MemTotal is pressure' },
    ],
    summary: 'every 3 min: under pressure (MemAvailable <= 20% of MemTotal) run=1 with pages_to_scan from 100, +300 within 64..1250; otherwise -50 and stop at the minimum',
  },
  'harvester-standard': {
    name: 'harvester-standard',
    title: 'Harvester node-manager ksmtuned, standard mode',
    intervalSeconds: 60,
    writes: ['run', 'pages_to_scan', 'sleep_millisecs'],
    settings: [harvesterThres()],
    summary: 'every 60 s: run=1 with pages_to_scan 100 while MemAvailable is below thresCoef% of MemTotal, else run=0',
  },
  'harvester-high': {
    name: 'harvester-high',
    title: 'Harvester node-manager ksmtuned, high mode',
    intervalSeconds: 60,
    writes: ['run', 'pages_to_scan', 'sleep_millisecs'],
    settings: [harvesterThres()],
    summary: 'every 60 s: below the threshold pages_to_scan +200 up to 10000 and run=1, above it -50 down to 100 and run=0',
  },
  'harvester-customized': {
    name: 'harvester-customized',
    title: 'Harvester node-manager ksmtuned, customized mode',
    intervalSeconds: 60,
    writes: ['run', 'pages_to_scan', 'sleep_millisecs'],
    settings: [
      harvesterThres(),
      { name: 'sleepMsec', default: 20, min: 0, max: 2 ** 32, integer: true, grid: [20], description: 'scaled by 16 MiB / MemTotal in bytes, at least 10: 10 ms on any real host' },
      { name: 'boost', default: 200, min: 0, max: MAX_PAGES, integer: true, grid: [200, 1000, 5000], description: 'pages added each minute below the threshold' },
      { name: 'decay', default: 50, min: 0, max: MAX_PAGES, integer: true, grid: [50], description: 'pages removed each minute above it' },
      { name: 'minPages', default: 100, min: 0, max: MAX_PAGES, integer: true, grid: [100], description: 'lower clamp of pages_to_scan' },
      { name: 'maxPages', default: 10_000, min: 0, max: MAX_PAGES, integer: true, grid: [10_000, 50_000], description: 'upper clamp of pages_to_scan' },
    ],
    summary: 'every 60 s: below the threshold pages_to_scan +boost up to maxPages and run=1, above it -decay down to minPages and run=0',
  },
};

function harvesterThres(): ControllerSetting {
  return { name: 'thresCoef', default: 20, min: 0, max: 100, integer: true, grid: [20, 50, 80, 100], description: 'Ksmtuned spec.thresCoef: KSM runs while MemAvailable is below this percentage of MemTotal' };
}

/** The controller's settings with defaults filled in and every value clamped as its source does. */
export function controllerSettings(name: ControllerName, given: Readonly<Record<string, number>> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of CONTROLLERS[name].settings) out[s.name] = given[s.name] ?? s.default;
  return out;
}

/** Whether a controller writes pages_to_scan (and so collides with the scan-time advisor). */
export function writesPagesToScan(name: ControllerName): boolean {
  return CONTROLLERS[name].writes.includes('pages_to_scan');
}
