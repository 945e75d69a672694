/**
 * Fuzz targets: every parser and analyzer of untrusted input, each with generated and mutated inputs
 * and a check that fails on a crash or on a range outside the document. `npm run fuzz`
 * (scripts/fuzz.ts) runs them at scale; fuzz.test.ts runs a seeded sample in CI. Simulation runs are
 * out of scope: a scenario or trace is parsed, validated and turned into a simulator config only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeDocument } from '../../engine/language/analyze';
import { detectKind } from '../../engine/language/documentKind';
import { DEFAULT_SETTINGS, type AnalysisContext, type TextRange } from '../../engine/language/types';
import { LineIndex } from '../../engine/text/lineIndex';
import { KNOB_NAMES } from '../../engine/knowledge/knobs';
import { effectiveKsmtunedValues } from '../../engine/ksmtuned/effectiveValues';
import { explainKsmtunedLog } from '../../engine/ksmtuned/explainLog';
import { documentFacts } from '../../engine/whatif/documentFacts';
import { applyDocumentFacts } from '../../engine/whatif/fromDocument';
import { seedScenario } from '../../engine/whatif/seed';
import { SetError, setScenarioValue } from '../../engine/whatif/setValue';
import { validateScenario } from '../../engine/whatif/validate';
import { scenarioToSimConfig } from '../../engine/whatif/toSimConfig';
import { validateConfig } from '../../engine/sim/validate';
import { SimConfigError } from '../../engine/sim/errors';
import { parseTrace, TraceFormatError } from '../../engine/trace/parseTrace';
import { traceToSimConfig, TraceReplayError } from '../../engine/trace/traceToConfig';
import { HostProfileError, parseHostProfile } from '../../engine/trace/hostProfile';

export interface FuzzTarget {
  name: string;
  input: fc.Arbitrary<string>;
  /** Throws on a crash (an error that is not the parser's own clear message) or a range outside the input. */
  check(input: string): void;
}

const CTX: AnalysisContext = {
  settings: { ...DEFAULT_SETTINGS, maxFindings: 100_000 },
  host: { meminfo: { MemTotal: 16_000_000 }, pageSize: 4096, ksm: { run: '1', pages_shared: '3', pages_sharing: '9', sleep_millisecs: '20', pages_to_scan: '100' } },
};

function files(dir: string, pattern: RegExp, take = (text: string) => text): string[] {
  return readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => take(readFileSync(join(dir, f), 'utf8')));
}

// ---- inputs: seeds from the repository's own fixtures, mutated; and token soups ----

/** Seeds edited a few times: tokens inserted, spans deleted or repeated (nesting), other seeds spliced in. */
function mutated(seeds: string[], tokens: string[]): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.tuple(fc.constant('insert' as const), fc.nat(), fc.constantFrom(...tokens)),
    fc.tuple(fc.constant('insert' as const), fc.nat(), fc.string({ unit: 'binary', maxLength: 4 })),
    fc.tuple(fc.constant('delete' as const), fc.nat(), fc.nat(40)),
    fc.tuple(fc.constant('repeat' as const), fc.nat(), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2, max: 150 })),
    fc.tuple(fc.constant('splice' as const), fc.nat(), fc.constantFrom(...seeds)),
  );
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 8 })).map(([seed, edits]) => {
    let text = seed;
    for (const e of edits) {
      const at = text.length ? e[1] % (text.length + 1) : 0;
      if (e[0] === 'insert') text = text.slice(0, at) + e[2] + text.slice(at);
      else if (e[0] === 'delete') text = text.slice(0, at) + text.slice(at + e[2]);
      else if (e[0] === 'repeat') text = text.slice(0, at) + text.slice(at, at + e[2]).repeat(e[3]) + text.slice(at + e[2]);
      else text = text.slice(0, at) + e[2].slice(0, 400) + text.slice(at);
    }
    return text.slice(0, 200_000);
  });
}

function soup(tokens: string[], maxLength = 80): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...tokens), { maxLength }).map((t) => t.join(''));
}

function inputs(seeds: string[], tokens: string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 5, arbitrary: mutated(seeds, tokens) }, { weight: 3, arbitrary: soup(tokens) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) });
}

const SHELL_TOKENS = ['$(', ')', '`', '"', "'", '${', '}', '$[', ']', '$((', '))', '((', '[[ ', ' ]]', '#', '\n', '\r\n', '\\\n', '\\', ';', '&&', '||', '|', '&', '<<E\n', '\nE\n', "<<'E'\n", '<<<', '>', '>>', '2>&1', 'if ', 'then ', 'else ', 'fi', 'case x in ', ') ;;', 'esac', 'for i in 1; do ', 'done', 'while ', 'f() {', '}', 'exit', 'return', 'set -u', 'local ', 'readonly ', 'export ', 'declare -a ', 'a=(', '\ufeff', '\u0000', 'é', '\ud800', '😀', '%', '$', '=', ' = ', ' ', '\t'];
const CONF_TOKENS = [...SHELL_TOKENS, 'KSM_NPAGES_MAX', 'KSM_NPAGES_MIN', 'KSM_NPAGES_BOOST', 'KSM_NPAGES_DECAY', 'KSM_SLEEP_MSEC', 'KSM_THRES_COEF', 'KSM_THRES_CONST', 'KSM_MONITOR_INTERVAL', 'DEBUG', 'LOGFILE', 'PIDFILE', '0', '08', '0x1f', '1x', '5.5', '-50', '18446744073709551616'];
const QEMU_TOKENS = [...SHELL_TOKENS, 'qemu-system-x86_64 ', 'qemu-kvm ', '-machine ', '-M ', 'q35', 'pc', 'pc-q35-7.2', 'pc-i440fx-2.1', ',', ',,', '=', '.', 'mem-merge', 'mem_merge', 'on', 'off', 'ON', 'help', '?', 'accel=kvm:tcg', '-accel ', 'kvm', 'tcg', '-enable-kvm', '-m ', '1G', '0x1G', '1.5T', 'size=', 'slots=4,maxmem=8G', '-object ', 'memory-backend-ram,id=m,size=1G', 'memory-backend-file,mem-path=/dev/hugepages,merge=off', 'share=on', '-smp ', '4', 'sockets=1', '-numa ', 'node,memdev=m', '$X', '"$@"', '${a[@]}'];
const SYSFS_TOKENS = [...SHELL_TOKENS, 'echo ', 'echo -n ', 'printf ', "'%s' ", ' > ', ' >> ', ' | tee ', 'sudo ', "sh -c '", '/sys/kernel/mm/ksm/', 'kernel/mm/ksm/', '/proc/self/ksm_stat', '/proc/1/ksm_merging_pages', ...KNOB_NAMES, 'w ', 'w+ ', ' - - - - ', 'ExecStart=', 'ExecStartPre=', '[Service]\n', '0', '1', '2', '0x10', '-1', '+5', 'scan-time', 'none', 'yes'];

const DOC_SEEDS = {
  conf: files(join('test', 'fixtures', 'ksmtuned'), /\.conf$/),
  qemu: readFileSync(join('test', 'fixtures', 'qemu', 'machine-corpus.txt'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    // a JSON array of words, quoted for the shell; else words as written
    .map((l) => `qemu-system-x86_64 ${l.startsWith('[') ? (JSON.parse(l) as string[]).map((w) => `'${w}'`).join(' ') : l}\n`),
  sysfs: ['echo 1 > /sys/kernel/mm/ksm/run\n', 'echo 100 | tee /sys/kernel/mm/ksm/pages_to_scan\n', 'kernel/mm/ksm/run = 1\nkernel/mm/ksm/sleep_millisecs = 20\n', 'w /sys/kernel/mm/ksm/run - - - - 1\n', '[Service]\nExecStartPre=/bin/sh -c "echo 1 > /sys/kernel/mm/ksm/run"\n', 'cat /proc/self/ksm_stat\n'],
};

/** Every file kind the language server analyses, by a name that selects it. */
const DOC_FILES = ['/etc/ksmtuned.conf', '/x/start.sh', '/etc/sysfs.conf', '/etc/tmpfiles.d/ksm.conf', '/etc/systemd/system/vm.service', '/x/README.md'];

function inside(range: TextRange, length: number, what: string): void {
  if (!(Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end <= length)) {
    throw new Error(`${what}: range ${JSON.stringify(range)} outside 0..${length}`);
  }
}

/** Everything the editor and the what-if ask of a document; every range must stay inside it. */
export function checkDocument(text: string, fileName: string): void {
  const a = analyzeDocument(text, { fileName }, CTX);
  for (const f of a.findings) {
    if (f.ruleId === 'samepage/internal-error') throw new Error(`internal error: ${f.message}`);
    inside(f.range, text.length, f.ruleId);
    for (const fix of f.fixes ?? []) for (const e of fix.edits) inside(e.range, text.length, `fix of ${f.ruleId}`);
  }
  const walk = (symbols: ReturnType<typeof a.symbols>): void => {
    for (const s of symbols) {
      inside(s.range, text.length, 'symbol');
      inside(s.selectionRange, text.length, 'symbol selection');
      walk(s.children ?? []);
    }
  };
  walk(a.symbols());
  for (const offset of [0, Math.floor(text.length / 3), Math.floor((2 * text.length) / 3), text.length]) {
    const hover = a.hoverAt(offset);
    if (hover) inside(hover.range, text.length, 'hover');
    for (const c of a.completeAt(offset)) if (c.range) inside(c.range, text.length, `completion ${c.label}`);
  }
  for (const lens of a.codeLenses()) inside(lens.range, text.length, 'code lens');
  const kind = detectKind(fileName, text);
  const facts = documentFacts({ fileName, text, kind, index: new LineIndex(text) });
  validateScenario(applyDocumentFacts(seedScenario(), facts, fileName).scenario);
}

/** Runs `work`; an error of one of the `expected` classes is the input's clear rejection, anything else a crash. */
function rejectsOnlyWith(work: () => void, ...expected: Array<new (...args: never[]) => Error>): void {
  try {
    work();
  } catch (error) {
    if (!expected.some((E) => error instanceof E)) throw error;
  }
}

const SCENARIO_SEEDS = [...files('examples', /\.json$/), ...files(join('test', 'fixtures', 'ksmtuned'), /\.json$/), JSON.stringify(seedScenario())];
const JSON_TOKENS = ['{', '}', '[', ']', ',', ':', '"', 'null', 'true', '-1', '1e309', '0.5', '"__proto__"', '"constructor"', '"guests"', '"count"', '"memoryMiB"', '"durationSeconds"', '"knobs"', '"ksmtuned"', '"values"', '"host"', '"memTotalKb"', '"profile"', '"windows10"', '1e6', '4294967296', '\u0000', '\ud800'];
const SET_KEYS = ['KSM_THRES_COEF', 'pages_to_scan', 'guests[0].count', 'guests[99].memMerge', 'guests[-1]', 'durationSeconds', 'host.memTotalKb', 'ksmtuned.state', '__proto__.x', 'constructor', 'a..b', 'guests[', ''];

function checkScenario(text: string): void {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return; // the CLI and the panel report invalid JSON before validation
  }
  const checked = validateScenario(raw);
  if (checked.ok) validateConfig(scenarioToSimConfig(checked.scenario));
}

const TRACE_SEEDS = files(join('test', 'fixtures', 'traces'), /\.jsonl$/, (t) => t.split('\n').slice(0, 14).join('\n') + '\n');
const TRACE_TOKENS = [...JSON_TOKENS, '{"type":"sample","t":', '{"type":"event","t":0,"action":"log","line":"', '"duration_s":', '"interval_ms":', '"t":', '1e300', '-0', '\n', '"cmd":["./workload","--pages","', '"--late"', '"qemu-system-x86_64"', '"-m"', '"99999999G"'];

function checkTrace(text: string): void {
  rejectsOnlyWith(() => validateConfig(traceToSimConfig(parseTrace(text))), TraceFormatError, TraceReplayError, SimConfigError);
  rejectsOnlyWith(() => parseHostProfile(text), HostProfileError);
}

const LOG_SEED = [
  'Thu Nov 26 19:07:34 UTC 2026: total 131809228',
  'Thu Nov 26 19:07:34 UTC 2026: sleep 10',
  'Thu Nov 26 19:07:34 UTC 2026: thres 26361845',
  'Thu Nov 26 19:08:34 UTC 2026: committed 0 free 93409576',
  'Thu Nov 26 19:08:34 UTC 2026: 26361845 < 131809228 and free > 26361845, stop ksm',
  'Thu Nov 26 19:09:34 UTC 2026: committed 4000000 free 1000',
  'Thu Nov 26 19:09:34 UTC 2026: 30361845 > 131809228, start ksm',
  'Thu Nov 26 19:09:34 UTC 2026: 1000 < 26361845, boost',
  'Thu Nov 26 19:09:34 UTC 2026: KSMCTL start 300 10',
].join('\n');
const LOG_TOKENS = ['Thu Nov 26 19:07:34 UTC 2026: ', 'total ', 'committed ', ' free ', 'sleep ', 'thres ', ' < ', ' > ', ' and free > ', ', stop ksm', ', start ksm', ', boost', ', decay', 'KSMCTL start ', 'KSMCTL stop', '0', '-1', '99999999999999999999', '\n', '\r', ' '];
const DEFAULT_VALUES = effectiveKsmtunedValues('').daemonValues();

function checkLog(text: string): void {
  const result = explainKsmtunedLog(text, { values: DEFAULT_VALUES });
  const lines = text.split('\n').length;
  for (const l of result.lines) if (!(l.line >= 1 && l.line <= lines + 1)) throw new Error(`explanation of line ${l.line} in a ${lines}-line log`);
}

export const TARGETS: FuzzTarget[] = [
  { name: 'ksmtuned.conf', input: inputs(DOC_SEEDS.conf, CONF_TOKENS), check: (text) => checkDocument(text, '/etc/ksmtuned.conf') },
  { name: 'shell script', input: inputs([...DOC_SEEDS.conf, ...DOC_SEEDS.qemu, ...DOC_SEEDS.sysfs], SHELL_TOKENS), check: (text) => checkDocument(text, '/x/start.sh') },
  { name: 'QEMU options', input: inputs(DOC_SEEDS.qemu, QEMU_TOKENS), check: (text) => checkDocument(text, '/x/start.sh') },
  {
    name: 'sysfs writes',
    input: fc.tuple(fc.constantFrom(...DOC_FILES), inputs(DOC_SEEDS.sysfs, SYSFS_TOKENS)).map(([file, text]) => `${file}\u0001${text}`),
    check: (tagged) => {
      const cut = tagged.indexOf('\u0001');
      checkDocument(tagged.slice(cut + 1), tagged.slice(0, cut));
    },
  },
  { name: 'scenario', input: inputs(SCENARIO_SEEDS, JSON_TOKENS), check: checkScenario },
  {
    name: 'scenario --set',
    input: fc.tuple(fc.constantFrom(...SET_KEYS), fc.constantFrom('=', '', '=='), fc.oneof(fc.constantFrom('1', 'off', 'running', '-1', '1e309', '[]', '{}', 'x'), fc.string({ maxLength: 12 }))).map((p) => p.join('')),
    check: (assignment) => rejectsOnlyWith(() => checkScenario(JSON.stringify(setScenarioValue(seedScenario(), assignment))), SetError),
  },
  { name: 'trace / host profile', input: inputs(TRACE_SEEDS, TRACE_TOKENS), check: checkTrace },
  { name: 'ksmtuned log', input: inputs([LOG_SEED], LOG_TOKENS), check: checkLog },
];
