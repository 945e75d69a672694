/**
 * Messages between the what-if webview and the extension host. Closed discriminated unions,
 * checked on arrival on both sides (`parseToHost`, `parseToWebview`): anything else is dropped.
 * Pure TypeScript, bundled into both the extension and the browser script.
 */
import type { KnobWriteRecord } from '../../engine/sim/api';
import type { GuestSavings, RunMetrics } from '../../engine/whatif/metrics';

export const PROTOCOL_VERSION = 1;
export const SLOTS = ['a', 'b'] as const;
export type Slot = (typeof SLOTS)[number];

/** The plotted series of one run, column-wise (one entry per sample). */
export interface RunSeries {
  t: number[];
  savedGiB: number[];
  pages_shared: number[];
  pages_sharing: number[];
  pages_unshared: number[];
  pages_volatile: number[];
  pages_to_scan: number[];
  ksmdCpuPercent: number[];
  freeGiB: number[];
  /** general_profit by the kernel's formula (the result's generalProfitBytes), in GiB. */
  generalProfitGiB: number[];
}
export const SERIES_KEYS = ['t', 'savedGiB', 'pages_shared', 'pages_sharing', 'pages_unshared', 'pages_volatile', 'pages_to_scan', 'ksmdCpuPercent', 'freeGiB', 'generalProfitGiB'] as const;

/** The run's figures under the names the JSON result's summary and perGuest use (engine/whatif/metrics); perGuest cut to MAX_GUESTS_SHOWN. */
export type RunFigures = RunMetrics & { perGuestTotal: number };
export const MAX_GUESTS_SHOWN = 64;

export interface RunView {
  label: string;
  /** The scenario exactly as run (already validated by the host). */
  scenario: unknown;
  sentences: string[];
  savedGiB: number;
  t50: number | null;
  t90: number | null;
  ksmdCpuMeanPercent: number;
  /** ksmtuned's free-memory threshold in GiB, when ksmtuned ran. */
  thresGiB: number | null;
  series: RunSeries;
  /** The knob writes that changed a value or were refused (at most MAX_KNOB_WRITES), by ksmtuned or another controller. */
  knobWrites?: KnobWriteView[];
  /** general_profit, saved per ksmd CPU-second, settled time, zero-page saving, per guest (at most MAX_GUESTS_SHOWN). */
  figures: RunFigures;
}

/** A knob write as the simulator records it (engine/sim/api.ts). */
export type KnobWriteView = KnobWriteRecord;
export const MAX_KNOB_WRITES = 200;

function isKnobWrites(v: unknown): v is KnobWriteView[] {
  return (
    Array.isArray(v) &&
    v.length <= MAX_KNOB_WRITES &&
    v.every(
      (w) =>
        isRecord(w) &&
        onlyKeys(w, ['t', 'by', 'knob', 'value', 'ok', 'error']) &&
        typeof w.t === 'number' &&
        Number.isFinite(w.t) &&
        isShortString(w.by, 40) &&
        isShortString(w.knob, 64) &&
        isShortString(w.value, 64) &&
        typeof w.ok === 'boolean' &&
        (w.error === undefined || isShortString(w.error, 300)),
    )
  );
}

/**
 * Where the scenario came from, as the page shows it. The document "Apply" writes to is not here:
 * the extension keeps it in its own state (client/whatif/applyTarget.ts), never in the page's.
 */
export interface SourceInfo {
  kind: 'ksmtuned' | 'shell' | 'scenario' | 'host' | 'default';
  label: string;
  /** Whether "Apply" can write into the source document. */
  canApply: boolean;
}

export interface FieldRange {
  min: number;
  max: number;
  step?: number;
}

export interface Ranges {
  [field: string]: FieldRange;
}

/** What the scenario form offers, from engine/knowledge and the scenario validator (the webview keeps no copy). */
export interface FormKnowledge {
  /** Bounds of the host, guest and duration fields. */
  ranges: Ranges;
  /** Guest profile ids, and the one a new guest group gets. */
  profiles: string[];
  defaultProfile: string;
  /** ksmtuned variables with the default shown as placeholder and the useful range. */
  ksmtunedVariables: Array<{ name: string; default: string } & FieldRange>;
  /** The knobs the form edits: the kernel default (the placeholder), a note ('' or the first kernel) and the accepted range. */
  knobs: Array<{ name: string; default: string; hint: string } & FieldRange>;
}

export type ToWebview =
  /**
   * keepResults: the same scenario again (the page was hidden or reloaded, or its source re-read
   * after Apply), so results the page kept stay. panelId: kept in the page's state so a restored
   * panel finds the Apply target the extension recorded for it.
   */
  | { type: 'init'; v: 1; panelId: string; scenario: unknown; source: SourceInfo; form: FormKnowledge; notes: string[]; keepResults: boolean }
  | { type: 'running'; slot: Slot; runId: number }
  /** preparing: the guests are being built, no fraction yet; simulating: the simulated share of the duration. */
  | { type: 'progress'; runId: number; phase: ProgressPhase; fraction: number }
  | { type: 'result'; slot: Slot; runId: number; run: RunView }
  /** The run was stopped; whatever result the slot had stays. */
  | { type: 'cancelled'; slot: Slot; runId: number }
  | { type: 'error'; message: string }
  /** The outcome of an action (Apply, Export), said in words. */
  | { type: 'notice'; ok: boolean; message: string }
  | { type: 'suggestProgress'; done: number; total: number }
  | { type: 'suggestion'; advice: SuggestionView };

export const PROGRESS_PHASES = ['preparing', 'simulating'] as const;
export type ProgressPhase = (typeof PROGRESS_PHASES)[number];

export type ToHost =
  | { type: 'ready' }
  | { type: 'run'; slot: Slot; scenario: unknown }
  | { type: 'compareDefaults'; scenario: unknown }
  | { type: 'cancel' }
  | { type: 'export'; slot: Slot; format: 'csv' | 'json' }
  | { type: 'apply'; scenario: unknown }
  | { type: 'importHost' }
  | { type: 'stateChanged'; scenario: unknown }
  | { type: 'suggest'; scenario: unknown };

/** One point of a settings search as the panel plots it. */
export interface SuggestionPoint {
  settings: Record<string, string>;
  savedGiB: number;
  ksmdCpuPercent: number;
  goalReachedSeconds: number | null;
}

/** `samepage tune`'s advice for the panel: the frontier, the current settings, the recommendation, words and the format to copy. */
export interface SuggestionView {
  frontier: SuggestionPoint[];
  current: SuggestionPoint;
  recommended: SuggestionPoint;
  goalReached: boolean;
  sentences: string[];
  format: { format: string; text: string };
}

export const MAX_MESSAGE_STRING = 4000;
/** Bounds of the init message's notes. */
export const MAX_NOTES = 20;
export const MAX_NOTE_LENGTH = 500;
export const MAX_SERIES_LENGTH = 20_001;

function isRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function onlyKeys(o: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(o).every((k) => keys.includes(k));
}

function isSlot(v: unknown): v is Slot {
  return v === 'a' || v === 'b';
}

function isShortString(v: unknown, max = MAX_MESSAGE_STRING): v is string {
  return typeof v === 'string' && v.length <= max;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

export function isPanelId(v: unknown): v is string {
  return typeof v === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(v);
}

function isFiniteOrNull(v: unknown): v is number | null {
  return v === null || (typeof v === 'number' && Number.isFinite(v));
}

/** A scenario payload is only checked for being a plain, bounded JSON object here; validateScenario does the rest. */
export function isScenarioPayload(v: unknown): boolean {
  if (!isRecord(v)) return false;
  try {
    return JSON.stringify(v).length <= 200_000;
  } catch {
    return false;
  }
}

/** Messages the extension host accepts from the webview. */
export function parseToHost(raw: unknown): ToHost | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'ready':
    case 'cancel':
    case 'importHost':
      return onlyKeys(raw, ['type']) ? { type: raw.type } : undefined;
    case 'run':
      return onlyKeys(raw, ['type', 'slot', 'scenario']) && isSlot(raw.slot) && isScenarioPayload(raw.scenario) ? { type: 'run', slot: raw.slot, scenario: raw.scenario } : undefined;
    case 'compareDefaults':
    case 'apply':
    case 'stateChanged':
    case 'suggest':
      return onlyKeys(raw, ['type', 'scenario']) && isScenarioPayload(raw.scenario) ? { type: raw.type, scenario: raw.scenario } : undefined;
    case 'export':
      return onlyKeys(raw, ['type', 'slot', 'format']) && isSlot(raw.slot) && (raw.format === 'csv' || raw.format === 'json')
        ? { type: 'export', slot: raw.slot, format: raw.format }
        : undefined;
    default:
      return undefined;
  }
}

function isSeries(v: unknown): v is RunSeries {
  if (!isRecord(v) || !onlyKeys(v, SERIES_KEYS)) return false;
  let length = -1;
  for (const key of SERIES_KEYS) {
    const column = v[key];
    if (!Array.isArray(column) || column.length > MAX_SERIES_LENGTH) return false;
    if (length >= 0 && column.length !== length) return false;
    length = column.length;
    if (!column.every((x) => typeof x === 'number' && Number.isFinite(x))) return false;
  }
  return true;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isGuestSavings(v: unknown): v is GuestSavings {
  return isRecord(v) && onlyKeys(v, ['name', 'mergingPages', 'zeroPages', 'rmapItems', 'profitBytes']) && isShortString(v.name, 64) && isNumber(v.mergingPages) && isNumber(v.zeroPages) && isNumber(v.rmapItems) && isNumber(v.profitBytes);
}

function isFigures(v: unknown): v is RunFigures {
  return (
    isRecord(v) &&
    onlyKeys(v, ['generalProfitBytes', 'ksmdCpuSeconds', 'savedBytesPerCpuSecond', 'settledSeconds', 'zeroPageSavedBytes', 'perGuest', 'perGuestTotal']) &&
    isNumber(v.perGuestTotal) &&
    isNumber(v.generalProfitBytes) &&
    isNumber(v.ksmdCpuSeconds) &&
    isFiniteOrNull(v.savedBytesPerCpuSecond) &&
    isFiniteOrNull(v.settledSeconds) &&
    isNumber(v.zeroPageSavedBytes) &&
    Array.isArray(v.perGuest) &&
    v.perGuest.length <= MAX_GUESTS_SHOWN &&
    v.perGuest.every(isGuestSavings)
  );
}

function isRunView(v: unknown): v is RunView {
  return (
    isRecord(v) &&
    onlyKeys(v, ['label', 'scenario', 'sentences', 'savedGiB', 't50', 't90', 'ksmdCpuMeanPercent', 'thresGiB', 'series', 'knobWrites', 'figures']) &&
    isFigures(v.figures) &&
    (v.knobWrites === undefined || isKnobWrites(v.knobWrites)) &&
    isShortString(v.label, 300) &&
    isScenarioPayload(v.scenario) &&
    Array.isArray(v.sentences) &&
    v.sentences.length <= 20 &&
    v.sentences.every((s) => isShortString(s, 1000)) &&
    typeof v.savedGiB === 'number' &&
    Number.isFinite(v.savedGiB) &&
    isFiniteOrNull(v.t50) &&
    isFiniteOrNull(v.t90) &&
    typeof v.ksmdCpuMeanPercent === 'number' &&
    Number.isFinite(v.ksmdCpuMeanPercent) &&
    isFiniteOrNull(v.thresGiB) &&
    isSeries(v.series)
  );
}

function isSettings(v: unknown): v is Record<string, string> {
  return isRecord(v) && Object.keys(v).length <= 16 && Object.entries(v).every(([k, x]) => k.length <= 64 && isShortString(x, 64));
}

function isSuggestionPoint(v: unknown): v is SuggestionPoint {
  return (
    isRecord(v) &&
    onlyKeys(v, ['settings', 'savedGiB', 'ksmdCpuPercent', 'goalReachedSeconds']) &&
    isSettings(v.settings) &&
    typeof v.savedGiB === 'number' &&
    Number.isFinite(v.savedGiB) &&
    typeof v.ksmdCpuPercent === 'number' &&
    Number.isFinite(v.ksmdCpuPercent) &&
    isFiniteOrNull(v.goalReachedSeconds)
  );
}

function isSuggestion(v: unknown): v is SuggestionView {
  return (
    isRecord(v) &&
    onlyKeys(v, ['frontier', 'current', 'recommended', 'goalReached', 'sentences', 'format']) &&
    Array.isArray(v.frontier) &&
    v.frontier.length <= 200 &&
    v.frontier.every(isSuggestionPoint) &&
    isSuggestionPoint(v.current) &&
    isSuggestionPoint(v.recommended) &&
    typeof v.goalReached === 'boolean' &&
    Array.isArray(v.sentences) &&
    v.sentences.length <= 10 &&
    v.sentences.every((x) => isShortString(x, 1000)) &&
    isRecord(v.format) &&
    onlyKeys(v.format, ['format', 'text']) &&
    isShortString(v.format.format, 200) &&
    isShortString(v.format.text, 2000)
  );
}

function isSource(v: unknown): v is SourceInfo {
  return (
    isRecord(v) &&
    onlyKeys(v, ['kind', 'label', 'canApply']) &&
    ['ksmtuned', 'shell', 'scenario', 'host', 'default'].includes(v.kind as string) &&
    isShortString(v.label, 300) &&
    typeof v.canApply === 'boolean'
  );
}

function isFieldRange(r: Record<string, unknown>): boolean {
  return typeof r.min === 'number' && typeof r.max === 'number' && Number.isFinite(r.min) && Number.isFinite(r.max) && r.min <= r.max && (r.step === undefined || (typeof r.step === 'number' && r.step > 0));
}

function isRanges(v: unknown): v is Ranges {
  if (!isRecord(v) || Object.keys(v).length > 100) return false;
  return Object.entries(v).every(([k, r]) => k.length <= 64 && isRecord(r) && onlyKeys(r, ['min', 'max', 'step']) && isFieldRange(r));
}

/** A list of named fields: each a name, its texts (default, hint) and a range. */
function isFieldList(v: unknown, texts: string[]): boolean {
  return Array.isArray(v) && v.length <= 64 && v.every((f) => isRecord(f) && onlyKeys(f, ['name', ...texts, 'min', 'max', 'step']) && isShortString(f.name, 64) && texts.every((t) => isShortString(f[t], 200)) && isFieldRange(f));
}

function isFormKnowledge(v: unknown): v is FormKnowledge {
  return (
    isRecord(v) &&
    onlyKeys(v, ['ranges', 'profiles', 'defaultProfile', 'ksmtunedVariables', 'knobs']) &&
    isRanges(v.ranges) &&
    Array.isArray(v.profiles) &&
    v.profiles.length <= 64 &&
    v.profiles.every((p) => isShortString(p, 64)) &&
    typeof v.defaultProfile === 'string' &&
    v.profiles.includes(v.defaultProfile) &&
    isFieldList(v.ksmtunedVariables, ['default']) &&
    isFieldList(v.knobs, ['default', 'hint'])
  );
}

/** Messages the webview accepts from the extension host. */
export function parseToWebview(raw: unknown): ToWebview | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'init':
      return onlyKeys(raw, ['type', 'v', 'panelId', 'scenario', 'source', 'form', 'notes', 'keepResults']) &&
        raw.v === PROTOCOL_VERSION &&
        isPanelId(raw.panelId) &&
        typeof raw.keepResults === 'boolean' &&
        isScenarioPayload(raw.scenario) &&
        isSource(raw.source) &&
        isFormKnowledge(raw.form) &&
        Array.isArray(raw.notes) &&
        raw.notes.length <= MAX_NOTES &&
        raw.notes.every((n) => isShortString(n, MAX_NOTE_LENGTH))
        ? { type: 'init', v: 1, panelId: raw.panelId, scenario: raw.scenario, source: raw.source, form: raw.form, notes: raw.notes as string[], keepResults: raw.keepResults }
        : undefined;
    case 'running':
      return onlyKeys(raw, ['type', 'slot', 'runId']) && isSlot(raw.slot) && isCount(raw.runId) ? { type: 'running', slot: raw.slot, runId: raw.runId } : undefined;
    case 'progress':
      return onlyKeys(raw, ['type', 'runId', 'phase', 'fraction']) &&
        isCount(raw.runId) &&
        PROGRESS_PHASES.includes(raw.phase as ProgressPhase) &&
        typeof raw.fraction === 'number' &&
        raw.fraction >= 0 &&
        raw.fraction <= 1
        ? { type: 'progress', runId: raw.runId, phase: raw.phase as ProgressPhase, fraction: raw.fraction }
        : undefined;
    case 'cancelled':
      return onlyKeys(raw, ['type', 'slot', 'runId']) && isSlot(raw.slot) && isCount(raw.runId) ? { type: 'cancelled', slot: raw.slot, runId: raw.runId } : undefined;
    case 'result':
      return onlyKeys(raw, ['type', 'slot', 'runId', 'run']) && isSlot(raw.slot) && isCount(raw.runId) && isRunView(raw.run)
        ? { type: 'result', slot: raw.slot, runId: raw.runId, run: raw.run }
        : undefined;
    case 'error':
      return onlyKeys(raw, ['type', 'message']) && isShortString(raw.message) ? { type: 'error', message: raw.message } : undefined;
    case 'notice':
      return onlyKeys(raw, ['type', 'ok', 'message']) && typeof raw.ok === 'boolean' && isShortString(raw.message) ? { type: 'notice', ok: raw.ok, message: raw.message } : undefined;
    case 'suggestProgress':
      return onlyKeys(raw, ['type', 'done', 'total']) && isCount(raw.done) && isCount(raw.total) && raw.done <= raw.total ? { type: 'suggestProgress', done: raw.done, total: raw.total } : undefined;
    case 'suggestion':
      return onlyKeys(raw, ['type', 'advice']) && isSuggestion(raw.advice) ? { type: 'suggestion', advice: raw.advice } : undefined;
    default:
      return undefined;
  }
}

/** What the webview keeps with setState() (and the serializer restores): checked like a message. */
export interface PersistedState {
  v: 1;
  /** Which panel this page was: the key of the Apply target the extension recorded. */
  panelId?: string;
  scenario: unknown;
  source: SourceInfo;
  /** The last results, so a reload shows them without running again. */
  runs?: Partial<Record<Slot, RunView>>;
}

export function parsePersistedState(raw: unknown): PersistedState | undefined {
  if (!isRecord(raw) || raw.v !== 1 || !isScenarioPayload(raw.scenario) || !isRecord(raw.source)) return undefined;
  // Pages saved by 0.1.0 kept the document's URI here; it is dropped, never trusted.
  const { uri: _dropped, ...source } = raw.source;
  if (!isSource(source)) return undefined;
  const runs: Partial<Record<Slot, RunView>> = {};
  if (isRecord(raw.runs)) for (const slot of SLOTS) if (isRunView(raw.runs[slot])) runs[slot] = raw.runs[slot] as RunView;
  return { v: 1, ...(isPanelId(raw.panelId) ? { panelId: raw.panelId } : {}), scenario: raw.scenario, source, runs };
}
