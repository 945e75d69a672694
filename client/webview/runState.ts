/**
 * What the page knows about its two runs besides their results: which one is running (and how
 * far), which results are out of date because the scenario was edited after them, and the status
 * line. Pure, so the wording is tested without a browser. A result is never removed by a cancel
 * or a new run: it stays (dimmed) until the run that replaces it has finished.
 */
import type { ProgressPhase, RunView, Slot } from './protocol';

export interface RunState {
  runs: Partial<Record<Slot, RunView>>;
  /** Results made before the latest edit of the scenario. */
  stale: Partial<Record<Slot, boolean>>;
  running?: { slot: Slot; runId: number; phase: ProgressPhase; fraction: number };
  status: string;
}

export function emptyRunState(): RunState {
  return { runs: {}, stale: {}, status: '' };
}

const NAME: Record<Slot, string> = { a: 'A', b: 'B' };

export function edited(state: RunState): void {
  for (const slot of ['a', 'b'] as const) if (state.runs[slot]) state.stale[slot] = true;
}

export function started(state: RunState, slot: Slot, runId: number): void {
  state.running = { slot, runId, phase: 'preparing', fraction: 0 };
  state.status = state.runs[slot] ? `Running ${NAME[slot]}; the previous result stays, dimmed, until the new one replaces it.` : `Running ${NAME[slot]}…`;
}

export function progressed(state: RunState, runId: number, phase: ProgressPhase, fraction: number): boolean {
  if (state.running?.runId !== runId) return false;
  state.running.phase = phase;
  state.running.fraction = fraction;
  return true;
}

export function finished(state: RunState, slot: Slot, runId: number, run: RunView): void {
  state.runs[slot] = run;
  state.stale[slot] = false;
  if (state.running?.runId === runId) state.running = undefined;
  state.status = `Run ${NAME[slot]} finished.`;
}

export function cancelled(state: RunState, slot: Slot, runId: number): void {
  if (state.running?.runId === runId) state.running = undefined;
  const kept = state.runs[slot];
  if (!kept) state.status = `Cancelled. ${NAME[slot]} has no result yet.`;
  else if (state.stale[slot]) state.status = `Cancelled. ${NAME[slot]} keeps its previous result, which is out of date: it does not include your latest edits.`;
  else state.status = `Cancelled. ${NAME[slot]} keeps its previous result.`;
}

export function failed(state: RunState, message: string): void {
  state.running = undefined;
  state.status = message;
}

/** A result drawn dimmed: being replaced by a run in progress, or made before the latest edit. */
export function dimmed(state: RunState, slot: Slot): boolean {
  return state.stale[slot] === true || state.running?.slot === slot;
}

/** The status line's progress wording. */
export function progressText(running: NonNullable<RunState['running']>): string {
  return running.phase === 'preparing' ? `Preparing ${NAME[running.slot]}: building the guests' memory…` : `Simulating ${NAME[running.slot]}… ${Math.round(running.fraction * 100)}%`;
}
