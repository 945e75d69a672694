/**
 * What a user-space KSM controller sees and does inside a simulation: every `intervalSeconds` it
 * reads the host as /proc and /sys show it and writes knobs. ksmtuned (engine/ksmtuned/daemon.ts)
 * and the controllers in this folder share this shape.
 */
import type { KsmtunedHostView, KsmtunedProcessView } from '../../ksmtuned/daemon';
import type { KsmCounters, KsmKnobs } from '../api';

export interface ControllerProcessView extends KsmtunedProcessView {
  /** Virtual size (ps -o vsz), kB: the guest RAM mapping plus QEMU's own memory. */
  vszKb: number;
}

export interface ControllerHostView extends KsmtunedHostView {
  /** /proc/meminfo MemAvailable, kB. */
  memAvailableKb: number;
  /** A read of /sys/kernel/mm/ksm right now. */
  ksm: KsmCounters & KsmKnobs;
  processes: ControllerProcessView[];
}

export interface ControllerWrite {
  knob: string;
  value: string;
}

export interface KnobController {
  /** False when the controller never starts (e.g. ksmtuned without a PIDFILE). */
  readonly startsDaemon: boolean;
  readonly intervalSeconds: number;
  /** Whether the first decision comes at t=0 (KubeVirt spins once at start) or one interval later. */
  readonly decidesAtStart?: boolean;
  startupLog(): string[];
  adjust(host: ControllerHostView): { writes: ControllerWrite[]; log: string[] };
}
