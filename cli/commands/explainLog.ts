import { effectiveKsmtunedValues } from '../../engine/ksmtuned/effectiveValues';
import { explainKsmtunedLog } from '../../engine/ksmtuned/explainLog';
import { integerOption, parseOptions } from '../options';
import { INPUT_LIMITS, readInputFile, UsageError, type CliCommand } from '../usage';

/** A ground-truth trace (.jsonl) holds the log as events with action "log"; anything else is the log itself. */
function logText(text: string): string {
  if (!text.startsWith('{')) return text;
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const event = JSON.parse(line) as { action?: string; line?: string };
      if (event.action === 'log' && typeof event.line === 'string') lines.push(event.line);
    } catch {
      return text;
    }
  }
  return lines.join('\n');
}

export const explainLogCommand: CliCommand = {
  name: 'explain-log',
  summary: 'explain every decision in a ksmtuned debug log from its committed/free lines and the conf',
  usage:
    'samepage explain-log LOG [--conf FILE] [--mem-total-kb N] [--variant debian|fedora] [--json]\n' +
    '  LOG is ksmtuned debug output ("<date>: committed C free F" ...) or a trace .jsonl with log events; - reads standard input.\n' +
    '  Without --conf the defaults apply. Exit status 1 when some line cannot be explained.',
  async run(args, io) {
    const { values, positionals } = parseOptions('explain-log', args, {
      conf: { type: 'string' },
      'mem-total-kb': { type: 'string' },
      variant: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    if (positionals.length !== 1) throw new UsageError('explain-log: name exactly one LOG');
    if (values.variant !== undefined && values.variant !== 'debian' && values.variant !== 'fedora') throw new UsageError(`explain-log: --variant is debian or fedora, not '${values.variant}'`);
    const memTotalKb = integerOption('explain-log', 'mem-total-kb', values['mem-total-kb'], 1, Number.MAX_SAFE_INTEGER);
    const conf = effectiveKsmtunedValues(values.conf ? await readInputFile('explain-log', values.conf, INPUT_LIMITS.text, io.stdin) : '');
    const result = explainKsmtunedLog(logText(await readInputFile('explain-log', positionals[0], INPUT_LIMITS.log, io.stdin)), { values: conf.daemonValues(), memTotalKb, variant: values.variant as 'debian' | 'fedora' | undefined });
    if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
    else {
      for (const l of result.lines) {
        io.stdout(`${String(l.line).padStart(5)} ${l.explained ? 'ok ' : '?? '} ${l.message || '(end of log)'}\n        ${l.explanation}${l.expected !== undefined ? `\n        expected: ${l.expected}` : ''}\n`);
      }
      io.stdout(`${result.explained} line(s) explained, ${result.unexplained} not explained by the conf; decisions: ${result.decisions.stop} stop, ${result.decisions.boost} boost, ${result.decisions.decay} decay\n`);
    }
    return result.unexplained > 0 ? 1 : 0;
  },
};
