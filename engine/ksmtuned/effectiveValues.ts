/**
 * The values ksmtuned actually runs with: the conf as bash sources it, then `${VAR:-default}`
 * (`${PIDFILE-...}`), then the startup arithmetic for `sleep` and `thres` on a given MemTotal.
 */
import { KSMTUNED_VARIABLES } from '../knowledge/ksmtunedVariables';
import type { ShellScript, TextRange } from '../shell/types';
import { KsmtunedDaemon } from './daemon';
import { sourceConf, type SourcedConf } from './sourceConf';

export interface EffectiveValue {
  name: string;
  /** The string ksmtuned holds; undefined when it cannot be known without running the conf. */
  value?: string;
  known: boolean;
  /** Where it came from: the conf (assignment range given), or the script's default. */
  source: 'conf' | 'default' | 'unset' | 'unknown';
  range?: TextRange;
}

export interface StartupValues {
  total: number;
  /** `sleep` and `thres` as bash holds them: null when the arithmetic failed and left them unset; undefined when unknowable. */
  sleep?: string | null;
  thres?: string | null;
  /** Lines bash prints on stderr while computing them. */
  errors: string[];
  /** Debug lines ksmtuned logs at startup (when DEBUG is non-empty). */
  log: string[];
}

export interface KsmtunedConf {
  sourced: SourcedConf;
  script: ShellScript;
  /** Every ksmtuned variable, by name. */
  values: Record<string, EffectiveValue>;
  /** False when the conf exits or PIDFILE is empty; undefined when unknown. */
  startsDaemon?: boolean;
  /** Everything bash would complain about while sourcing, as "line N: message". */
  errors: Array<{ range: TextRange; message: string }>;
  /** The strings to hand to KsmtunedDaemon (all known variables after defaulting). */
  daemonValues(): Record<string, string>;
  startup(memTotalKb: number): StartupValues;
}

/** The conf's effective ksmtuned values. `environment`: the service's environment before sourcing. */
export function effectiveKsmtunedValues(text: string, environment: Record<string, string> = {}, script?: ShellScript): KsmtunedConf {
  const sourced = sourceConf(text, environment, script);
  const values: Record<string, EffectiveValue> = {};
  for (const info of KSMTUNED_VARIABLES) {
    const v = sourced.vars.get(info.name);
    if (v && !v.known) {
      values[info.name] = { name: info.name, known: false, source: 'unknown', range: v.range };
      continue;
    }
    const raw = v?.value;
    const useDefault = info.defaulting === ':-' ? !raw : info.defaulting === '-' ? raw === undefined : false;
    if (useDefault && info.default !== undefined) values[info.name] = { name: info.name, value: info.default, known: true, source: 'default', range: v?.range };
    else if (raw === undefined) values[info.name] = { name: info.name, value: '', known: true, source: 'unset' };
    else values[info.name] = { name: info.name, value: raw, known: true, source: 'conf', range: v?.range };
  }
  const pid = values.PIDFILE;
  const startsDaemon = sourced.exits || diesOnUnsetVariable(sourced) ? false : pid.known ? pid.value !== '' : undefined;
  const errors = [
    ...sourced.script.errors.filter((e) => e.severity === 'syntax').map((e) => ({ range: e.range, message: e.message })),
    ...sourced.events.filter((e) => e.kind === 'error').map((e) => ({ range: e.range, message: e.message })),
    ...commandsNotFound(sourced),
  ].sort((a, b) => a.range.start - b.range.start);

  const daemonValues = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [name, v] of sourced.vars) if (v.known && v.value !== undefined) out[name] = v.value;
    for (const [name, v] of Object.entries(values)) {
      if (v.known && v.value !== undefined && (v.source !== 'unset' || name in out)) out[name] = v.value;
      if (v.source === 'unset') delete out[name];
    }
    return out;
  };

  const startup = (memTotalKb: number): StartupValues => {
    const daemon = new KsmtunedDaemon(daemonValues(), 'debian', memTotalKb);
    const unknown = (names: string[]) => names.some((n) => !values[n]?.known) || referencesUnknown(sourced, names);
    return {
      total: Math.trunc(memTotalKb),
      sleep: unknown(['KSM_SLEEP_MSEC']) ? undefined : (daemon.sleep ?? null),
      thres: unknown(['KSM_THRES_COEF', 'KSM_THRES_CONST']) ? undefined : (daemon.thres ?? null),
      errors: [...daemon.startupErrors],
      log: daemon.startupLog(),
    };
  };

  return { sourced, script: sourced.script, values, startsDaemon, errors, daemonValues, startup };
}

/**
 * With `set -u` from the conf, ksmtuned's first debug call reads DEBUG, and LOGFILE when DEBUG is
 * non-empty; either one unset ends the script before the daemon starts.
 */
function diesOnUnsetVariable(sourced: SourcedConf): boolean {
  if (!sourced.events.some((e) => e.kind === 'set-option' && (e.options ?? '').includes('u'))) return false;
  const debug = sourced.vars.get('DEBUG');
  const logfile = sourced.vars.get('LOGFILE');
  // no entry at all: never assigned, so unset
  if ((debug && !debug.known) || (debug?.value && logfile && !logfile.known)) return false; // cannot tell
  return debug?.value === undefined || (debug.value !== '' && logfile?.value === undefined);
}

/**
 * Commands that certainly do not exist: `KEY = value` (the command is KEY), `KEY= value` (the
 * command is value, when it is a number) and a first word glued to a byte-order mark.
 */
function commandsNotFound(sourced: SourcedConf): Array<{ range: TextRange; message: string }> {
  const out: Array<{ range: TextRange; message: string }> = [];
  for (const c of sourced.script.commands) {
    if (sourced.stoppedAt !== undefined && c.range.start >= sourced.stoppedAt) break;
    if (c.context.functionName !== undefined || c.context.inSubstitution) continue;
    const [first, second] = c.words;
    if (!first || first.dynamic) continue;
    const name = first.value ?? '';
    const spaced = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && (second?.value ?? '').startsWith('=');
    const bom = name.startsWith('\ufeff');
    const number = c.assignments.length > 0 && /^[0-9]+$/.test(name);
    if (spaced || bom || number) out.push({ range: first.range, message: `${bom ? name.replace('\ufeff', '<BOM>') : name}: command not found` });
  }
  return out;
}

/** Whether a variable's value names another variable whose value is unknown (arithmetic reads it). */
function referencesUnknown(sourced: SourcedConf, names: string[]): boolean {
  const unknown = [...sourced.vars].filter(([, v]) => !v.known).map(([n]) => n);
  if (unknown.length === 0) return false;
  return names.some((n) => {
    const text = sourced.vars.get(n)?.value ?? '';
    return unknown.some((u) => new RegExp(`(^|[^A-Za-z0-9_])${u}([^A-Za-z0-9_]|$)`).test(text));
  });
}
