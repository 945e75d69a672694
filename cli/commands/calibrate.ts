import { simulate } from '../../engine/sim/simulate';
import { calibrateHost, CalibrationError } from '../../engine/trace/calibrateHost';
import { parseOptions } from '../options';
import { InputError, UsageError, type CliCommand } from '../usage';
import { readTrace } from './traceInput';

export const calibrateCommand: CliCommand = {
  name: 'calibrate',
  summary: "measure a host's ksmd CPU cost from a rate-sweep trace it recorded (a host profile for --host)",
  usage:
    'samepage calibrate TRACE.jsonl\n' +
    '  Prints a host profile (JSON) for `samepage replay/fidelity --host FILE`: the per-page cost whose\n' +
    "  replay follows the trace's pages_scanned curve best. Record the ground-truth harness's\n" +
    '  14_rate_sweep spec on the host for TRACE: its later segments make the scan rate CPU-bound.\n' +
    '  Exit status 1 when the trace cannot pin the cost down.',
  async run(args, io) {
    const { positionals } = parseOptions('calibrate', args, {});
    if (positionals.length !== 1) throw new UsageError('calibrate: name exactly one TRACE file');
    const trace = await readTrace('calibrate', positionals[0], io);
    try {
      const c = await calibrateHost(trace, simulate);
      io.stdout(JSON.stringify(c.profile, null, 2) + '\n');
      io.stderr(`calibrate: ${c.replays} replays; pages_scanned follows the recording within ${(100 * c.meanAbsErrorOfFinal).toFixed(2)}% of its final value\n`);
      return 0;
    } catch (error) {
      if (error instanceof CalibrationError) throw new InputError(`calibrate: ${positionals[0]}: ${error.message}`);
      throw error;
    }
  },
};
