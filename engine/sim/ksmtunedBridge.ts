/**
 * Runs ksmtuned (engine/ksmtuned/daemon.ts) inside a simulation: every monitor interval it sees
 * the host as /proc shows it and writes knobs as bash would.
 */
import { KsmtunedDaemon, type KsmtunedHostView, type KsmtunedWrite } from '../ksmtuned/daemon';
import type { KsmtunedSpec } from './api';

export interface KsmtunedLike {
  readonly startsDaemon: boolean;
  readonly intervalSeconds: number;
  startupLog(): string[];
  adjust(host: KsmtunedHostView): { writes: KsmtunedWrite[]; log: string[] };
}

export function createKsmtuned(spec: KsmtunedSpec, memTotalKb: number): KsmtunedLike {
  const daemon = new KsmtunedDaemon(spec.values, spec.variant, memTotalKb);
  if (typeof spec.npages === 'string') daemon.setNpages(spec.npages); // resumed: a running ksmtuned keeps npages
  return daemon;
}
