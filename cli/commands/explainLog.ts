import { effectiveKsmtunedValues } from '../../engine/ksmtuned/effectiveValues';
import { explainKsmtunedLog } from '../../engine/ksmtuned/explainLog';
import { integerOption, parseOptions } from '../options';
import { INPUT_LIMITS, InputError, readInputFile, UsageError, type CliCommand } from '../usage';

interface LogInput {
  text: string;
  /** How many log events a trace held; undefined for a plain log. */
  traceEvents?: number;
  /** Where a trace whose recording stopped mid-line ends. */
  truncated?: { line: number; bytes: number };
}

/** A ground-truth trace (.jsonl) holds the log as events with action "log"; anything else is the log itself. */
function logInput(file: string, text: string): LogInput {
  if (!text.startsWith('{')) return { text };
  const rawLines = text.split('\n');
  const lines: string[] = [];
  for (let i = 0; i < rawLines.length; i++) {
    if (rawLines[i].trim() === '') continue;
    let event: { action?: string; line?: string };
    try {
      event = JSON.parse(rawLines[i]) as typeof event;
    } catch (error) {
      // Only the last line, with no newline after it, is a recording cut short; elsewhere the file is broken.
      if (i === rawLines.length - 1) return { text: lines.join('\n'), traceEvents: lines.length, truncated: { line: i + 1, bytes: Buffer.byteLength(rawLines[i]) } };
      throw new InputError(`explain-log: ${file}:${i + 1}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (event?.action === 'log' && typeof event.line === 'string') lines.push(event.line);
  }
  return { text: lines.join('\n'), traceEvents: lines.length };
}

export const explainLogCommand: CliCommand = {
  name: 'explain-log',
  summary: 'explain every decision in a ksmtuned debug log from its committed/free lines and the conf',
  usage:
    'samepage explain-log LOG [--conf FILE] [--mem-total-kb N] [--variant debian|fedora] [--json]\n' +
    '  LOG is ksmtuned debug output ("<date>: committed C free F" ...) or a trace .jsonl with log events; - reads standard input.\n' +
    '  Without --conf the defaults apply. Exit status 1 when some line cannot be explained, the trace is\n' +
    '  truncated, or LOG holds no ksmtuned log lines.',
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
    const file = positionals[0];
    const log = logInput(file, await readInputFile('explain-log', file, INPUT_LIMITS.log, io.stdin));
    if (log.traceEvents === 0) throw new InputError(`explain-log: ${file} holds no ksmtuned log events (lines with "action": "log")`);
    const result = explainKsmtunedLog(log.text, { values: conf.daemonValues(), memTotalKb, variant: values.variant as 'debian' | 'fedora' | undefined });
    if (result.notKsmtuned === result.lines.length) throw new InputError(`explain-log: ${file} holds no ksmtuned log lines ("<date>: committed C free F", ...)`);
    if (log.truncated) {
      io.stderr(`samepage explain-log: ${file} is truncated: line ${log.truncated.line} ends after ${log.truncated.bytes} bytes, inside its JSON; the ${log.traceEvents} log lines before it are explained\n`);
    }
    if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
    else {
      for (const l of result.lines) {
        io.stdout(`${String(l.line).padStart(5)} ${l.explained ? 'ok ' : '?? '} ${l.message || '(end of log)'}\n        ${l.explanation}${l.expected !== undefined ? `\n        expected: ${l.expected}` : ''}\n`);
      }
      io.stdout(`${result.explained} line(s) explained, ${result.unexplained} not explained by the conf; decisions: ${result.decisions.stop} stop, ${result.decisions.boost} boost, ${result.decisions.decay} decay\n`);
    }
    return result.unexplained > 0 || log.truncated ? 1 : 0;
  },
};
