/**
 * What Linux (6.18 handlers) does with one write(2) of `raw` bytes to /sys/kernel/mm/ksm/<knob>.
 * Pure: the caller passes the KSM state in and applies the returned updates itself. Used by the
 * linter (engine/sysfs/analyzer) and by the simulator to replay ksmtuned's writes.
 */
import { CURRENT_KERNEL, knobByName, knobExistsIn, type KnobValue } from '../knowledge/knobs';
import { handlerString, kstrtobool, kstrtoint, kstrtoul, kstrtouint, sysfsStreq, type ParseResult } from './kstrtox';

export type KnobWriteErrno = 'EINVAL' | 'ERANGE' | 'EACCES' | 'EBUSY' | 'ENOENT';

/** The KSM state a write is judged against. */
export interface KnobWriteState {
  /**
   * Current values by sysfs name, as they read back: numbers (booleans 0/1), advisor_mode as
   * 'none' | 'scan-time'. Knobs left out are taken at their kernel default.
   */
  knobs: Partial<Record<string, KnobValue>>;
  /**
   * Whether KSM pages exist (pages_shared != 0). Changing merge_across_nodes or max_page_sharing
   * then fails with EBUSY. After a successful run=2 no KSM pages exist.
   */
  ksmPagesExist: boolean;
  /** Kernel "X.Y"; attributes newer than it do not exist (ENOENT). Default: the newest known. */
  kernel?: string;
  /** false for kernels built without CONFIG_NUMA, which have no merge_across_nodes. Default true. */
  numa?: boolean;
}

export type KnobWriteResult =
  | {
      ok: true;
      /** The knob's value after the write. */
      value: KnobValue;
      /** Exactly what a read of the knob shows afterwards (advisor_mode: the active word), also beyond 2^53. */
      readBack: string;
      /** false when the knob already had that value (or an empty write). */
      changed: boolean;
      /** Every knob whose value the write changes, the target included (e.g. advisor_mode also sets pages_to_scan). */
      updates: Record<string, KnobValue>;
      /** run became 2: every KSM page was unmerged, so ksmPagesExist is false afterwards. */
      unmergedAll?: boolean;
      /** Something worth telling the user although the kernel accepts it (truncation, lenient parse). */
      note?: string;
    }
  | { ok: false; errno: KnobWriteErrno; reason: string };

/** sysfs hands a store handler at most one page (4096 bytes on x86-64) per write(2). */
export const SYSFS_WRITE_MAX = 4096;

type Failure = Extract<KnobWriteResult, { ok: false }>;

function fail(errno: KnobWriteErrno, reason: string): Failure {
  return { ok: false, errno, reason };
}

function current(state: KnobWriteState, name: string): KnobValue | undefined {
  return state.knobs[name] ?? knobByName(name)?.default;
}

/** Parser errors that the handler returns as EINVAL (most KSM handlers) or passes through. */
function parseError(r: Extract<ParseResult<unknown>, { ok: false }>, passThrough: boolean): Failure {
  if (r.errno === 'ERANGE' && !passThrough) return fail('EINVAL', `${r.reason}; the handler reports every parse error as EINVAL`);
  return fail(r.errno, r.reason);
}

function accepted(name: string, value: KnobValue, state: KnobWriteState, extra: Partial<Extract<KnobWriteResult, { ok: true }>> = {}): KnobWriteResult {
  const changed = current(state, name) !== value;
  return { ok: true, value, readBack: String(value), changed, updates: changed ? { [name]: value } : {}, ...extra };
}

/** EBUSY rule shared by merge_across_nodes and max_page_sharing. */
function busyUnlessUnmerged(name: string, value: number, state: KnobWriteState): KnobWriteResult {
  if (current(state, name) === value) return accepted(name, value, state);
  if (state.ksmPagesExist) {
    return fail('EBUSY', `${name} can only change while no KSM pages exist (pages_shared is not 0); write 2 to run first to unmerge them`);
  }
  return accepted(name, value, state);
}

function u32Knob(name: string, raw: string, state: KnobWriteState): KnobWriteResult {
  const r = kstrtouint(raw);
  if (!r.ok) return parseError(r, false);
  return accepted(name, Number(r.value), state);
}

function ulongKnob(name: string, raw: string, state: KnobWriteState, min = 0n): KnobWriteResult {
  const r = kstrtoul(raw);
  if (!r.ok) return parseError(r, false);
  if (r.value < min) return fail('EINVAL', `${name} must be at least ${min}`);
  return accepted(name, Number(r.value), state, { readBack: r.value.toString() });
}

function boolKnob(name: string, raw: string, state: KnobWriteState): KnobWriteResult {
  const r = kstrtobool(raw);
  if (!r.ok) return parseError(r, false);
  const value = r.value ? 1 : 0;
  const plain = raw === String(value) || raw === `${value}\n`;
  return accepted(name, value, state, plain ? {} : { note: `the kernel reads ${JSON.stringify(raw)} as ${value} (only the first characters count)` });
}

type Handler = (raw: string, state: KnobWriteState) => KnobWriteResult;

const HANDLERS: Record<string, Handler> = {
  run(raw, state) {
    const r = kstrtouint(raw);
    if (!r.ok) return parseError(r, false);
    if (r.value > 2n) return fail('EINVAL', `run accepts only 0, 1 or 2, not ${r.value}`);
    const value = Number(r.value);
    const result = accepted('run', value, state);
    return result.ok && result.changed && value === 2 ? { ...result, unmergedAll: true } : result;
  },
  pages_to_scan(raw, state) {
    if (current(state, 'advisor_mode') !== 'none') {
      return fail('EINVAL', 'pages_to_scan refuses writes while advisor_mode is scan-time (the advisor sets it); write none to advisor_mode first');
    }
    return u32Knob('pages_to_scan', raw, state);
  },
  sleep_millisecs: (raw, state) => u32Knob('sleep_millisecs', raw, state),
  stable_node_chains_prune_millisecs: (raw, state) => u32Knob('stable_node_chains_prune_millisecs', raw, state),
  merge_across_nodes(raw, state) {
    const r = kstrtoul(raw);
    if (!r.ok) return parseError(r, true);
    if (r.value > 1n) return fail('EINVAL', `merge_across_nodes accepts only 0 or 1, not ${r.value}`);
    return busyUnlessUnmerged('merge_across_nodes', Number(r.value), state);
  },
  max_page_sharing(raw, state) {
    const r = kstrtoint(raw);
    if (!r.ok) return parseError(r, true);
    if (r.value < 2n) return fail('EINVAL', `max_page_sharing must be at least 2, not ${r.value}`);
    return busyUnlessUnmerged('max_page_sharing', Number(r.value), state);
  },
  use_zero_pages: (raw, state) => boolKnob('use_zero_pages', raw, state),
  smart_scan: (raw, state) => boolKnob('smart_scan', raw, state),
  advisor_mode(raw, state) {
    const mode = sysfsStreq(raw, 'scan-time') ? 'scan-time' : sysfsStreq(raw, 'none') ? 'none' : undefined;
    if (!mode) return fail('EINVAL', `advisor_mode accepts exactly none or scan-time (one trailing newline allowed), not ${JSON.stringify(raw)}`);
    const result = accepted('advisor_mode', mode, state);
    if (!result.ok || !result.changed) return result;
    const pagesToScan = mode === 'none' ? 100 : Number(current(state, 'advisor_min_pages_to_scan'));
    return { ...result, updates: { ...result.updates, pages_to_scan: pagesToScan } };
  },
  advisor_max_cpu(raw, state) {
    const r = kstrtoul(raw);
    if (!r.ok) return parseError(r, false);
    const stored = Number(r.value & 0xffffffffn);
    const note = BigInt(stored) !== r.value ? `the kernel keeps only the low 32 bits: ${r.value} is stored as ${stored}` : undefined;
    return accepted('advisor_max_cpu', stored, state, note ? { note } : {});
  },
  advisor_min_pages_to_scan: (raw, state) => ulongKnob('advisor_min_pages_to_scan', raw, state),
  advisor_max_pages_to_scan: (raw, state) => ulongKnob('advisor_max_pages_to_scan', raw, state),
  advisor_target_scan_time: (raw, state) => ulongKnob('advisor_target_scan_time', raw, state, 1n),
};

/**
 * Models write(fd, raw) on /sys/kernel/mm/ksm/<knob> with the kernel in `state`. `raw` holds the
 * bytes as characters (echo's trailing newline included). A failure to open (ENOENT, EACCES) is
 * reported like a failed write.
 */
export function applyKnobWrite(knob: string, raw: string, state: KnobWriteState): KnobWriteResult {
  const info = knobByName(knob);
  const kernel = state.kernel ?? CURRENT_KERNEL;
  if (!info) return fail('ENOENT', `/sys/kernel/mm/ksm has no attribute ${JSON.stringify(knob)}`);
  if (!knobExistsIn(knob, kernel, state.numa ?? true)) {
    const why = info.requires === 'CONFIG_NUMA' && state.numa === false ? 'kernels built without NUMA support' : `Linux ${kernel} (it appeared in ${info.since})`;
    return fail('ENOENT', `${knob} does not exist in ${why}`);
  }
  if (info.access === 'RO') return fail('EACCES', `${knob} is a read-only counter; opening it for writing fails even for root`);
  const value = current(state, knob);
  // The sysfs core returns before the handler when nothing is written.
  if (raw.length === 0) return { ok: true, value: value ?? 0, readBack: String(value ?? 0), changed: false, updates: {} };
  // One write(2) hands the handler at most one page; the caller sees a short write.
  const truncated = raw.length > SYSFS_WRITE_MAX;
  const result = HANDLERS[knob](handlerString(truncated ? raw.slice(0, SYSFS_WRITE_MAX) : raw), state);
  if (!truncated || !result.ok) return result;
  return { ...result, note: `only the first ${SYSFS_WRITE_MAX} bytes of ${raw.length} reach the kernel in one write` };
}

/** Applies a successful write's updates to a copy of `state`. */
export function nextKnobState(state: KnobWriteState, result: KnobWriteResult): KnobWriteState {
  if (!result.ok) return state;
  return { ...state, knobs: { ...state.knobs, ...result.updates }, ksmPagesExist: result.unmergedAll ? false : state.ksmPagesExist };
}

/** Writable knobs the handlers cover; kept equal to the table by a test. */
export const WRITE_HANDLED_KNOBS: readonly string[] = Object.keys(HANDLERS);
