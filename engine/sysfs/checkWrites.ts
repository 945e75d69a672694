/**
 * Judges a document's knob writes in order, the way the kernel would receive them: values it
 * rejects (EINVAL, ERANGE), files it refuses (EACCES, missing knobs), and order-dependent
 * failures (EBUSY without a run=2 before, pages_to_scan under the scan-time advisor).
 *
 * What the file does not say is assumed to be the kernel default (advisor_mode none,
 * merge_across_nodes 1, ...), except that KSM pages may exist until the file writes run=2.
 */
import { KNOB_NAMES, knobByName, knobDefaults, knobExistsIn, REMOVED_KNOBS, type KnobValue } from '../knowledge/knobs';
import type { Finding, Fix } from '../language/types';
import type { LineIndex } from '../text/lineIndex';
import { suggestKnobs } from './didYouMean';
import { applyKnobWrite, type KnobWriteResult } from './kernelWrite';
import type { KnobWriteSite } from './knobWrite';
import { plainBoolean, suggestValue } from './valueFix';

export interface CheckOptions {
  /** Kernel "X.Y" whose knobs exist. */
  kernel: string;
  /** How the kernel was chosen, for messages ("the samepage.kernel.version setting", "this host"). */
  kernelSource: string;
  index: LineIndex;
  /** Stop after this many findings (the document's findings cap); undefined for no limit. */
  limit?: number;
}

interface LintState {
  knobs: Record<string, KnobValue | undefined>;
  /** Knobs whose value depends on a conditional or unknown write. */
  uncertain: Set<string>;
  pagesMayExist: boolean;
  /** Why pages may exist, for messages. */
  pagesReason: string;
  advisorSetAt?: number;
}

const ERRNO_RULES: Record<string, string> = { EINVAL: 'sysfs/einval', ERANGE: 'sysfs/erange' };
const BUSY_KNOBS = new Set(['merge_across_nodes', 'max_page_sharing']);

function show(raw: string): string {
  return JSON.stringify(raw.length > 60 ? raw.slice(0, 60) + '…' : raw);
}

function lineOf(options: CheckOptions, offset: number): number {
  return options.index.positionAt(offset).line + 1;
}

function renameFixes(site: KnobWriteSite, names: string[]): Fix[] {
  return names.map((name, i) => ({ title: `Change to ${name}`, edits: [{ range: site.nameRange, newText: name }], preferred: i === 0 && names.length === 1 }));
}

function valueFix(site: KnobWriteSite, value: string, title = `Write ${value}`): Fix[] {
  if (!site.valueRange || !site.spellValue) return [];
  return [{ title, edits: [{ range: site.valueRange, newText: site.spellValue(value) }], preferred: true }];
}

/** Name-level problems: unknown, absent from this kernel, read-only. Returns true when the write cannot happen. */
function checkName(site: KnobWriteSite, knob: string, options: CheckOptions, findings: Finding[]): boolean {
  const info = knobByName(knob);
  if (!info) {
    const removed = REMOVED_KNOBS[knob];
    const suggestions = knob === '' ? [] : suggestKnobs(knob, KNOB_NAMES.filter((n) => knobExistsIn(n, options.kernel)));
    const message =
      knob === ''
        ? 'This names the /sys/kernel/mm/ksm directory itself, not a knob; the write fails (EISDIR).'
        : removed
          ? `${knob} existed only in Linux ${removed.since} and was removed in ${removed.removedIn} (${removed.note}); the write fails (ENOENT; a shell redirection reports "Permission denied" because sysfs cannot create files).`
          : `/sys/kernel/mm/ksm has no ${knob}; the write fails (ENOENT; a shell redirection reports "Permission denied" because sysfs cannot create files).${suggestions.length ? ` Did you mean ${suggestions.join(', ')}?` : ''}`;
    findings.push({ ruleId: 'sysfs/unknown-knob', severity: 'error', message, range: site.nameRange.end > site.nameRange.start ? site.nameRange : site.pathRange, fixes: renameFixes(site, suggestions) });
    return true;
  }
  if (!knobExistsIn(knob, options.kernel)) {
    findings.push({
      ruleId: 'sysfs/knob-not-in-kernel',
      severity: 'error',
      message: `${knob} appeared in Linux ${info.since}; Linux ${options.kernel} (${options.kernelSource}) has no such file, so the write fails (ENOENT).`,
      range: site.nameRange,
    });
    return true;
  }
  if (site.attempts !== undefined && info.access === 'RO') {
    findings.push({
      ruleId: 'sysfs/read-only',
      severity: 'error',
      message: `${knob} is a read-only counter: opening it for writing fails with EACCES, even as root.`,
      range: site.nameRange,
    });
    return true;
  }
  return false;
}

function knownKnobs(state: LintState): Record<string, KnobValue> {
  const knobs: Record<string, KnobValue> = {};
  for (const [k, v] of Object.entries(state.knobs)) if (v !== undefined) knobs[k] = v;
  return knobs;
}

interface Rejection {
  raw: string;
  result: Extract<KnobWriteResult, { ok: false }>;
  /** The write(2) calls of the attempt it belongs to. */
  chunks: string[];
}

/**
 * Runs the site's attempts (each a sequence of write(2) calls on one open file; the next attempt
 * only when one of them failed), updating the state after every accepted write. Returns the first
 * rejected write of the last attempt, if any.
 */
function runAttempts(site: KnobWriteSite, knob: string, state: LintState, options: CheckOptions, findings: Finding[]): Rejection | undefined {
  let rejection: Rejection | undefined;
  const reported = new Set<string>();
  for (const chunks of site.attempts ?? []) {
    rejection = undefined;
    for (const raw of chunks) {
      const result = applyKnobWrite(knob, raw, { knobs: knownKnobs(state), ksmPagesExist: false, kernel: options.kernel });
      if (!result.ok) {
        if (!rejection) rejection = { raw, result, chunks };
        else if (rejection.result.errno !== result.errno) continue;
        continue;
      }
      for (const f of acceptedFindings(site, knob, raw, result, state)) {
        if (!reported.has(f.ruleId)) findings.push(f);
        reported.add(f.ruleId);
      }
      applyState(site, knob, result, state, options);
    }
    if (!rejection) return undefined;
  }
  return rejection;
}

function rejectFinding(site: KnobWriteSite, knob: string, rejection: Rejection, state: LintState, options: CheckOptions): Finding {
  const { raw, result, chunks } = rejection;
  if (knob === 'pages_to_scan' && state.knobs.advisor_mode === 'scan-time' && result.errno === 'EINVAL' && applyKnobWrite(knob, raw, { knobs: {}, ksmPagesExist: false }).ok) {
    const where = state.advisorSetAt !== undefined ? `advisor_mode was set to scan-time on line ${lineOf(options, state.advisorSetAt)}` : 'advisor_mode is scan-time';
    const fixes: Fix[] = site.insertBefore ? [{ title: 'Switch advisor_mode to none first', edits: [site.insertBefore('advisor_mode', 'none')] }] : [];
    return {
      ruleId: 'sysfs/advisor-owns-pages-to-scan',
      severity: state.uncertain.has('advisor_mode') ? 'warning' : 'error',
      message: `${where}, so the kernel tunes pages_to_scan itself and this write fails with EINVAL. Set advisor_mode to none first, or tune the advisor_* knobs instead.`,
      range: site.nameRange,
      fixes,
    };
  }
  const retried = site.attempts !== undefined && site.attempts.length > 1;
  const whole = (retried ? site.attempts![0] : chunks).join('');
  const writer = retried ? `${site.via} (printf '%s', then echo with a newline)` : site.via;
  const split = chunks.length > 1 ? ` bash's echo and printf write line by line, so the kernel gets ${chunks.map(show).join(', ')} as separate writes and refuses ${show(raw)}:` : '';
  const suggestion = site.valueRange ? suggestValue(knob, whole.replace(/\n$/, '')) : undefined;
  return {
    ruleId: ERRNO_RULES[result.errno] ?? 'sysfs/einval',
    severity: 'error',
    message: `${writer} writes ${show(whole)} to ${knob};${split || ' the kernel rejects it with'} ${split ? `${result.errno}, ` : `${result.errno}: `}${result.reason}.${suggestion !== undefined ? ` Write ${suggestion}.` : ''}`,
    range: site.valueRange ?? site.nameRange,
    fixes: suggestion !== undefined ? valueFix(site, suggestion) : [],
  };
}

function acceptedFindings(site: KnobWriteSite, knob: string, raw: string, result: Extract<KnobWriteResult, { ok: true }>, state: LintState): Finding[] {
  const findings: Finding[] = [];
  if (BUSY_KNOBS.has(knob) && (result.changed || state.uncertain.has(knob)) && state.pagesMayExist) {
    findings.push({
      ruleId: 'sysfs/ebusy',
      severity: 'warning',
      message: `${knob} can only change while no KSM pages exist; ${state.pagesReason}, so this write fails with EBUSY whenever pages are merged. Write 2 to run first (it unmerges everything), then set run back to 1.`,
      range: site.nameRange,
      fixes: site.insertBefore ? [{ title: 'Write 2 to run first (unmerge all pages)', edits: [site.insertBefore('run', '2')], preferred: true }] : [],
    });
  }
  if (raw.length === 0) {
    findings.push({
      ruleId: 'sysfs/lenient-value',
      severity: 'warning',
      message: `${site.via} ends up writing no bytes to ${knob} (e.g. an echo that takes the value for its -n option), so the kernel keeps the current value.`,
      range: site.valueRange ?? site.nameRange,
    });
  }
  if (result.note) {
    const info = knobByName(knob);
    const plain = info?.parse === 'kstrtobool' ? plainBoolean(knob, raw) : undefined;
    findings.push({
      ruleId: 'sysfs/lenient-value',
      severity: knob === 'advisor_max_cpu' || raw.length > 4096 ? 'warning' : 'information',
      message: `${site.via} writes ${show(raw)} to ${knob}; accepted, but ${result.note}.`,
      range: site.valueRange ?? site.nameRange,
      fixes: plain !== undefined ? valueFix(site, plain, `Write ${plain}`) : [],
    });
  }
  return findings;
}

function applyState(site: KnobWriteSite, knob: string, result: Extract<KnobWriteResult, { ok: true }>, state: LintState, options: CheckOptions): void {
  if (site.inFunction) return;
  for (const [k, v] of Object.entries(result.updates)) {
    state.knobs[k] = v;
    if (site.conditional) state.uncertain.add(k);
    else state.uncertain.delete(k);
  }
  if (knob === 'advisor_mode' && result.value === 'scan-time') state.advisorSetAt = site.nameRange.start;
  if (knob === 'run' && result.value === 1) {
    state.pagesMayExist = true;
    state.pagesReason = `run=1 on line ${lineOf(options, site.nameRange.start)} lets ksmd merge pages again`;
  }
  if (knob === 'run' && result.value === 2 && !site.conditional) state.pagesMayExist = false;
}

function forgetKnob(site: KnobWriteSite, knob: string, state: LintState): void {
  if (site.inFunction) return;
  state.knobs[knob] = undefined;
  state.uncertain.add(knob);
  if (knob === 'run') {
    state.pagesMayExist = true;
    state.pagesReason = 'run gets a value only known at run time';
  }
  if (knob === 'advisor_mode') state.knobs.pages_to_scan = undefined;
}

/** Every finding for the writes of one document, in order. */
export function checkKnobWrites(sites: readonly KnobWriteSite[], options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  const state: LintState = { knobs: { ...knobDefaults() }, uncertain: new Set(), pagesMayExist: true, pagesReason: 'nothing in this file writes 2 to run before it' };
  for (const site of sites) {
    if (options.limit !== undefined && findings.length > options.limit) break;
    const knobs = site.glob ? globKnobs(site.knob, options.kernel) : [site.knob];
    if (knobs.length === 0) {
      findings.push({ ruleId: 'sysfs/unknown-knob', severity: 'error', message: `The pattern ${site.knob} matches no file in /sys/kernel/mm/ksm on Linux ${options.kernel}; nothing is written.`, range: site.nameRange });
      continue;
    }
    for (const knob of knobs) {
      if (checkName(site, knob, options, findings)) continue;
      if (site.attempts === undefined) {
        if (!site.via.startsWith('sysfs.conf mode') && !site.via.startsWith('sysfs.conf owner')) forgetKnob(site, knob, state);
        continue;
      }
      const rejection = runAttempts(site, knob, state, options, findings);
      if (rejection) findings.push(rejectFinding(site, knob, rejection, state, options));
    }
  }
  return findings;
}

function globKnobs(pattern: string, kernel: string): string[] {
  try {
    const regex = new RegExp(
      '^' +
        pattern
          .replace(/[.+^${}()|\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]')
          .replace(/\[!/g, '[^') +
        '$',
    );
    return KNOB_NAMES.filter((n) => regex.test(n) && knobExistsIn(n, kernel));
  } catch {
    return []; // an unterminated [ matches nothing, as in the shell's glob
  }
}
