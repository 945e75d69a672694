/**
 * A decoded measurement and its host facts → the scenario `samepage whatif` runs
 * (docs/measured-content.md; the shape agreed in issue 11): the host as measured, the current
 * knobs and ksmtuned, each QEMU process as a measured guest and every other process as a measured
 * process, both pointing into the content file.
 */
import { MEASURED_PROFILE } from '../knowledge/guestProfiles';
import type { Scenario } from '../whatif/scenario';
import { guestFromArgv } from '../whatif/qemuArgv';
import { checkHostFacts, type MeasuredHostFacts } from './hostFacts';
import type { Measurement } from './format';
import { countPages, describeMeasurement } from './summary';

export const MEASURED_DURATION_SECONDS = 1800;

export interface MeasuredScenario extends Omit<Scenario, 'guests'> {
  measurement: { file: string; source: 'live' | 'dump'; startsFrom: 'nothing' | 'current-merges'; assumed: string[] };
  guests: Array<Omit<Scenario['guests'][number], 'profile'> & { profile: string; measured: { process: number } }>;
  processes: Array<{ name: string; merge: 'madvise' | 'prctl' | 'none'; measured: { process: number } }>;
}

export class MeasurementScenarioError extends Error {}

/** Accepts a plain command word as argv[0] (what ksmtuned matches); anything odd is left out. */
function binaryOf(argv0: string | undefined): string | undefined {
  return argv0 && /^[^\s'"`$\\]{1,256}$/.test(argv0) ? argv0 : undefined;
}

export function measurementToScenario(m: Measurement, contentFile: string): MeasuredScenario {
  const facts = checkHostFacts(m.meta.host);
  if (typeof facts === 'string') throw new MeasurementScenarioError(`${contentFile}: ${facts}`);
  const { perProcess, total } = countPages(m);
  const mib = (pages: number) => Math.max(1, Math.round((pages * m.pageSize) / 1048576));
  const guests: MeasuredScenario['guests'] = [];
  const processes: MeasuredScenario['processes'] = [];
  const taken = new Set<string>();
  m.processes.forEach((p, i) => {
    const name = uniqueName(p.name, p.pid ?? i, taken);
    if (p.kind === 'qemu') {
      const binary = binaryOf(p.argv[0]);
      // -m as given; a dump has no command line: its size. (QEMU's ROM blocks are measured too, beyond -m.)
      const read = p.argv.length ? guestFromArgv(p.argv) : undefined;
      const memoryMiB = read && 'memoryMiB' in read ? read.memoryMiB : mib(perProcess[i].pages);
      guests.push({ name, count: 1, memoryMiB, profile: MEASURED_PROFILE, memMerge: p.merge !== 'none', thp: perProcess[i].thp > 0, ...(binary ? { binary } : {}), measured: { process: i } });
    } else processes.push({ name, merge: p.merge, measured: { process: i } });
  });
  const when = m.meta.time.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  return {
    name: `${m.meta.source === 'live' ? `host ${hostLabel(facts)}` : 'guest dumps'}, measured ${when}`,
    description: [...describeMeasurement(m, total), ...ksmOffHint(facts)].join(' '),
    measurement: { file: contentFile, source: m.meta.source, startsFrom: total.ksm > 0 ? 'current-merges' : 'nothing', assumed: m.meta.assumed },
    host: facts.scenario,
    knobs: ksmOff(facts) ? { ...facts.knobs, run: 1 } : facts.knobs,
    ksmtuned: facts.ksmtuned,
    guests,
    processes,
    durationSeconds: MEASURED_DURATION_SECONDS,
  };
}

/**
 * A scenario name (letters, digits, . _ -, at most 32) for a measured process, unique in the
 * scenario: two processes with one command name (two workers, two unnamed guests) get their pid.
 */
function uniqueName(raw: string, pid: number, taken: Set<string>): string {
  const base = raw.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 32) || 'process';
  const name = taken.has(base) ? `${base.slice(0, 31 - String(pid).length)}-${pid}` : base;
  taken.add(name);
  return name;
}

/** KSM is off and no ksmtuned would start it: as read, nothing would ever merge. */
function ksmOff(facts: MeasuredHostFacts): boolean {
  return facts.knobs.run === 0 && !facts.ksmtuned.enabled;
}

/**
 * A measurement answers "what would KSM save here", so a host measured with KSM off gets run=1 in
 * its scenario, and the description says so and how to see the host exactly as read.
 */
function ksmOffHint(facts: MeasuredHostFacts): string[] {
  if (!ksmOff(facts)) return [];
  return ['KSM is off on this host (run=0) and no ksmtuned would start it: the scenario switches it on (knobs.run=1) to predict what it would save; `--set knobs.run=0` runs the host exactly as read.'];
}

function hostLabel(facts: MeasuredHostFacts): string {
  return facts.hostname || facts.kernelRelease;
}
