/**
 * `--set key=value` (and the webview's edits): writes one value into a scenario's JSON form by
 * path. Shorthands: a ksmtuned variable (`KSM_THRES_COEF=20`), a knob name (`pages_to_scan=1000`) or a
 * controller setting (`thresCoef=50`, `pages-boost=1000`).
 * The result must go through validateScenario again.
 */
import { CONTROLLERS } from '../knowledge/controllers';
import { KSMTUNED_DEFAULTS } from './scenario';

/** Every controller setting name (MoM's, KubeVirt's, Harvester's), a shorthand for controllerSettings.NAME. */
const CONTROLLER_SETTINGS = new Set(Object.values(CONTROLLERS).flatMap((c) => c.settings.map((s) => s.name)));

const KNOBS = new Set([
  'run', 'pages_to_scan', 'sleep_millisecs', 'merge_across_nodes', 'use_zero_pages', 'max_page_sharing',
  'stable_node_chains_prune_millisecs', 'smart_scan', 'advisor_mode', 'advisor_max_cpu',
  'advisor_min_pages_to_scan', 'advisor_max_pages_to_scan', 'advisor_target_scan_time',
]);
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const BOOLEAN_LEAVES = new Set(['memMerge', 'thp', 'enabled']);

/** A bad assignment; the message reads on from the option that gave it ("--set takes KEY=VALUE, not ..."). */
export class SetError extends Error {}

export function parsePath(key: string): Array<string | number> {
  if (key.length === 0 || key.length > 200) throw new SetError(`'${key.slice(0, 40)}' is not a setting path`);
  if (/^KSM_[A-Z_]+$/.test(key) || Object.hasOwn(KSMTUNED_DEFAULTS, key)) return ['ksmtuned', 'values', key];
  if (KNOBS.has(key)) return ['knobs', key];
  if (CONTROLLER_SETTINGS.has(key)) return ['controllerSettings', key];
  const parts: Array<string | number> = [];
  for (const raw of key.split('.')) {
    const m = /^([A-Za-z_$][A-Za-z0-9_$-]*)((?:\[\d{1,4}\])*)$/.exec(raw) ?? (/^\d{1,4}$/.test(raw) ? [raw, '', `[${raw}]`] : null);
    if (!m) throw new SetError(`'${key}' is not a setting path (use e.g. ksmtuned.values.KSM_THRES_COEF, guests[0].memMerge, knobs.pages_to_scan)`);
    if (m[1]) parts.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(idx[1]));
  }
  for (const p of parts) if (typeof p === 'string' && FORBIDDEN.has(p)) throw new SetError(`'${p}' cannot be set`);
  return parts;
}

export function parseValue(path: Array<string | number>, text: string): unknown {
  const leaf = path[path.length - 1];
  if (path[0] === 'ksmtuned' && path[1] === 'values') return text;
  if (typeof leaf === 'string' && BOOLEAN_LEAVES.has(leaf)) {
    if (/^(on|true|1|yes)$/i.test(text)) return true;
    if (/^(off|false|0|no)$/i.test(text)) return false;
  }
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

/** Returns a copy of `scenario` (plain JSON) with the value at `key` replaced. */
export function setScenarioValue(scenario: unknown, assignment: string): unknown {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new SetError(`takes KEY=VALUE, not '${assignment.slice(0, 60)}'`);
  const path = parsePath(assignment.slice(0, eq));
  const value = parseValue(path, assignment.slice(eq + 1));
  const copy = JSON.parse(JSON.stringify(scenario)) as Record<string, unknown>;
  let node: unknown = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const next = (node as Record<string | number, unknown>)[key];
    if (next === undefined || next === null || typeof next !== 'object') {
      if (typeof path[i + 1] === 'number') throw new SetError(`'${path.slice(0, i + 1).join('.')}' is not a list in this scenario`);
      (node as Record<string | number, unknown>)[key] = {};
    }
    node = (node as Record<string | number, unknown>)[key];
    if (Array.isArray(node) && typeof path[i + 1] === 'number' && (path[i + 1] as number) >= node.length) {
      throw new SetError(`${path.slice(0, i + 1).join('.')}[${path[i + 1]}] does not exist (the scenario has ${node.length})`);
    }
  }
  (node as Record<string | number, unknown>)[path[path.length - 1]] = value;
  return copy;
}
