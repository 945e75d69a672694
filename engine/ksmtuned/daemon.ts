/**
 * The ksmtuned daemon as Debian and Fedora ship it, statement by statement: startup arithmetic,
 * then one adjust() per monitor interval with the stop / boost / decay decision, the npages clamp
 * and the three unconditional sysfs writes. Values stay strings, as in bash, so broken confs
 * (empty results, CR characters, non-integers in `[ ]` tests) behave as they do on a real host.
 */
import { evaluateArithmetic, formatArithmeticError } from '../shell/arithmetic';
import { echoUnquoted, splitFields } from '../shell/fields';
import { runTest } from '../shell/testBuiltin';
import { gnuSleepSeconds } from './gnuSleep';
import { KSMTUNED_DEFAULTS } from './defaults';

export interface KsmtunedProcessView {
  argv: string[];
  comm: string;
  rssKb: number;
}
export interface KsmtunedHostView {
  memTotalKb: number;
  memFreeKb: number;
  buffersKb: number;
  cachedKb: number;
  processes: KsmtunedProcessView[];
}
export interface KsmtunedWrite {
  knob: 'run' | 'pages_to_scan' | 'sleep_millisecs';
  value: string;
}

export interface AdjustResult {
  writes: KsmtunedWrite[];
  /** Debug lines (message part; the caller adds the "date: " prefix). Empty unless DEBUG is non-empty. */
  log: string[];
  /** What bash prints on stderr (the journal) during this iteration. */
  stderr: string[];
  decision: 'stop' | 'boost' | 'decay' | 'dead';
  committedKb: number;
  freeKb: number;
}

/** How often adjust() runs when `sleep` returns at once: ksmtuned then forks about 60 times a second. */
export const BUSY_LOOP_INTERVAL_SECONDS = 1 / 60;

const DEBIAN_PATTERN = /^qemu-system.*-enable-kvm/;
const FEDORA_PATTERN = /^qemu(-(kvm|system-.+)|:.{1,11})$/;

/** Whether ksmtuned's committed_memory counts this process. */
export function countsAsCommitted(process: KsmtunedProcessView, variant: 'debian' | 'fedora'): boolean {
  if (variant === 'debian') return DEBIAN_PATTERN.test(process.argv.join(' '));
  return FEDORA_PATTERN.test(process.comm.slice(0, 15));
}

export class KsmtunedDaemon {
  readonly startsDaemon: boolean;
  readonly intervalSeconds: number;
  /** Why sleep returns at once, when it does. */
  readonly intervalError?: string;
  /** stderr lines bash prints while starting (arithmetic and test errors). */
  readonly startupErrors: string[] = [];
  /** Set once an arithmetic error has killed the background loop: adjust() does nothing after that. */
  dead = false;

  private readonly vars: Map<string, string>;
  private readonly debug: boolean;
  private readonly startup: string[] = [];

  constructor(
    values: Record<string, string>,
    readonly variant: 'debian' | 'fedora',
    memTotalKb: number,
  ) {
    const vars = new Map(Object.entries(values));
    for (const [name, fallback] of Object.entries(KSMTUNED_DEFAULTS)) {
      if (name === 'PIDFILE') {
        if (!vars.has(name)) vars.set(name, fallback); // ${PIDFILE-...}: only unset falls back
      } else if (!vars.get(name)) vars.set(name, fallback);
    }
    this.vars = vars;
    this.debug = (vars.get('DEBUG') ?? '') !== '';
    const total = String(Math.trunc(memTotalKb));
    vars.set('total', total);
    this.log(this.startup, joinDebugArgs(['total', ...splitFields(total)]));
    vars.set('npages', '0');
    this.assignArithmetic('sleep', 'KSM_SLEEP_MSEC * 16 * 1024 * 1024 / total', this.startupErrors);
    if (this.test([...splitFields(vars.get('sleep') ?? ''), '-le', '10'], this.startupErrors).status === 0) vars.set('sleep', '10');
    this.log(this.startup, joinDebugArgs(['sleep', ...splitFields(vars.get('sleep') ?? '')]));
    this.assignArithmetic('thres', 'total * KSM_THRES_COEF / 100', this.startupErrors);
    const constTest = this.test([...splitFields(vars.get('KSM_THRES_CONST') ?? ''), '-gt', ...splitFields(vars.get('thres') ?? '')], this.startupErrors);
    if (constTest.status === 0) vars.set('thres', vars.get('KSM_THRES_CONST') ?? '');
    this.log(this.startup, joinDebugArgs(['thres', ...splitFields(vars.get('thres') ?? '')]));

    this.startsDaemon = (vars.get('PIDFILE') ?? '') !== '';
    const sleep = gnuSleepSeconds(vars.get('KSM_MONITOR_INTERVAL') ?? '');
    if (!sleep.ok) this.intervalError = sleep.error;
    this.intervalSeconds = sleep.ok && sleep.seconds > 0 ? sleep.seconds : BUSY_LOOP_INTERVAL_SECONDS;
  }

  /** The startup debug lines: "total N", "sleep N", "thres N" (none when DEBUG is empty). */
  startupLog(): string[] {
    return [...this.startup];
  }

  /** ksmtuned's current npages, as bash holds it (a string, possibly empty). */
  get npages(): string {
    return this.vars.get('npages') ?? '';
  }
  /** Sets npages, e.g. to resume from a log that starts mid-run. */
  setNpages(value: string): void {
    this.vars.set('npages', value);
  }

  /** The startup `sleep` and `thres` values as bash holds them; undefined when the variable stayed unset. */
  get sleep(): string | undefined {
    return this.vars.get('sleep');
  }
  get thres(): string | undefined {
    return this.vars.get('thres');
  }

  /** One iteration of ksmtuned's adjust(). */
  adjust(host: KsmtunedHostView): AdjustResult {
    const log: string[] = [];
    const stderr: string[] = [];
    const writes: KsmtunedWrite[] = [];
    const free = host.memFreeKb + host.buffersKb + host.cachedKb;
    const committed = host.processes.filter((p) => countsAsCommitted(p, this.variant)).reduce((sum, p) => sum + p.rssKb, 0);
    const result = (decision: AdjustResult['decision']): AdjustResult => ({ writes, log, stderr, decision, committedKb: committed, freeKb: free });
    if (this.dead) return result('dead');
    const vars = this.vars;
    vars.set('free', String(free));
    vars.set('committed', String(committed));
    this.log(log, `committed ${committed} free ${free}`);

    const sum = this.arithmetic('committed + thres', stderr);
    if (sum === undefined) {
      this.dead = true; // an expansion error aborts the background loop: ksmtuned stops adjusting for good
      return result('dead');
    }
    const total = vars.get('total') ?? '';
    const thres = vars.get('thres') ?? '';
    const stop = this.test([sum, '-lt', ...splitFields(total), '-a', String(free), '-gt', ...splitFields(thres)], stderr);
    if (stop.status === 0) {
      writes.push({ knob: 'run', value: '0' });
      this.log(log, `${sum} < ${total} and free > ${thres}, stop ksm`);
      return result('stop');
    }
    this.log(log, `${sum} > ${total}, start ksm`);
    const boost = this.test([String(free), '-lt', ...splitFields(thres)], stderr).status === 0;
    vars.set('npages', this.increaseNpages(boost ? 'KSM_NPAGES_BOOST' : 'KSM_NPAGES_DECAY', stderr));
    this.log(log, boost ? `${free} < ${thres}, boost` : `${free} > ${thres}, decay`);
    const npages = vars.get('npages') ?? '';
    const sleep = vars.get('sleep') ?? '';
    // KSMCTL start $npages $sleep: unquoted, so empty values shift the positional parameters
    const args = ['start', ...splitFields(npages), ...splitFields(sleep)];
    writes.push({ knob: 'pages_to_scan', value: echoUnquoted(args[1] ?? '') });
    writes.push({ knob: 'sleep_millisecs', value: echoUnquoted(args[2] ?? '') });
    writes.push({ knob: 'run', value: '1' });
    this.log(log, `KSMCTL start ${npages} ${sleep}`);
    return result(boost ? 'boost' : 'decay');
  }

  /** increase_npages, which runs in a `...` subshell: its output (not its variables) becomes npages. */
  private increaseNpages(deltaVariable: string, stderr: string[]): string {
    const local = new Map(this.vars);
    const first = splitFields(local.get(deltaVariable) ?? '')[0] ?? '';
    local.set('delta', first === '' ? '0' : first);
    const r = evaluateArithmetic('npages + delta', local);
    if (!r.ok) {
      stderr.push(formatArithmeticError('npages + delta', r));
      return ''; // the subshell dies before echo: npages becomes empty
    }
    let npages = r.value.toString();
    const min = local.get('KSM_NPAGES_MIN') ?? '';
    const max = local.get('KSM_NPAGES_MAX') ?? '';
    if (this.test([...splitFields(npages), '-lt', ...splitFields(min)], stderr).status === 0) npages = min;
    else if (this.test([...splitFields(npages), '-gt', ...splitFields(max)], stderr).status === 0) npages = max;
    return echoUnquoted(npages);
  }

  private arithmetic(expr: string, stderr: string[]): string | undefined {
    const r = evaluateArithmetic(expr, this.vars);
    if (r.ok) return r.value.toString();
    stderr.push(formatArithmeticError(expr, r));
    return undefined;
  }

  /** NAME=$[expr]: on an error bash prints it and leaves NAME unchanged. */
  private assignArithmetic(name: string, expr: string, stderr: string[]): void {
    const value = this.arithmetic(expr, stderr);
    if (value !== undefined) this.vars.set(name, value);
  }

  private test(argv: string[], stderr: string[]) {
    const outcome = runTest(argv);
    if (outcome.error) stderr.push(outcome.error);
    return outcome;
  }

  private log(into: string[], message: string): void {
    if (this.debug) into.push(message);
  }
}

/** debug() prints "$*": its arguments joined by single spaces. */
function joinDebugArgs(args: string[]): string {
  return args.join(' ');
}
