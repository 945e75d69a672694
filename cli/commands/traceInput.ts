import { SimConfigError, simulate } from '../../engine/sim/simulate';
import { parseTrace, TraceFormatError } from '../../engine/trace/parseTrace';
import { HostProfileError, hostProfileFor, parseHostProfile, type HostProfile } from '../../engine/trace/hostProfile';
import { replayTrace, type Replay } from '../../engine/trace/replay';
import { TraceReplayError, type ReplayOptions } from '../../engine/trace/traceToConfig';
import type { Trace } from '../../engine/trace/types';
import { integerOption } from '../options';
import { INPUT_LIMITS, InputError, readInputFile, UsageError, type CliIo } from '../usage';

/** Options shared by replay and fidelity. */
export const REPLAY_OPTIONS = {
  hz: { type: 'string' },
  'per-page-cost-ns': { type: 'string' },
  host: { type: 'string', multiple: true },
  variant: { type: 'string' },
} as const;

export const REPLAY_OPTIONS_USAGE =
  '  --hz N                 kernel tick rate of the recording host (default: the trace header, else 250)\n' +
  '  --per-page-cost-ns N   ksmd CPU per examined page (default 5000)\n' +
  '  --host FILE            a host profile from `samepage calibrate`: its cost applies to the traces recorded\n' +
  '                         on that host (same kernel string in the header); repeatable\n' +
  '  --variant debian|fedora  the ksmtuned the recording ran (default debian)';

export interface TraceReplayOptions extends ReplayOptions {
  hosts: HostProfile[];
}

export async function replayOptions(command: string, values: { hz?: string; 'per-page-cost-ns'?: string; host?: string[]; variant?: string }, io: CliIo): Promise<TraceReplayOptions> {
  const variant = values.variant;
  if (variant !== undefined && variant !== 'debian' && variant !== 'fedora') throw new UsageError(`${command}: --variant is debian or fedora, not '${variant}'`);
  return {
    hz: integerOption(command, 'hz', values.hz, 1, 10000),
    perPageCostNs: integerOption(command, 'per-page-cost-ns', values['per-page-cost-ns'], 1, 1_000_000_000),
    ksmtunedVariant: variant,
    hosts: await Promise.all((values.host ?? []).map((file) => readHostProfile(command, file, io))),
  };
}

async function readHostProfile(command: string, file: string, io: CliIo): Promise<HostProfile> {
  const text = await readInputFile(command, file, INPUT_LIMITS.hostProfile, io.stdin);
  try {
    return parseHostProfile(text);
  } catch (error) {
    if (error instanceof HostProfileError) throw new InputError(`${command}: ${file}: not a host profile: ${error.message}`);
    throw error;
  }
}

/** The options for one trace: an explicit --per-page-cost-ns wins, then the profile of the trace's host. */
export function optionsForTrace(options: TraceReplayOptions, trace: Trace): ReplayOptions {
  const { hosts, ...rest } = options;
  return { ...rest, perPageCostNs: rest.perPageCostNs ?? hostProfileFor(trace, hosts)?.perPageCostNs };
}

/** Reads and parses a trace file; unreadable or malformed input is an InputError naming the file. */
export async function readTrace(command: string, file: string, io: CliIo): Promise<Trace> {
  const text = await readInputFile(command, file, INPUT_LIMITS.trace, io.stdin);
  try {
    return parseTrace(text);
  } catch (error) {
    if (error instanceof TraceFormatError) throw new InputError(`${command}: ${file}: ${error.message}`);
    throw error;
  }
}

/** Replays a trace; on a terminal, shows the simulated fraction on stderr while it runs. */
export async function replayFile(command: string, file: string, trace: Trace, options: TraceReplayOptions, io?: CliIo): Promise<Replay> {
  const progress = io?.stderrIsTty
    ? { onProgress: (f: number) => io.stderr(`\r${command} ${trace.header.name}: ${Math.round(100 * f)}%`) }
    : undefined;
  try {
    return await replayTrace(trace, simulate, optionsForTrace(options, trace), progress);
  } catch (error) {
    if (error instanceof TraceReplayError || error instanceof SimConfigError || error instanceof RangeError) throw new InputError(`${command}: ${file}: ${error.message}`);
    throw error;
  } finally {
    if (progress) io!.stderr('\r\x1b[K');
  }
}
