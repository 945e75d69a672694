/**
 * Runs ksmtuned (engine/ksmtuned/daemon.ts) inside a simulation: every monitor interval it sees
 * the host as /proc shows it and writes knobs as bash would.
 */
import type { KsmtunedSpec } from './api';

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
export interface KsmtunedLike {
  readonly startsDaemon: boolean;
  readonly intervalSeconds: number;
  startupLog(): string[];
  adjust(host: KsmtunedHostView): { writes: KsmtunedWrite[]; log: string[] };
}

/** The daemon for a spec, or null while engine/ksmtuned has no daemon module. */
export function createKsmtuned(spec: KsmtunedSpec, memTotalKb: number): KsmtunedLike | null {
  void spec;
  void memTotalKb;
  return null;
}
