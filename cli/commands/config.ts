import { effectiveKsmtunedValues } from '../../engine/ksmtuned/effectiveValues';
import { readMeminfo } from '../../engine/node/hostFacts';
import { LineIndex } from '../../engine/text/lineIndex';
import { integerOption, parseOptions } from '../options';
import { INPUT_LIMITS, readInputFile, UsageError, type CliCommand } from '../usage';

/** Without --mem-total-kb and without /proc/meminfo, the host ksmtuned's comments are written for. */
const FALLBACK_MEM_TOTAL_KB = 16 * 1024 * 1024;

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'print the values ksmtuned really runs with for a ksmtuned.conf, plus its startup sleep and thres',
  usage:
    'samepage config FILE [--mem-total-kb N] [--json]\n' +
    '  Sources FILE the way ksmtuned does (without running it), applies its defaults and computes sleep and thres\n' +
    '  for MemTotal N kB (default: this machine\'s). FILE - reads standard input. Exit status 1 when bash would report errors.',
  async run(args, io) {
    const { values, positionals } = parseOptions('config', args, { 'mem-total-kb': { type: 'string' }, json: { type: 'boolean', default: false } });
    if (positionals.length !== 1) throw new UsageError('config: name exactly one FILE');
    const file = positionals[0];
    const text = await readInputFile('config', file, INPUT_LIMITS.text, io.stdin);
    const memTotalKb = integerOption('config', 'mem-total-kb', values['mem-total-kb'], 1, Number.MAX_SAFE_INTEGER) ?? readMeminfo()?.MemTotal ?? FALLBACK_MEM_TOTAL_KB;
    const conf = effectiveKsmtunedValues(text);
    const startup = conf.startup(memTotalKb);
    const index = new LineIndex(text);
    const errors = [
      ...conf.errors.map((e) => ({ ...index.positionAt(e.range.start), message: e.message })).map((e) => ({ line: e.line + 1, character: e.character + 1, message: e.message })),
      ...startup.errors.map((message) => ({ line: null, character: null, message: `ksmtuned startup: ${message}` })),
    ];
    const variables: Record<string, string | null> = {};
    const sources: Record<string, string> = {};
    const unknown: string[] = [];
    for (const [name, v] of Object.entries(conf.values)) {
      variables[name] = v.known && v.source !== 'unset' ? (v.value ?? null) : null;
      sources[name] = v.source;
      if (!v.known) unknown.push(name);
    }
    const result = {
      file,
      memTotalKb,
      variables,
      sources,
      unknown,
      sleep: startup.sleep === undefined ? null : startup.sleep,
      thres: startup.thres === undefined ? null : startup.thres,
      startsDaemon: conf.startsDaemon ?? null,
      errors,
    };
    if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
    else {
      const width = Math.max(...Object.keys(variables).map((n) => n.length));
      const show = (v: string | null) => (v === null ? '(unset)' : JSON.stringify(v));
      for (const [name, v] of Object.entries(variables)) io.stdout(`${name.padEnd(width)}  ${unknown.includes(name) ? '(only known at run time)' : show(v)}  [${sources[name]}]\n`);
      io.stdout(`${'sleep'.padEnd(width)}  ${startup.sleep === undefined ? '(only known at run time)' : show(startup.sleep)}  [ms, for MemTotal ${memTotalKb} kB]\n`);
      io.stdout(`${'thres'.padEnd(width)}  ${startup.thres === undefined ? '(only known at run time)' : show(startup.thres)}  [kB]\n`);
      if (conf.startsDaemon === false) io.stdout('The daemon does not start with this conf.\n');
      for (const e of errors) io.stdout(`${e.line === null ? file : `${file}:${e.line}:${e.character}`}: error: ${e.message}\n`);
    }
    return errors.length > 0 ? 1 : 0;
  },
};
