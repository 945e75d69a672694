/**
 * Harvester node-manager's ksmtuned (harvester/node-manager pkg/ksmtuned/ksmtuned.go and ksmd.go,
 * modes in pkg/controller/ksmtuned/controller.go; docs/controllers.md), for a Ksmtuned resource
 * with run: run. Every 60 s it compares MemAvailable with thresCoef% of MemTotal (both in bytes)
 * and writes run and pages_to_scan (and sleep_millisecs when it starts ksmd).
 */
import { CONTROLLERS, controllerSettings, type ControllerName } from '../../knowledge/controllers';
import type { ControllerHostView, ControllerWrite, KnobController } from './types';

export const HARVESTER_INTERVAL_SECONDS = 60;
/** MinThres in ksmtuned.go, bytes. */
const MIN_THRES = 5;

export interface HarvesterParameters {
  sleepMsec: number;
  boost: number;
  decay: number;
  minPages: number;
  maxPages: number;
}

/** The fixed parameters of the standard and high modes (controller.go's `modes`). */
export const HARVESTER_MODES: Readonly<Record<'standard' | 'high', HarvesterParameters>> = {
  standard: { sleepMsec: 20, boost: 0, decay: 0, minPages: 100, maxPages: 100 },
  high: { sleepMsec: 20, boost: 200, decay: 50, minPages: 100, maxPages: 10_000 },
};

export type HarvesterMode = 'standard' | 'high' | 'customized';

export function harvesterMode(name: ControllerName): HarvesterMode {
  return name.slice('harvester-'.length) as HarvesterMode;
}

/** Ksmtuned.apply(): the derived sleep and threshold, in the Go code's uint64 arithmetic. */
export function harvesterApply(thresCoef: number, param: HarvesterParameters, memTotalBytes: number): { sleepMsec: number; thres: number } {
  const coef = Math.min(thresCoef, 100);
  // memTotal is in bytes here, so this is 16 MiB-scaled: 10 ms on any host above 16 MiB × sleepMsec / 10.
  let sleepMsec = Math.floor((param.sleepMsec * 16 * 1024 * 1024) / memTotalBytes);
  if (sleepMsec < 10) sleepMsec = 10;
  let thres = Math.floor((coef * memTotalBytes) / 100);
  if (thres < MIN_THRES) thres = MIN_THRES;
  return { sleepMsec, thres };
}

export class HarvesterKsmtuned implements KnobController {
  readonly startsDaemon = true;
  readonly intervalSeconds = HARVESTER_INTERVAL_SECONDS;
  private readonly param: HarvesterParameters;
  private readonly thresCoef: number;
  private curPage: number;

  constructor(
    private readonly mode: HarvesterMode,
    memTotalKb: number,
    settings: Record<string, number> = {},
  ) {
    const s = controllerSettings(`harvester-${mode}` as ControllerName, settings);
    this.thresCoef = s.thresCoef;
    this.param = mode === 'customized' ? { sleepMsec: s.sleepMsec, boost: s.boost, decay: s.decay, minPages: s.minPages, maxPages: s.maxPages } : HARVESTER_MODES[mode];
    // apply() sets curPage to the *previous* minPages (0) the first time; standard and high modes then
    // update the resource with their parameters, whose OnChange applies again and sets minPages.
    this.curPage = mode === 'customized' ? 0 : this.param.minPages;
    const derived = harvesterApply(this.thresCoef, this.param, memTotalKb * 1024);
    this.sleepMsec = derived.sleepMsec;
    this.thres = derived.thres;
  }

  private readonly sleepMsec: number;
  private readonly thres: number;

  startupLog(): string[] {
    return [`${CONTROLLERS[`harvester-${this.mode}` as ControllerName].title}: threshold ${this.thres} bytes, sleep_millisecs ${this.sleepMsec}`];
  }

  adjust(host: ControllerHostView): { writes: ControllerWrite[]; log: string[] } {
    const free = host.memAvailableKb * 1024; // gopsutil's Available, bytes
    const p = this.param;
    if (free < this.thres) {
      this.curPage = Math.min(this.curPage + p.boost, p.maxPages);
      return {
        writes: [
          { knob: 'run', value: '1' },
          { knob: 'pages_to_scan', value: String(this.curPage) },
          { knob: 'sleep_millisecs', value: String(this.sleepMsec) },
        ],
        log: [`available ${free} < ${this.thres}: run, pages_to_scan ${this.curPage}`],
      };
    }
    this.curPage = p.decay > this.curPage ? p.minPages : Math.max(this.curPage - p.decay, p.minPages);
    return {
      writes: [
        { knob: 'run', value: '0' },
        { knob: 'pages_to_scan', value: String(this.curPage) },
      ],
      log: [`available ${free} >= ${this.thres}: stop, pages_to_scan ${this.curPage}`],
    };
  }
}
