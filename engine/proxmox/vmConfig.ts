/**
 * A Proxmox VE VM config (`/etc/pve/qemu-server/VMID.conf`) read line by line the way qemu-server's
 * parse_vm_config does (src/PVE/QemuServer.pm, 9.2.6): blank lines skipped, `#` lines are the
 * description, `key: value` with the value trimmed, sections (`[snapshot]`, `[PENDING]`,
 * `[special:…]`) after the main config. A value check_type refuses is warned about and dropped, so
 * the option keeps its default; the last of two equal keys wins.
 */
import type { TextRange } from '../language/types';
import { proxmoxOption, type ProxmoxOptionSpec } from '../knowledge/proxmoxOptions';

export interface ConfigEntry {
  key: string;
  /** The value as written (trimmed), and the value qemu-server keeps (undefined: refused). */
  raw: string;
  value?: string;
  keyRange: TextRange;
  valueRange: TextRange;
  spec?: ProxmoxOptionSpec;
  /** Why check_type refuses the value. */
  refused?: string;
}

export interface ConfigProblem {
  ruleId: string;
  message: string;
  range: TextRange;
  severity: 'error' | 'warning' | 'information';
}

export interface VmConfig {
  /** Entries of the main section, in order. */
  entries: ConfigEntry[];
  /** The effective entry per key (the last one). */
  byKey: Map<string, ConfigEntry>;
  problems: ConfigProblem[];
}

const BOOLEAN_TRUE = /^(1|on|yes|true)$/i;
const BOOLEAN_FALSE = /^(0|off|no|false)$/i;

export function proxmoxBoolean(value: string): boolean | undefined {
  if (value === '1' || BOOLEAN_TRUE.test(value)) return true;
  if (value === '0' || BOOLEAN_FALSE.test(value)) return false;
  return undefined;
}

/** The MiB of a `memory` value: `2048` or the property string `current=2048`. */
export function memoryCurrent(value: string): number | undefined {
  const m = /^(?:current=)?(\d+)$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** check_type plus the format checks qemu-server applies to the options Samepage reads. */
function refusal(spec: ProxmoxOptionSpec, value: string): string | undefined {
  switch (spec.type) {
    case 'boolean':
      return proxmoxBoolean(value) === undefined ? `type check ('boolean') failed - got '${value}'` : undefined;
    case 'integer':
      return /^\d+$/.test(value) ? undefined : `type check ('integer') failed - got '${value}'`;
    case 'enum':
      return spec.values!.includes(value) ? undefined : `value '${value}' does not have a value in the enumeration '${spec.values!.join(', ')}'`;
    case 'memory': {
      const mib = memoryCurrent(value);
      if (mib === undefined) return `format check failed for '${value}': expected a number of MiB or current=MiB`;
      return mib < 16 ? `current: value must have a minimum value of 16` : undefined;
    }
    case 'numa-node':
      return /(^|,)cpus=/.test(value) || !value.includes('=') ? undefined : `format check failed: property 'cpus' is missing`;
    default:
      return undefined;
  }
}

export function parseVmConfig(text: string): VmConfig {
  const entries: ConfigEntry[] = [];
  const byKey = new Map<string, ConfigEntry>();
  const problems: ConfigProblem[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const body = line.replace(/\r$/, '');
    if (/^\s*$/.test(body) || body.startsWith('#')) continue;
    if (/^\[[^\]]*\]\s*$/.test(body)) break; // snapshots and pending changes are not the running config
    const m = /^([a-z][a-z_-]*\d*):\s*(.+?)\s*$/.exec(body);
    if (!m) {
      if (!/^(description|args|delete):/.test(body)) {
        problems.push({ ruleId: 'proxmox/unparsable-line', severity: 'warning', message: `qemu-server warns "unable to parse config: ${body.slice(0, 80)}" and ignores this line.`, range: { start, end: start + body.length } });
      }
      continue;
    }
    const key = m[1];
    const valueStart = start + body.indexOf(m[2], m[1].length + 1);
    const entry: ConfigEntry = {
      key,
      raw: m[2],
      keyRange: { start, end: start + key.length },
      valueRange: { start: valueStart, end: valueStart + m[2].length },
      spec: proxmoxOption(key),
    };
    if (entry.spec) {
      entry.refused = refusal(entry.spec, m[2]);
      if (entry.refused) {
        const fallback = entry.spec.defaultValue !== undefined ? `its default (${entry.spec.defaultValue})` : 'unset';
        problems.push({ ruleId: 'proxmox/invalid-value', severity: 'warning', message: `qemu-server warns "unable to parse value of '${key}' - ${entry.refused}" and ignores it: ${key} stays ${fallback}.`, range: entry.valueRange });
      } else entry.value = m[2];
    }
    const previous = byKey.get(key);
    if (previous && entry.spec) problems.push({ ruleId: 'proxmox/duplicate-key', severity: 'warning', message: `${key} is set twice; qemu-server keeps this last one and drops line ${text.slice(0, previous.keyRange.start).split('\n').length}.`, range: entry.keyRange });
    entries.push(entry);
    if (entry.value !== undefined || !entry.spec) byKey.set(key, entry);
  }
  return { entries, byKey, problems };
}
