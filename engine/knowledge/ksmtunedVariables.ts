/**
 * The variables ksmtuned reads from /etc/ksmtuned.conf (Debian 12 and current Fedora/RHEL share
 * them). Hover, completion, value checks, the daemon model and the what-if webview's ranges all
 * read this one table.
 */

/** How the script consumes the value; decides which values work. */
export type KsmtunedUse =
  | 'sleep-argument' // argument of GNU sleep
  | 'arithmetic' // inside $[ ... ]: an integer expression
  | 'arithmetic-and-test' // arithmetic and the operand of a [ -gt ] test
  | 'delta' // unquoted function argument, then arithmetic
  | 'test-and-sysfs' // operand of [ -lt / -gt ] and written to sysfs as npages
  | 'non-empty-flag' // only tested for being non-empty
  | 'path' // a file name
  | 'touch-target'; // touched at startup; the daemon starts only if that succeeds

export interface KsmtunedVariableInfo {
  name: string;
  /** The default the script substitutes; `undefined` when an unset variable stays empty. */
  default?: string;
  /** `:-` (empty falls back to the default) or `-` (only unset does; PIDFILE). */
  defaulting: ':-' | '-' | 'none';
  unit: string;
  use: KsmtunedUse;
  /** The sysfs knob whose written value this variable shapes. */
  drivesKnob?: 'run' | 'pages_to_scan' | 'sleep_millisecs';
  /** Useful range of the what-if form's field (min, max, step). */
  range?: { min: number; max: number; step: number };
  /** One line for completion. */
  summary: string;
  /** Hover paragraph: what it means and how ksmtuned uses it. */
  description: string;
  /** Which values work, in words. */
  legal: string;
  /** Values to offer in completion. */
  typicalValues: readonly string[];
}

export const KSMTUNED_VARIABLES: readonly KsmtunedVariableInfo[] = [
  {
    name: 'KSM_MONITOR_INTERVAL',
    default: '60',
    defaulting: ':-',
    unit: 'seconds',
    use: 'sleep-argument',
    range: { min: 1, max: 3600, step: 1 },
    summary: 'Seconds between two adjustments',
    description:
      'How long ksmtuned waits between two looks at memory. Each time it wakes up it re-reads free and committed memory and decides whether KSM runs and how fast. A SIGUSR1 (e.g. `systemctl reload ksmtuned`) cuts the wait short.',
    legal: 'a positive number for GNU sleep: fractions (`0.5`) and the suffixes s, m, h, d work. `0` or anything sleep rejects makes the loop spin without pause.',
    typicalValues: ['60', '30', '10', '120'],
  },
  {
    name: 'KSM_SLEEP_MSEC',
    default: '10',
    defaulting: ':-',
    unit: 'ms (for a 16 GiB host)',
    use: 'arithmetic',
    drivesKnob: 'sleep_millisecs',
    range: { min: 1, max: 1000, step: 1 },
    summary: 'ksmd pause between batches, scaled to a 16 GiB host',
    description:
      'The pause ksmd takes between two scan batches, given for a 16 GiB host. At startup ksmtuned scales it by 16 GiB / MemTotal (so smaller hosts pause longer), never below 10 ms, and writes the result to `sleep_millisecs` whenever it starts KSM.',
    legal: 'an integer arithmetic expression. A leading 0 means octal (`010` is 8), `08` and fractions are errors that leave the sleep value empty.',
    typicalValues: ['10', '20', '50', '100'],
  },
  {
    name: 'KSM_NPAGES_BOOST',
    default: '300',
    defaulting: ':-',
    unit: 'pages per batch',
    use: 'delta',
    drivesKnob: 'pages_to_scan',
    range: { min: 0, max: 10000, step: 10 },
    summary: 'Pages added to pages_to_scan when free memory is low',
    description:
      'When free memory (MemFree + Buffers + Cached) is below the threshold, ksmtuned adds this many pages to its scan rate (`pages_to_scan`), then clamps the result between KSM_NPAGES_MIN and KSM_NPAGES_MAX.',
    legal: 'an integer (it is evaluated as an arithmetic expression after word splitting: only the first word counts, and a name is read as a variable).',
    typicalValues: ['300', '100', '500', '1000'],
  },
  {
    name: 'KSM_NPAGES_DECAY',
    default: '-50',
    defaulting: ':-',
    unit: 'pages per batch',
    use: 'delta',
    drivesKnob: 'pages_to_scan',
    range: { min: -10000, max: 0, step: 10 },
    summary: 'Pages added (usually negative) when free memory is sufficient',
    description:
      'When KSM has to run but free memory is at or above the threshold, ksmtuned adds this (normally negative) number to its scan rate, then clamps it between KSM_NPAGES_MIN and KSM_NPAGES_MAX.',
    legal: 'an integer, usually negative (same evaluation as KSM_NPAGES_BOOST).',
    typicalValues: ['-50', '-10', '-100'],
  },
  {
    name: 'KSM_NPAGES_MIN',
    default: '64',
    defaulting: ':-',
    unit: 'pages per batch',
    use: 'test-and-sysfs',
    drivesKnob: 'pages_to_scan',
    range: { min: 0, max: 10000, step: 1 },
    summary: 'Lowest pages_to_scan ksmtuned writes',
    description: 'The lower clamp of the scan rate ksmtuned writes to `pages_to_scan` while KSM runs. The lower clamp is tested first, so it wins when it exceeds the upper one.',
    legal: 'a plain decimal integer (it is an operand of a `[ -lt ]` test and is written to sysfs as is); MIN ≤ MAX.',
    typicalValues: ['64', '32', '128', '256'],
  },
  {
    name: 'KSM_NPAGES_MAX',
    default: '1250',
    defaulting: ':-',
    unit: 'pages per batch',
    use: 'test-and-sysfs',
    drivesKnob: 'pages_to_scan',
    range: { min: 0, max: 100000, step: 10 },
    summary: 'Highest pages_to_scan ksmtuned writes',
    description: 'The upper clamp of the scan rate ksmtuned writes to `pages_to_scan`. At the default rate ksmd examines up to this many pages per batch.',
    legal: 'a plain decimal integer (operand of a `[ -gt ]` test, written to sysfs as is); MAX ≥ MIN.',
    typicalValues: ['1250', '2500', '5000', '10000'],
  },
  {
    name: 'KSM_THRES_COEF',
    default: '20',
    defaulting: ':-',
    unit: '% of MemTotal',
    use: 'arithmetic',
    drivesKnob: 'run',
    range: { min: 0, max: 100, step: 1 },
    summary: 'Free-memory threshold, in percent of MemTotal',
    description:
      'The threshold `thres` is this percentage of MemTotal (but at least KSM_THRES_CONST). KSM is stopped while committed QEMU memory + thres is below MemTotal and free memory is above thres; otherwise it runs, boosting while free memory is below thres.',
    legal: 'an integer percentage from 0 to 100 (an arithmetic expression; 100 or more means the committed test never stops KSM).',
    typicalValues: ['20', '10', '30', '50'],
  },
  {
    name: 'KSM_THRES_CONST',
    default: '2048',
    defaulting: ':-',
    unit: 'KiB',
    use: 'arithmetic-and-test',
    drivesKnob: 'run',
    range: { min: 0, max: 67108864, step: 1024 },
    summary: 'Minimum free-memory threshold, in KiB',
    description: 'A floor for `thres`: when KSM_THRES_COEF percent of MemTotal is smaller than this, this value (in KiB) is the threshold instead.',
    legal: 'a plain decimal integer in KiB (operand of a `[ -gt ]` test).',
    typicalValues: ['2048', '1048576', '4194304'],
  },
  {
    name: 'DEBUG',
    defaulting: 'none',
    unit: 'flag',
    use: 'non-empty-flag',
    summary: 'Any non-empty value turns on debug logging',
    description: 'When non-empty, ksmtuned logs its startup values and every decision, to LOGFILE or, without one, to standard output (the journal). Only emptiness counts: `DEBUG=0` and `DEBUG=no` turn logging on too.',
    legal: 'empty (or unset) for off; anything else, including 0, for on.',
    typicalValues: ['1'],
  },
  {
    name: 'LOGFILE',
    defaulting: 'none',
    unit: 'path',
    use: 'path',
    summary: 'File the debug lines are appended to',
    description: 'Where debug lines go when DEBUG is non-empty. Empty or unset: standard output, which systemd sends to the journal.',
    legal: 'a writable path; every debug line is appended to it.',
    typicalValues: ['/var/log/ksmtuned'],
  },
  {
    name: 'PIDFILE',
    default: '/var/run/ksmtune.pid',
    defaulting: '-',
    unit: 'path',
    use: 'touch-target',
    summary: 'PID file; the daemon only starts if it can be created',
    description:
      'ksmtuned touches this file at startup and starts its loop only if that works, then writes the loop\'s PID into it. Unlike every other variable, an empty value does not fall back to the default (the script uses `${PIDFILE-...}`): `PIDFILE=` means no daemon at all, while the script still exits successfully. The default name really is `ksmtune.pid`.',
    legal: 'a path root can create.',
    typicalValues: ['/var/run/ksmtune.pid', '/run/ksmtune.pid'],
  },
];

const BY_NAME = new Map(KSMTUNED_VARIABLES.map((v) => [v.name, v]));

export function ksmtunedVariable(name: string): KsmtunedVariableInfo | undefined {
  return BY_NAME.get(name);
}

/**
 * Names the script itself assigns or defines after sourcing the conf: setting them in the conf has
 * no effect (variables are overwritten) or is overridden (functions are redefined).
 */
export const KSMTUNED_SCRIPT_VARIABLES = ['total', 'npages', 'sleep', 'thres'] as const;
export const KSMTUNED_SCRIPT_FUNCTIONS = ['debug', 'KSMCTL', 'committed_memory', 'free_memory', 'increase_npages', 'adjust', 'nothing', 'loop'] as const;
/** Commands the script runs after sourcing, which a conf function or alias of the same name would replace. */
export const KSMTUNED_EXTERNAL_COMMANDS = ['awk', 'pgrep', 'ps', 'sleep', 'touch', 'echo', 'wait', 'trap', 'local', 'return', 'true'] as const;
