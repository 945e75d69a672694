/**
 * Runs ksmtuned (engine/ksmtuned/daemon.ts) inside a simulation: every monitor interval it sees
 * the host as /proc shows it and writes knobs as bash would.
 */
import { KsmtunedDaemon } from '../ksmtuned/daemon';
import type { KsmtunedSpec } from './api';
import type { KnobController } from './controllers/types';

export function createKsmtuned(spec: KsmtunedSpec, memTotalKb: number): KnobController {
  const daemon = new KsmtunedDaemon(spec.values, spec.variant, memTotalKb);
  if (typeof spec.npages === 'string') daemon.setNpages(spec.npages); // resumed: a running ksmtuned keeps npages
  return daemon;
}
