/**
 * KubeVirt virt-handler's KSM handler (kubevirt/kubevirt pkg/virt-handler/ksm/ksm.go;
 * docs/controllers.md), on a node its ksmConfiguration selects: one spin at start, then one every
 * 3 minutes. Overrides come from node annotations kubevirt.io/ksm-*-override, bound-checked as
 * the handler does (an out-of-range value falls back to the default, or to the lower bound when
 * the default itself is out of range).
 */
import { controllerSettings } from '../../knowledge/controllers';
import type { ControllerHostView, ControllerWrite, KnobController } from './types';

export const KUBEVIRT_INTERVAL_SECONDS = 180;
const INT_MAX = Number.MAX_SAFE_INTEGER;
const INT_MIN = Number.MIN_SAFE_INTEGER;

function boundCheck(value: number, fallback: number, lower: number, upper: number): number {
  if (value < lower || value > upper) return fallback > lower && fallback < upper ? fallback : lower;
  return value;
}

export interface KubevirtParams {
  boost: number;
  decay: number;
  min: number;
  max: number;
  init: number;
  sleepBaseline: number;
  freePercent: number;
}

/** The handler's getIntParam / getFloatParam chain, in its order (later bounds use earlier values). */
export function kubevirtParams(settings: Record<string, number> = {}): KubevirtParams {
  const d = controllerSettings('kubevirt');
  const get = (name: string, lower: number, upper: number): number => (settings[name] === undefined ? d[name] : boundCheck(settings[name], d[name], lower, upper));
  const boost = get('pages-boost', 0, INT_MAX);
  const decay = get('pages-decay', INT_MIN, 0);
  const min = get('pages-min', 0, INT_MAX);
  const max = get('pages-max', min, INT_MAX);
  const init = get('pages-init', min, max);
  const sleepBaseline = get('sleep-ms-baseline', 1, INT_MAX);
  // The free percentage is a float32 in the handler.
  const freePercent = Math.fround(get('free-percent', 0, 1));
  return { boost, decay, min, max, init, sleepBaseline, freePercent };
}

/** calculateNewRunSleepAndPages: the next run / sleep / pages from MemTotal, MemAvailable and the current state. */
export function kubevirtDecision(p: KubevirtParams, totalKb: number, availableKb: number, running: boolean, pages: number): { running: boolean; sleep: number; pages: number; pressure: boolean } {
  // uint64 arithmetic; the handler would divide by zero on a host with nothing in use.
  let sleep = Math.floor((p.sleepBaseline * 16 * 1024 * 1024) / Math.max(1, totalKb - availableKb));
  if (sleep < Math.floor(p.sleepBaseline / 10)) sleep = Math.floor(p.sleepBaseline / 10);
  if (Math.fround(availableKb) > Math.fround(Math.fround(totalKb) * p.freePercent)) {
    if (!running) return { running: false, sleep: 0, pages: 0, pressure: false };
    let next = pages + p.decay;
    let run = true;
    if (next < p.min) {
      next = p.min;
      run = false;
    }
    return { running: run, sleep, pages: next, pressure: false };
  }
  if (!running) return { running: true, sleep, pages: p.init, pressure: true };
  return { running: true, sleep, pages: Math.min(pages + p.boost, p.max), pressure: true };
}

export class KubevirtKsmHandler implements KnobController {
  readonly startsDaemon = true;
  readonly intervalSeconds = KUBEVIRT_INTERVAL_SECONDS;
  readonly decidesAtStart = true;
  private readonly p: KubevirtParams;

  constructor(settings: Record<string, number> = {}) {
    this.p = kubevirtParams(settings);
  }

  startupLog(): string[] {
    return [];
  }

  adjust(host: ControllerHostView): { writes: ControllerWrite[]; log: string[] } {
    const running = host.ksm.run === 1;
    const next = kubevirtDecision(this.p, host.memTotalKb, host.memAvailableKb, running, host.ksm.pages_to_scan);
    // writeKsmValuesToFiles: sleep and pages only when running, then run.
    const writes: ControllerWrite[] = next.running
      ? [
          { knob: 'sleep_millisecs', value: String(next.sleep) },
          { knob: 'pages_to_scan', value: String(next.pages) },
          { knob: 'run', value: '1' },
        ]
      : [{ knob: 'run', value: '0' }];
 return { writes, log: [`MemAvailable ${host.memAvailableKb} kB of ${host.memTotalKb} kB (${next.pressure ? 'pressure' : 'no pressure'}): run=${next.running ? 1 : 0}${next.running ? ` pages_to_scan=${next.pages} sleep_millisecs=${next.sleep}` : ''}`] };
  }
}
