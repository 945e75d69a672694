/**
 * Hand-written validation of a scenario from an untrusted source (a file, the webview, --set).
 * It never trusts the input's shape: it builds a fresh object from checked fields, so extra keys,
 * prototype tricks (`__proto__`, `constructor`) and accessors never reach the simulator.
 */
import { knobByName, knobExistsIn, U32_MAX, INT_MAX, WRITABLE_KNOB_NAMES } from '../knowledge/knobs';
import type { KsmKnobs } from '../sim/api';
import { GUEST_PROFILE_IDS, type GuestProfile, isGuestProfileId, MEASURED_PROFILE, profileOf } from '../knowledge/guestProfiles';
import { CONTROLLER_NAMES, CONTROLLERS, isControllerName, writesPagesToScan, type ControllerName } from '../knowledge/controllers';
import type { GuestGroup, MeasuredProcessEntry, MeasuredRef, Scenario, ScenarioHost, ScenarioKsmtuned, ScenarioMeasurement } from './scenario';
import { effectiveSampleInterval, KSMTUNED_STATES, KSMTUNED_VARIANTS, MEASURED_STARTS, type KsmtunedVariant } from './scenario';

export type ValidationResult = { ok: true; scenario: Scenario; warnings: string[] } | { ok: false; errors: string[] };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_STRING = 512;
export const MAX_GUESTS = 1024;
/** A measured host lists its guests one group each: as many groups as guests. */
export const MAX_GUEST_GROUPS = MAX_GUESTS;
/**
 * Simulated pages the engine may hold: 2^30 pages is 4 TiB of 4 KiB pages (its page arrays are
 * typed arrays indexed by page). What such a run costs in time and memory is costEstimate.ts's.
 */
export const MAX_SIMULATED_PAGES = 2 ** 30;
export const MAX_DURATION_SECONDS = 86_400;
/** What an omitted host.numaNodes, host.swapKb and (with ksmtuned disabled) ksmtuned.variant mean. */
export const DEFAULT_NUMA_NODES = 1;
export const DEFAULT_SWAP_KB = 0;
export const DEFAULT_KSMTUNED_VARIANT: KsmtunedVariant = 'debian';
export const MIN_GUEST_MEMORY_MIB = 16;
export const MAX_GUEST_MEMORY_MIB = 4 * 1024 * 1024;
export const MIN_MEM_TOTAL_KB = 65_536;
export const MAX_MEM_TOTAL_KB = 2 ** 36;
export const MAX_SAMPLES = 20_000;


class Checker {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];

  fail(path: string, message: string): undefined {
    if (this.errors.length < 50) this.errors.push(`${path}: ${message}`);
    return undefined;
  }

  /** A plain object whose keys are all allowed; returns it or undefined (with an error). */
  object(value: unknown, path: string, allowed: readonly string[] | 'any'): Record<string, unknown> | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return this.fail(path, `expected an object, got ${describe(value)}`);
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return this.fail(path, 'expected a plain JSON object');
    const keys = Object.keys(value);
    if (keys.length > 200) return this.fail(path, `too many properties (${keys.length})`);
    for (const key of Object.getOwnPropertyNames(value)) {
      if (FORBIDDEN_KEYS.has(key)) return this.fail(path, `property name '${key}' is not allowed`);
      const desc = Object.getOwnPropertyDescriptor(value, key);
      if (desc && (desc.get || desc.set)) return this.fail(`${path}.${key}`, 'accessor properties are not allowed');
      if (allowed !== 'any' && !allowed.includes(key)) this.fail(path, `unknown property '${clip(key)}' (expected one of: ${allowed.join(', ')})`);
    }
    return value as Record<string, unknown>;
  }

  number(value: unknown, path: string, min: number, max: number, integer: boolean, unit = ''): number | undefined {
    if (typeof value !== 'number') return this.fail(path, `expected a number, got ${describe(value)}`);
    if (!Number.isFinite(value)) return this.fail(path, `expected a finite number, got ${String(value)}`);
    if (integer && !Number.isInteger(value)) return this.fail(path, `expected a whole number, got ${value}`);
    if (value < min || value > max) return this.fail(path, `${value}${unit} is out of range (${min}${unit} to ${max}${unit})`);
    return value;
  }

  string(value: unknown, path: string, maxLength = MAX_STRING, pattern?: RegExp, patternText?: string): string | undefined {
    if (typeof value !== 'string') return this.fail(path, `expected a string, got ${describe(value)}`);
    if (value.length > maxLength) return this.fail(path, `string is too long (${value.length} characters, at most ${maxLength})`);
    if (/[\u0000-\u0008\u000b-\u001f]/.test(value)) return this.fail(path, 'control characters are not allowed');
    if (pattern && !pattern.test(value)) return this.fail(path, `'${clip(value)}' is not ${patternText ?? `of the form ${pattern}`}`);
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (typeof value !== 'boolean') return this.fail(path, `expected true or false, got ${describe(value)}`);
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, choices: readonly T[]): T | undefined {
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      return this.fail(path, `expected one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(value)}`);
    }
    return value as T;
  }
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string '${clip(value)}'`;
  if (typeof value === 'number') return Number.isFinite(value) ? `the number ${value}` : String(value);
  return typeof value;
}

function validateHost(c: Checker, raw: unknown): ScenarioHost | undefined {
  const o = c.object(raw, 'host', ['memTotalKb', 'pageSize', 'hz', 'cpus', 'numaNodes', 'kernel', 'swapKb', 'perPageCostNs', 'otherUsedKb', 'cachedKb']);
  if (!o) return undefined;
  const memTotalKb = c.number(o.memTotalKb, 'host.memTotalKb', MIN_MEM_TOTAL_KB, MAX_MEM_TOTAL_KB, true, ' kB');
  const pageSize = c.number(o.pageSize, 'host.pageSize', 4096, 65_536, true, ' bytes');
  if (pageSize !== undefined && (pageSize & (pageSize - 1)) !== 0) c.fail('host.pageSize', `${pageSize} is not a power of two`);
  const hz = c.number(o.hz, 'host.hz', 100, 1000, true);
  if (hz !== undefined && ![100, 250, 300, 1000].includes(hz)) c.fail('host.hz', `${hz} is not a kernel tick rate (100, 250, 300 or 1000)`);
  const cpus = c.number(o.cpus, 'host.cpus', 1, 8192, true);
  const numaNodes = o.numaNodes === undefined ? DEFAULT_NUMA_NODES : c.number(o.numaNodes, 'host.numaNodes', 1, 64, true);
  const kernel = c.string(o.kernel, 'host.kernel', 32, /^\d{1,2}\.\d{1,3}$/, 'a kernel version like 6.18');
  if (kernel !== undefined && !knobExistsIn('run', kernel)) c.fail('host.kernel', `KSM first appeared in 2.6.32; ${kernel} has none`);
  const swapKb = o.swapKb === undefined ? DEFAULT_SWAP_KB : c.number(o.swapKb, 'host.swapKb', 0, 2 ** 40, true, ' kB');
  const host: ScenarioHost = { memTotalKb: memTotalKb!, pageSize: pageSize!, hz: hz!, cpus: cpus!, numaNodes: numaNodes!, kernel: kernel!, swapKb: swapKb! };
  if (o.perPageCostNs !== undefined) host.perPageCostNs = c.number(o.perPageCostNs, 'host.perPageCostNs', 1, 1_000_000, false, ' ns');
  const ceiling = memTotalKb ?? 2 ** 36;
  if (o.otherUsedKb !== undefined) host.otherUsedKb = c.number(o.otherUsedKb, 'host.otherUsedKb', 0, ceiling, true, ' kB');
  if (o.cachedKb !== undefined) host.cachedKb = c.number(o.cachedKb, 'host.cachedKb', 0, ceiling, true, ' kB');
  return host;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

function validateGuest(c: Checker, raw: unknown, path: string, profiles: readonly string[]): GuestGroup | undefined {
  const o = c.object(raw, path, ['name', 'count', 'memoryMiB', 'profile', 'memMerge', 'mergeableMiB', 'thp', 'binary', 'startAt', 'measured']);
  if (!o) return undefined;
  const guest: GuestGroup = {
    name: c.string(o.name, `${path}.name`, 32, NAME, 'a name of letters, digits, . _ - (at most 32)')!,
    count: c.number(o.count, `${path}.count`, 0, MAX_GUESTS, true)!,
    memoryMiB: c.number(o.memoryMiB, `${path}.memoryMiB`, MIN_GUEST_MEMORY_MIB, MAX_GUEST_MEMORY_MIB, true, ' MiB')!,
    profile: typeof o.profile === 'string' && profiles.includes(o.profile) ? o.profile : c.oneOf(o.profile, `${path}.profile`, profiles)!,
    memMerge: c.boolean(o.memMerge, `${path}.memMerge`)!,
    thp: c.boolean(o.thp, `${path}.thp`)!,
  };
  if (o.binary !== undefined) guest.binary = c.string(o.binary, `${path}.binary`, 256, /^[^\s'"`$\\]+$/, 'a program path without spaces or quotes');
  if (o.startAt !== undefined) guest.startAt = c.number(o.startAt, `${path}.startAt`, 0, MAX_DURATION_SECONDS, false, ' s');
  if (o.mergeableMiB !== undefined) guest.mergeableMiB = c.number(o.mergeableMiB, `${path}.mergeableMiB`, 0, guest.memoryMiB ?? MAX_GUEST_MEMORY_MIB, true, ' MiB (at most memoryMiB)');
  if (o.measured !== undefined) guest.measured = validateMeasuredRef(c, o.measured, `${path}.measured`);
  if (guest.profile === MEASURED_PROFILE) {
    if (o.measured === undefined) c.fail(`${path}.measured`, `a guest with profile '${MEASURED_PROFILE}' names its process in the measurement: { "process": N }`);
    if (guest.count !== undefined && guest.count !== 1) c.fail(`${path}.count`, `a measured guest is one guest (count 1), got ${guest.count}; save it as a profile to run several`);
  } else if (o.measured !== undefined) {
    c.fail(`${path}.measured`, `only a guest with profile '${MEASURED_PROFILE}' takes its pages from the measurement`);
  }
  return guest;
}

function validateMeasuredRef(c: Checker, raw: unknown, path: string): MeasuredRef | undefined {
  const o = c.object(raw, path, ['process']);
  if (!o) return undefined;
  const process = c.number(o.process, `${path}.process`, 0, 1_000_000, true);
  return process === undefined ? undefined : { process };
}

function validateMeasurement(c: Checker, raw: unknown): ScenarioMeasurement | undefined {
  const o = c.object(raw, 'measurement', ['file', 'source', 'startsFrom', 'assumed']);
  if (!o) return undefined;
  const m: ScenarioMeasurement = {
    file: c.string(o.file, 'measurement.file', 1024, /^[^\u0000]+$/, 'a file name')!,
    source: c.oneOf(o.source, 'measurement.source', ['live', 'dump'] as const)!,
    startsFrom: c.oneOf(o.startsFrom, 'measurement.startsFrom', MEASURED_STARTS)!,
  };
  if (o.assumed !== undefined) {
    if (!Array.isArray(o.assumed) || o.assumed.length > 64) c.fail('measurement.assumed', 'expected an array of at most 64 sentences');
    else m.assumed = o.assumed.map((a, i) => c.string(a, `measurement.assumed[${i}]`, 1000)!);
  }
  return m;
}

function validateProcess(c: Checker, raw: unknown, path: string): MeasuredProcessEntry | undefined {
  const o = c.object(raw, path, ['name', 'merge', 'measured']);
  if (!o) return undefined;
  return {
    name: c.string(o.name, `${path}.name`, 32, NAME, 'a name of letters, digits, . _ - (at most 32)')!,
    merge: c.oneOf(o.merge, `${path}.merge`, ['madvise', 'prctl', 'none'] as const)!,
    measured: validateMeasuredRef(c, o.measured, `${path}.measured`)!,
  };
}

/** The fields of a guest profile and their ranges (fractions 0..1, sizes and rates bounded). */
const PROFILE_NUMBERS: ReadonlyArray<[keyof GuestProfile, number, number]> = [
  ['touched', 0, 1], ['zero', 0, 1], ['sharedImageMiB', 0, MAX_GUEST_MEMORY_MIB], ['withinGuestDup', 0, 1], ['withinGuestCopies', 1, 1e9],
  ['churnPerGiB', 0, 1e7], ['zeroFillPerGiB', 0, 1e7], ['zeroFillSeconds', 0, MAX_DURATION_SECONDS], ['bootSeconds', 0, 3600], ['qemuOverheadMiB', 0, 1024 * 1024],
];

function validateProfile(c: Checker, raw: unknown, path: string): GuestProfile | undefined {
  const o = c.object(raw, path, ['id', 'label', ...PROFILE_NUMBERS.map(([k]) => k), 'minMemoryMiB', 'derivedFrom']);
  if (!o) return undefined;
  const id = c.string(o.id, `${path}.id`, 32, NAME, 'a name of letters, digits, . _ - (at most 32)');
  if (id !== undefined && (isGuestProfileId(id) || id === MEASURED_PROFILE)) c.fail(`${path}.id`, `'${id}' is a built-in profile; choose another id`);
  const profile: Record<string, unknown> = { id, label: c.string(o.label, `${path}.label`, 200) };
  for (const [key, min, max] of PROFILE_NUMBERS) profile[key] = c.number(o[key], `${path}.${key}`, min, max, false);
  if (o.minMemoryMiB !== undefined) profile.minMemoryMiB = c.number(o.minMemoryMiB, `${path}.minMemoryMiB`, MIN_GUEST_MEMORY_MIB, MAX_GUEST_MEMORY_MIB, true, ' MiB');
  if (o.derivedFrom !== undefined) profile.derivedFrom = c.string(o.derivedFrom, `${path}.derivedFrom`, 2000);
  return profile as unknown as GuestProfile;
}

function validateKnobs(c: Checker, raw: unknown, kernel: string | undefined): Partial<KsmKnobs> {
  const o = c.object(raw, 'knobs', WRITABLE_KNOB_NAMES);
  const knobs: Record<string, number | string> = {};
  if (!o) return knobs;
  for (const key of WRITABLE_KNOB_NAMES) {
    if (o[key] === undefined) continue;
    const path = `knobs.${key}`;
    const info = knobByName(key);
    if (info?.parse === 'sysfs_streq') {
      const mode = c.oneOf(o[key], path, info.choices ?? []);
      if (mode !== undefined) knobs[key] = mode;
    } else {
      const range = info?.range ?? (info?.choices ? { min: 0, max: 1 } : { min: 0, max: key === 'max_page_sharing' ? INT_MAX : U32_MAX });
      const value = c.number(o[key], path, range.min, Math.min(range.max, Number.MAX_SAFE_INTEGER), true);
      if (value !== undefined) knobs[key] = value;
    }
    if (kernel && /^\d+\.\d+$/.test(kernel) && !knobExistsIn(key, kernel)) {
      c.warnings.push(`${path}: kernel ${kernel} has no ${key} (it arrived in ${info?.since ?? 'a later kernel'}); the value is ignored`);
    }
  }
  return knobs as Partial<KsmKnobs>;
}

function validateKsmtuned(c: Checker, raw: unknown): ScenarioKsmtuned | undefined {
  const o = c.object(raw, 'ksmtuned', ['enabled', 'variant', 'values', 'state']);
  if (!o) return undefined;
  const values: Record<string, string> = Object.create(null);
  const rawValues = o.values === undefined ? {} : c.object(o.values, 'ksmtuned.values', 'any');
  if (rawValues) {
    const entries = Object.entries(rawValues);
    if (entries.length > 32) c.fail('ksmtuned.values', `too many variables (${entries.length}, at most 32)`);
    for (const [key, value] of entries.slice(0, 32)) {
      const path = `ksmtuned.values.${clip(key)}`;
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key)) {
        c.fail('ksmtuned.values', `'${clip(key)}' is not a shell variable name`);
        continue;
      }
      if (typeof value === 'number' && Number.isFinite(value)) values[key] = String(value);
      else {
        const text = c.string(value, path, 256);
        if (text !== undefined) values[key] = text;
      }
    }
  }
  const enabled = c.boolean(o.enabled, 'ksmtuned.enabled')!;
  const tuned: ScenarioKsmtuned = {
    enabled,
    // Which processes ksmtuned counts matters only while it runs.
    variant: o.variant === undefined && enabled === false ? DEFAULT_KSMTUNED_VARIANT : c.oneOf(o.variant, 'ksmtuned.variant', KSMTUNED_VARIANTS)!,
    values: { ...values },
  };
  if (o.state !== undefined) tuned.state = c.oneOf(o.state, 'ksmtuned.state', KSMTUNED_STATES);
  return tuned;
}

/** A list of at most `max` items, each checked by `item`; a missing optional list is empty. */
function validateList<T>(c: Checker, raw: unknown, path: string, noun: string, max: number, item: (c: Checker, raw: unknown, path: string) => T | undefined, required = false): T[] {
  if (raw === undefined && !required) return [];
  if (!Array.isArray(raw)) return c.fail(path, `expected an array, got ${describe(raw)}`) ?? [];
  if (raw.length > max) return c.fail(path, `too many ${noun} (${raw.length}, at most ${max})`) ?? [];
  return raw.map((x, i) => item(c, x, `${path}[${i}]`)).filter((x): x is T => x !== undefined);
}

/** Checks everything, including what only makes sense together (guest RAM against host RAM). */
export function validateScenario(raw: unknown): ValidationResult {
  const c = new Checker();
  const o = c.object(raw, 'scenario', ['$schema', 'name', 'description', 'host', 'guests', 'knobs', 'ksmtuned', 'controller', 'controllerSettings', 'durationSeconds', 'sampleIntervalSeconds', 'profiles', 'measurement', 'processes']);
  if (!o) return { ok: false, errors: c.errors };
  const scenario: Partial<Scenario> = {};
  if (o.$schema !== undefined) scenario.$schema = c.string(o.$schema, '$schema', 256);
  if (o.name !== undefined) scenario.name = c.string(o.name, 'name', 120);
  if (o.description !== undefined) scenario.description = c.string(o.description, 'description', 2000);
  const host = validateHost(c, o.host);
  const profiles = validateList(c, o.profiles, 'profiles', 'profiles', MAX_GUEST_GROUPS, validateProfile);
  const ids = [...GUEST_PROFILE_IDS, MEASURED_PROFILE, ...profiles.map((p) => p.id)];
  const guests = validateList(c, o.guests, 'guests', 'guest groups', MAX_GUEST_GROUPS, (cc, g, path) => validateGuest(cc, g, path, ids), true);
  if (o.profiles !== undefined) scenario.profiles = profiles;
  if (o.measurement !== undefined) scenario.measurement = validateMeasurement(c, o.measurement);
  if (o.processes !== undefined) scenario.processes = validateList(c, o.processes, 'processes', 'processes', MAX_GUEST_GROUPS, validateProcess);
  const measuredUsed = guests.some((g) => g.profile === MEASURED_PROFILE) || (scenario.processes ?? []).length > 0;
  if (measuredUsed && o.measurement === undefined) c.fail('measurement', 'measured guests or processes need the measurement they come from: { "file": ..., "source": ..., "startsFrom": ... }');
  const knobs = o.knobs === undefined ? {} : validateKnobs(c, o.knobs, host?.kernel);
  const ksmtuned = validateKsmtuned(c, o.ksmtuned);
  const durationSeconds = c.number(o.durationSeconds, 'durationSeconds', 1, MAX_DURATION_SECONDS, false, ' s');
  if (o.sampleIntervalSeconds !== undefined) scenario.sampleIntervalSeconds = c.number(o.sampleIntervalSeconds, 'sampleIntervalSeconds', 0.1, 3600, false, ' s');
  if (c.errors.length > 0 || !host || !ksmtuned || durationSeconds === undefined) return { ok: false, errors: c.errors.length ? c.errors : ['scenario: incomplete'] };

  const full: Scenario = { ...scenario, host, guests, knobs, ksmtuned, durationSeconds } as Scenario;
  if (o.controller !== undefined) {
    const name = isControllerName(o.controller) ? o.controller : c.oneOf(o.controller, 'controller', CONTROLLER_NAMES);
    if (name !== undefined) {
      full.controller = name;
      // controller replaces ksmtuned.enabled: the older field follows it, so both read the same.
      full.ksmtuned = { ...ksmtuned, enabled: name === 'ksmtuned' };
    }
  }
  if (o.controllerSettings !== undefined) {
    const settings = validateControllerSettings(c, o.controllerSettings, full.controller ?? (ksmtuned.enabled ? 'ksmtuned' : 'none'));
    if (settings) full.controllerSettings = settings;
  }
  crossCheck(c, full);
  checkController(c, full);
  return c.errors.length ? { ok: false, errors: c.errors } : { ok: true, scenario: full, warnings: c.warnings };
}

function validateControllerSettings(c: Checker, raw: unknown, controller: ControllerName): Record<string, number> | undefined {
  const known = CONTROLLERS[controller].settings;
  const o = c.object(raw, 'controllerSettings', known.map((s) => s.name));
  if (!o) return undefined;
  if (known.length === 0 && Object.keys(o).length > 0) {
    c.fail('controllerSettings', `the ${controller} controller has no settings here${controller === 'ksmtuned' ? ' (ksmtuned reads ksmtuned.values)' : ''}`);
    return undefined;
  }
  const out: Record<string, number> = {};
  for (const s of known) {
    if (o[s.name] === undefined) continue;
    const value = c.number(o[s.name], `controllerSettings.${s.name}`, s.min, s.max, s.integer);
    if (value !== undefined) out[s.name] = value;
  }
  return out;
}

/** What a controller and the knobs mean together: the advisor's kernel, and its lock on pages_to_scan. */
function checkController(c: Checker, s: Scenario): void {
  const name = s.controller ?? (s.ksmtuned.enabled ? 'ksmtuned' : 'none');
  const advisorKnob = s.knobs.advisor_mode === 'scan-time';
  if ((name === 'advisor' || advisorKnob) && !knobExistsIn('advisor_mode', s.host.kernel)) {
    c.fail(name === 'advisor' ? 'controller' : 'knobs.advisor_mode', `the scan-time advisor needs Linux ${knobByName('advisor_mode')?.since ?? '6.8'} or later; kernel ${s.host.kernel} has none`);
  }
  if (advisorKnob && writesPagesToScan(name)) {
    c.warnings.push(
      `controller: ${CONTROLLERS[name].title} writes pages_to_scan, but advisor_mode is scan-time: the kernel refuses those writes with EINVAL and the advisor keeps tuning pages_to_scan (see sysfs/advisor-owns-pages-to-scan)`,
    );
  }
}

function crossCheck(c: Checker, s: Scenario): void {
  const names = new Set<string>();
  let guests = 0;
  let pages = 0;
  let residentKb = (s.host.otherUsedKb ?? 0) + (s.host.cachedKb ?? 0);
  (s.profiles ?? []).forEach((p, i) => {
    if ((s.profiles ?? []).findIndex((q) => q.id === p.id) !== i) c.fail(`profiles[${i}].id`, `'${p.id}' is used by another profile`);
  });
  s.guests.forEach((g, i) => {
    if (names.has(g.name)) c.fail(`guests[${i}].name`, `'${g.name}' is used by another guest group`);
    names.add(g.name);
    guests += g.count;
    // A measured guest's pages come from its measurement (memoryMiB is what it had): count all of it.
    const profile = profileOf(g.profile, s.profiles) ?? { touched: 1, qemuOverheadMiB: 0, minMemoryMiB: undefined };
    if (profile.minMemoryMiB !== undefined && g.memoryMiB < profile.minMemoryMiB) c.fail(`guests[${i}].memoryMiB`, `the ${g.profile} profile needs at least ${profile.minMemoryMiB} MiB`);
    const guestKb = g.memoryMiB * 1024;
    pages += g.count * Math.ceil((guestKb * 1024) / s.host.pageSize);
    residentKb += g.count * (guestKb * (g.thp ? 1 : profile.touched) + profile.qemuOverheadMiB * 1024);
    if (g.startAt !== undefined && g.startAt >= s.durationSeconds) c.warnings.push(`guests[${i}].startAt: the guests start after the run ends`);
  });
  (s.processes ?? []).forEach((p, i) => {
    if (names.has(p.name)) c.fail(`processes[${i}].name`, `'${p.name}' is used by a guest group or another process`);
    names.add(p.name);
  });
  if (guests > MAX_GUESTS) c.fail('guests', `${guests} guests in all; at most ${MAX_GUESTS}`);
  if (pages > MAX_SIMULATED_PAGES) {
    c.fail('guests', `${(pages * s.host.pageSize / 2 ** 30).toFixed(0)} GiB of guest RAM is more than the simulator handles (${(MAX_SIMULATED_PAGES * 4096) / 2 ** 30} GiB of 4 KiB pages)`);
  }
  if (residentKb > s.host.memTotalKb) {
    c.fail('guests', `the guests and the host's other memory need ${Math.round(residentKb / 1024)} MiB resident, more than MemTotal (${Math.round(s.host.memTotalKb / 1024)} MiB)`);
  }
  const interval = effectiveSampleInterval(s);
  if (interval > s.durationSeconds) c.fail('sampleIntervalSeconds', `${interval} s is longer than the run (${s.durationSeconds} s)`);
  else if (s.durationSeconds / interval > MAX_SAMPLES) c.fail('sampleIntervalSeconds', `${Math.ceil(s.durationSeconds / interval)} samples; at most ${MAX_SAMPLES} (use a longer interval)`);
}
