import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHostProfile, type HostProfile } from '../../../engine/trace/hostProfile';

/** A folder of traces: *.jsonl files, or none when the folder is not there. */
function traceDir(dir: string) {
  return {
    dir,
    exists: () => existsSync(dir),
    files: () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(dir, f)) : []),
  };
}

/** The published ground truth (shared reference material next to the repository; CI has it at ../shared). */
export const publishedTraceDir = traceDir(join('..', 'shared', 'groundtruth', 'traces'));

/** Traces recorded for this repository. */
export const ownTraceDir = traceDir(join('test', 'fixtures', 'traces'));

/** Recordings whose processes were measured (`samepage measure`) before KSM was switched on. */
export const measuredTraceDir = traceDir(join('test', 'fixtures', 'measured'));

/** The calibration of the machine that recorded our own traces (`samepage calibrate` on s29_rate_sweep). */
export const recordingHostFile = join('test', 'fixtures', 'traces', 'recording-host.json');

export function recordingHost(): HostProfile {
  return parseHostProfile(readFileSync(recordingHostFile, 'utf8'));
}
