/** Input bounds the webview applies, from the knowledge table (knobs) and the scenario validator. */
import { knobByName } from '../../engine/knowledge/knobs';
import { MAX_DURATION_SECONDS, MAX_GUESTS } from '../../engine/whatif/validate';
import type { Ranges } from '../webview/protocol';

const KNOBS = ['pages_to_scan', 'sleep_millisecs', 'max_page_sharing', 'run', 'use_zero_pages', 'merge_across_nodes', 'smart_scan'];

export function scenarioRanges(): Ranges {
  const ranges: Ranges = {
    memTotalGiB: { min: 0.0625, max: 65536 },
    guestCount: { min: 0, max: MAX_GUESTS },
    guestMemoryMiB: { min: 16, max: 4194304 },
    durationSeconds: { min: 1, max: MAX_DURATION_SECONDS },
    KSM_THRES_COEF: { min: 0, max: 1000 },
    KSM_THRES_CONST: { min: 0, max: 2 ** 40 },
    KSM_NPAGES_BOOST: { min: -100000, max: 100000 },
    KSM_NPAGES_DECAY: { min: -100000, max: 100000 },
    KSM_NPAGES_MIN: { min: 0, max: 4294967295 },
    KSM_NPAGES_MAX: { min: 0, max: 4294967295 },
    KSM_SLEEP_MSEC: { min: 0, max: 100000 },
    KSM_MONITOR_INTERVAL: { min: 1, max: 86400 },
  };
  for (const name of KNOBS) {
    const knob = knobByName(name);
    const range = knob?.range ?? (knob?.choices ? { min: 0, max: knob.choices.length - 1 } : undefined);
    if (range) ranges[`knob:${name}`] = { min: range.min, max: Math.min(range.max, Number.MAX_SAFE_INTEGER) };
  }
  return ranges;
}
