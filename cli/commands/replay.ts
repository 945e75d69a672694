import { parseOptions } from '../options';
import { UsageError, type CliCommand } from '../usage';
import { readTrace, replayFile, replayOptions, REPLAY_OPTIONS, REPLAY_OPTIONS_USAGE } from './traceInput';

/** Columns of the readable table, with short headings. */
const TABLE: Array<[string, string]> = [
  ['pages_shared', 'shared'],
  ['pages_sharing', 'sharing'],
  ['pages_unshared', 'unshared'],
  ['pages_volatile', 'volatile'],
  ['stable_node_chains', 'chains'],
  ['stable_node_dups', 'dups'],
  ['ksm_zero_pages', 'zero'],
  ['full_scans', 'scans'],
  ['pages_scanned', 'scanned'],
  ['pages_skipped', 'skipped'],
  ['pages_to_scan', 'pts'],
  ['run', 'run'],
];

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'simulate a recorded KSM trace and print the simulated counters at its sample times',
  usage:
    'samepage replay TRACE.jsonl [--json] [--hz N] [--per-page-cost-ns N] [--host FILE] [--variant debian|fedora]\n' +
    '  --json                 one line per sample: {"t": ..., "ksm": {counter: value, ...}};\n' +
    '                         full_scans, pages_scanned and pages_skipped as deltas from the trace start\n' +
    REPLAY_OPTIONS_USAGE,
  async run(args, io) {
    const { values, positionals } = parseOptions('replay', args, { json: { type: 'boolean' }, ...REPLAY_OPTIONS });
    if (positionals.length !== 1) throw new UsageError('replay: name exactly one TRACE file');
    const file = positionals[0];
    const options = await replayOptions('replay', values, io);
    const trace = await readTrace('replay', file, io);
    const replay = await replayFile('replay', file, trace, options, io);
    if (values.json) {
      for (const row of replay.rows) io.stdout(JSON.stringify({ t: row.t, ksm: row.ksm }) + '\n');
      return 0;
    }
    const columns = TABLE.filter(([name]) => name in (replay.rows[0]?.ksm ?? {}));
    const widths = columns.map(([, head]) => Math.max(head.length, 9));
    io.stdout(['t'.padStart(8), ...columns.map(([, head], i) => head.padStart(widths[i]))].join(' ') + '\n');
    for (const row of replay.rows) {
      io.stdout([row.t.toFixed(2).padStart(8), ...columns.map(([name], i) => String(row.ksm[name]).padStart(widths[i]))].join(' ') + '\n');
    }
    return 0;
  },
};
