/**
 * The knobs in force, and writes to them with the kernel's semantics (engine/sysfs parses and
 * judges every write: EINVAL, EBUSY, ENOENT for knobs the kernel lacks, the advisor's
 * pages_to_scan lock and reset). The simulator applies the side effects of accepted changes.
 */
import { knobDefaults, WRITABLE_KNOB_NAMES } from '../knowledge/knobs';
import { applyKnobWrite } from '../sysfs/kernelWrite';
import type { KsmKnobs } from './api';
import { SimConfigError } from './errors';

/** The simulated knobs are the knowledge table's writable ones (test/engine/sim keeps KsmKnobs in step). */
function isKnob(name: string): name is keyof KsmKnobs {
  return WRITABLE_KNOB_NAMES.includes(name);
}

export type KnobChange = { name: keyof KsmKnobs; from: KsmKnobs[keyof KsmKnobs]; to: KsmKnobs[keyof KsmKnobs] };

function defaults(): KsmKnobs {
  const d = knobDefaults();
  const out = {} as Record<string, unknown>;
  for (const k of WRITABLE_KNOB_NAMES) out[k] = d[k];
  return out as unknown as KsmKnobs;
}

/**
 * The knobs at t=0: kernel defaults overlaid with `initial`, each value checked as a write would
 * be (a bad value is a configuration error). They describe the state in effect, so pages_to_scan
 * is taken as given even with the advisor on; without it, the advisor's starting value applies.
 */
export function initialKnobs(initial: Partial<KsmKnobs>, kernel: string): KsmKnobs {
  const knobs = defaults();
  for (const [name, value] of Object.entries(initial)) {
    if (value === undefined) continue;
    if (!isKnob(name)) throw new SimConfigError(`knobs.${name}`, 'is not a writable /sys/kernel/mm/ksm knob');
    const probe = { ...knobs, advisor_mode: 'none' } as Record<string, number | string>;
    const r = applyKnobWrite(name, String(value), { knobs: probe, ksmPagesExist: false, kernel });
    if (!r.ok && r.errno !== 'ENOENT') throw new SimConfigError(`knobs.${name}`, `${JSON.stringify(value)} is not accepted (${r.errno}: ${r.reason})`);
    (knobs as unknown as Record<string, unknown>)[name] = r.ok ? r.value : value;
  }
  if (knobs.advisor_mode === 'scan-time' && initial.pages_to_scan === undefined) knobs.pages_to_scan = knobs.advisor_min_pages_to_scan;
  return knobs;
}

/**
 * Writes `raw` to knob `name` against the current state; on success updates `knobs` and returns
 * what changed (advisor_mode may change pages_to_scan too). Refused writes change nothing.
 */
export function writeKnob(knobs: KsmKnobs, name: string, raw: string, ksmPagesExist: boolean, kernel: string): { ok: boolean; changes: KnobChange[]; error?: string } {
  const r = applyKnobWrite(name, raw, { knobs: knobs as unknown as Record<string, number | string>, ksmPagesExist, kernel });
  if (!r.ok) return { ok: false, changes: [], error: `${r.errno}: ${r.reason}` };
  const changes: KnobChange[] = [];
  const k = knobs as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(r.updates)) {
    if (!isKnob(key) || k[key] === value) continue;
    changes.push({ name: key as keyof KsmKnobs, from: k[key] as never, to: value as never });
    k[key] = value;
  }
  return { ok: true, changes };
}
