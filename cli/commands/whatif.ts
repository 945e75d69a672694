import { simulate } from '../../engine/sim/simulate';
import { runWhatIf, type SimulateFn } from '../../engine/whatif/run';
import { validateScenario } from '../../engine/whatif/validate';
import { toCsv } from '../../engine/whatif/export';
import { toWhatIfResult } from '../../engine/whatif/result';
import { VERSION } from '../../engine/version';
import { fmtDuration, savedBytesOf } from '../../engine/whatif/summary';
import { terminalChart } from '../../engine/whatif/terminalChart';
import { controllerOf, guestCount, type Scenario } from '../../engine/whatif/scenario';
import { scenarioDocumentKind, scenarioFromDocument } from '../../engine/whatif/documentScenario';
import { CONTROLLERS, CONTROLLER_NAMES, isControllerName, type ControllerName } from '../../engine/knowledge/controllers';
import { compareControllers, withController } from '../../engine/whatif/compare';
import { toOpenMetrics } from '../../engine/whatif/openMetrics';
import type { WhatIfRun } from '../../engine/whatif/run';
import { describeCost, estimateScenarioCost, estimatedSeconds, LONG_RUN_SECONDS, loopIterationNs, SLOW_ITERATION_NS } from '../../engine/whatif/costEstimate';
import { MEASURED_PROFILE } from '../../engine/knowledge/guestProfiles';
import { profileFromMeasured } from '../../engine/whatif/measuredProfile';
import type { Measurement } from '../../engine/measure/format';
import { writeFileSync } from 'node:fs';
import { parseOptions } from '../options';
import { applySets, loadScenario, progressBar, scenarioMeasurement } from './scenarioInput';
import { INPUT_LIMITS, InputError, readInputFile, UsageError, type CliCommand, type CliIo } from '../usage';

function describeScenario(s: Scenario): string {
  const guests = s.guests
    .map((g) => (g.profile === MEASURED_PROFILE ? `${g.name} measured` : `${g.count}× ${g.memoryMiB / 1024} GiB ${g.profile}`) + ` (mem-merge=${g.memMerge ? 'on' : 'off'})`)
    .concat((s.processes ?? []).map((p) => `process ${p.name} measured (${p.merge})`))
    .join(', ');
  const controller = controllerOf(s);
  const settings = Object.entries(s.controllerSettings ?? {}).map(([k, v]) => `${k}=${v}`).join(' ');
  const tuned = controller !== 'ksmtuned' && controller !== 'none'
    ? `${CONTROLLERS[controller].title}${settings ? ` (${settings})` : ''}`
    : s.ksmtuned.enabled
    ? `ksmtuned (${s.ksmtuned.variant}${Object.keys(s.ksmtuned.values).length ? ': ' + Object.entries(s.ksmtuned.values).map(([k, v]) => `${k}=${v}`).join(' ') : ''}${s.ksmtuned.state === 'running' ? '; already running at the start' : ''})`
    : 'no ksmtuned';
  const measured = s.measurement
    ? `\n  measured (${s.measurement.source}): KSM starts from ${s.measurement.startsFrom === 'nothing' ? 'nothing merged' : 'the merges found when measured'}${(s.measurement.assumed ?? []).map((a) => `\n  assumed: ${a}`).join('')}`
    : '';
  return `${s.name ?? 'Scenario'}\n  host ${(s.host.memTotalKb / 2 ** 20).toFixed(1)} GiB, kernel ${s.host.kernel}, HZ=${s.host.hz}; ${guestCount(s)} guests: ${guests || 'none'}; ${tuned}; ${fmtDuration(s.durationSeconds)}${measured}\n`;
}

/** The scenario with the profiles saved in `files` added to its own. */
async function withProfiles(raw: unknown, files: string[], io: CliIo): Promise<unknown> {
  if (files.length === 0) return raw;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw; // validation reports it
  const added: unknown[] = [];
  for (const file of files) {
    const text = await readInputFile('whatif', file, INPUT_LIMITS.scenario, io.stdin);
    try {
      added.push(JSON.parse(text));
    } catch (error) {
      throw new InputError(`whatif: --profile ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const own = (raw as { profiles?: unknown }).profiles;
  return { ...raw, profiles: [...(Array.isArray(own) ? own : []), ...added] };
}

/** --save-profile: the measured guests (all, or those named by --from) as one reusable profile. */
function saveProfile(scenario: Scenario, measurement: Measurement | undefined, id: string, from: string[], out: string | undefined, io: CliIo): number {
  const measured = scenario.guests.filter((g) => g.profile === MEASURED_PROFILE && g.measured);
  if (!measurement || measured.length === 0) throw new InputError('whatif: --save-profile needs a measured scenario with measured guests (samepage measure writes one)');
  for (const name of from) if (!measured.some((g) => g.name === name)) throw new UsageError(`whatif: --from ${name}: no measured guest of that name (measured: ${measured.map((g) => g.name).join(', ')})`);
  const chosen = from.length > 0 ? measured.filter((g) => from.includes(g.name)) : measured;
  const checked = validateScenario({ ...scenario, profiles: [profileFromMeasured(measurement, chosen.map((g) => ({ name: g.name, process: g.measured!.process })), id)] });
  if (!checked.ok) throw new UsageError(`whatif: --save-profile ${id}: ${checked.errors.join('; ')}`);
  const text = JSON.stringify(checked.scenario.profiles![0], null, 2) + '\n';
  if (out === undefined) io.stdout(text);
  else {
    try {
      writeFileSync(out, text, { mode: 0o600 });
    } catch (error) {
      throw new InputError(`whatif: cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    io.stderr(`samepage whatif: profile ${id} (from ${chosen.map((g) => g.name).join(', ')}) written to ${out}; use it with --profile ${out} or in the scenario's "profiles"\n`);
  }
  return 0;
}

const GiB = 2 ** 30;

/** The knob writes of a run, one line each (at most `max`), and the per-guest savings table. */
function writesAndGuests(run: WhatIfRun, max = 12): string {
  const out: string[] = [];
  const writes = run.result.knobWrites;
  if (writes.length > 0) {
    out.push(`\nKnob writes (${writes.length} changed or refused of ${run.result.knobWritesTotal} in all):`);
    for (const w of writes.slice(0, max)) out.push(`  ${fmtDuration(w.t).padStart(8)}  ${w.by.padEnd(20)} ${w.knob}=${w.value}${w.ok ? '' : `  refused: ${w.error}`}`);
    if (writes.length > max) out.push(`  … ${writes.length - max} more (--json lists them all)`);
  }
  const guests = run.summary.metrics.perGuest;
  if (guests.length > 0) {
    out.push('\nPer guest at the end (/proc/PID/ksm_merging_pages and ksm_stat):');
    for (const g of guests.slice(0, max)) out.push(`  ${g.name.padEnd(20)} merging ${String(g.mergingPages).padStart(9)} pages  zero ${String(g.zeroPages).padStart(8)}  profit ${(g.profitBytes / GiB).toFixed(2)} GiB`);
    if (guests.length > max) out.push(`  … ${guests.length - max} more guests`);
  }
  return out.length ? out.join('\n') + '\n' : '';
}

function parseControllerList(text: string): ControllerName[] {
  const names = text.split(',').map((n) => n.trim()).filter((n) => n.length > 0);
  if (names.length < 1 || names.length > CONTROLLER_NAMES.length) throw new UsageError(`whatif: --compare takes 1 to ${CONTROLLER_NAMES.length} controllers separated by commas`);
  for (const n of names) if (!isControllerName(n)) throw new UsageError(`whatif: --compare: '${n.slice(0, 40)}' is not a controller (one of ${CONTROLLER_NAMES.join(', ')})`);
  return names as ControllerName[];
}

/** `iterationNs`: this machine's speed unit (tests pin it, so a refusal does not depend on the machine's load). */
export function createWhatifCommand(simulateFn: SimulateFn, iterationNs: () => number = loopIterationNs): CliCommand {
  return {
    name: 'whatif',
    summary: 'predict how much memory KSM saves for a scenario (default: the seed experiment)',
    usage:
      'samepage whatif [SCENARIO.json | ksmtuned.conf | SCRIPT.sh | UNIT.service | NOTES.md | sysfs.conf | DOMAIN.xml | VMID.conf | FOLDER] [--set KEY=VALUE]... [--profile FILE]... [--json | --csv | --openmetrics] [--ascii] [--force]\n' +
      '                [--compare CONTROLLER,CONTROLLER...]\n' +
      'samepage whatif MEASURED.json --save-profile ID [--from GUEST]... [--out FILE]\n' +
      `  --set controller=NAME picks who drives the knobs: ${CONTROLLER_NAMES.join(', ')}\n` +
      '  (docs/controllers.md); its settings by their own names, e.g. --set thresCoef=50, --set pages-boost=1000.\n' +
      '  --compare runs the host once under each controller and prints them side by side (with --json: a list).\n' +
      '  --openmetrics prints the run with node_exporter ksmd metric names (node_ksmd_pages_sharing, ...).\n' +
      '  Any file but a scenario is read like the editor reads it (QEMU command lines, knob writes, ksmtuned\n' +
      '  values, libvirt domains, Proxmox VM configs) and laid over the seed scenario; the notes (--json) say\n' +
      '  what was taken or left out. A FOLDER of domain XML or VM configs (/etc/libvirt/qemu,\n' +
      '  /run/libvirt/qemu, /etc/pve/qemu-server) gives one guest per file.\n' +
      '  KEY is a path such as ksmtuned.values.KSM_THRES_COEF, guests[0].memMerge, knobs.pages_to_scan,\n' +
      '  durationSeconds, ksmtuned.state (fresh | running), or a bare ksmtuned variable (KSM_THRES_COEF)\n' +
      '  or knob name (pages_to_scan).\n' +
      '  Without SCENARIO: four 8 GiB Windows 10 guests on a 128 GiB RHEL 7.3 host, KSM_THRES_COEF=95, 10 min,\n' +
      '  ksmtuned already running when the guests start.\n' +
      '  A measured scenario (samepage measure) reads its content file beside the scenario file.\n' +
      '  --save-profile ID [--from GUEST]... [--out FILE]: instead of simulating, derive a reusable guest profile\n' +
      '  from the measured guests (all, or the --from ones) and print it or write it to FILE (mode 0600).\n' +
      '  --profile FILE: add a profile saved that way to the scenario (repeatable); guests use it by its id.\n' +
      `  A run estimated to take ${LONG_RUN_SECONDS / 3600} h or more on this machine is refused with the estimate; --force runs it.\n` +
      '  Exit status 1 when the scenario is invalid or refused as too long.',
    async run(args, io) {
      const { values, positionals } = parseOptions('whatif', args, {
        set: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        csv: { type: 'boolean', default: false },
        ascii: { type: 'boolean', default: false },
        profile: { type: 'string', multiple: true },
        'save-profile': { type: 'string' },
        from: { type: 'string', multiple: true },
        out: { type: 'string' },
        openmetrics: { type: 'boolean', default: false },
        compare: { type: 'string' },
        force: { type: 'boolean', default: false },
      });
      if (values['save-profile'] === undefined && (values.from || values.out)) throw new UsageError('whatif: --from and --out go with --save-profile');
      if (positionals.length > 1) throw new UsageError(`whatif: takes at most one SCENARIO file, got ${positionals.length}`);
      if ([values.json, values.csv, values.openmetrics].filter(Boolean).length > 1) throw new UsageError('whatif: --json, --csv and --openmetrics exclude each other');
      const compare = values.compare === undefined ? undefined : parseControllerList(values.compare);
      if (compare && (values.csv || values.openmetrics)) throw new UsageError('whatif: --compare prints text or --json');
      const loaded = await loadScenario('whatif', positionals[0], io);
      const raw = applySets('whatif', await withProfiles(loaded.raw, values.profile ?? [], io), values.set ?? []);
      const checked = validateScenario(raw);
      if (!checked.ok) throw new InputError(`whatif: invalid scenario${positionals[0] ? ` ${positionals[0]}` : ''}:\n  ${checked.errors.join('\n  ')}`);
      for (const warning of checked.warnings) io.stderr(`samepage whatif: warning: ${warning}\n`);
      const scenario = checked.scenario;
      const measurement = scenarioMeasurement('whatif', scenario, positionals[0]);
      if (values['save-profile'] !== undefined) return saveProfile(scenario, measurement, values['save-profile'], values.from ?? [], values.out, io);
      if (!values.force) {
        const estimate = estimateScenarioCost(scenario, measurement);
        // Time this machine only when the run could be long on a slow one (the probe takes ~30 ms).
        const seconds = estimatedSeconds(estimate, SLOW_ITERATION_NS) < LONG_RUN_SECONDS ? 0 : estimatedSeconds(estimate, iterationNs());
        if (seconds >= LONG_RUN_SECONDS) throw new InputError(`whatif: this run would take ${describeCost(estimate, seconds)}; shorten it (durationSeconds), or run it anyway with --force`);
      }
      if (compare) return runComparison(scenario, compare, simulateFn, io, values.json, measurement);

      const bar = io.stderrIsTty ? progressBar(io, 'simulating') : undefined;
      const run = runWhatIf(scenario, simulateFn, { onProgress: (f) => bar?.update(f) }, measurement);
      bar?.done();
      const pageSize = scenario.host.pageSize;
      if (values.json) {
        io.stdout(JSON.stringify(toWhatIfResult(run, `samepage ${VERSION}`, [...loaded.notes, ...checked.warnings])) + '\n');
        return 0;
      }
      if (values.csv) {
        io.stdout(toCsv(run.result, pageSize));
        return 0;
      }
      if (values.openmetrics) {
        io.stdout(toOpenMetrics(run.result, Math.floor(Date.now() / 1000)));
        return 0;
      }
      const last = run.result.samples[run.result.samples.length - 1];
      io.stdout(describeScenario(scenario));
      for (const note of positionals[0] ? loaded.notes : []) io.stdout(`  note: ${note}\n`);
      io.stdout('\n');
      io.stdout(run.summary.sentences.join('\n') + '\n\n');
      io.stdout('Memory saved (pages_sharing × page size) over time:\n');
      io.stdout(
        terminalChart(
          run.result.samples.map((s) => ({ x: s.t, y: savedBytesOf(s, pageSize) / 2 ** 30 })),
          { ascii: values.ascii, width: 60, height: 10, formatY: (v) => `${v.toFixed(1)} GiB`, formatX: (x) => fmtDuration(x) },
        ),
      );
      if (last) {
        const k = last.ksm;
        io.stdout(
          `\nfinal: pages_shared=${k.pages_shared} pages_sharing=${k.pages_sharing} pages_unshared=${k.pages_unshared} pages_volatile=${k.pages_volatile} full_scans=${k.full_scans} pages_to_scan=${k.pages_to_scan} run=${k.run}\n`,
        );
      }
      io.stdout(writesAndGuests(run));
      return 0;
    },
  };
}

function runComparison(scenario: Scenario, controllers: ControllerName[], simulateFn: SimulateFn, io: CliIo, json: boolean, measurement?: Measurement): number {
  for (const c of controllers) {
    const checked = validateScenario(withController(scenario, c));
    if (!checked.ok) throw new InputError(`whatif: --compare ${c}: ${checked.errors.join('; ')}`);
  }
  const runs = compareControllers(scenario, controllers, simulateFn, undefined, measurement);
  if (json) {
    io.stdout(JSON.stringify({ compare: runs.map((r) => toWhatIfResult(r.run, `samepage ${VERSION}`)) }) + '\n');
    return 0;
  }
  io.stdout(describeScenario(scenario) + '\n');
  const header = ['controller', 'saved', 't50', 't90', 'settled', 'ksmd CPU avg', 'peak', 'general_profit', 'writes'];
  const rows = runs.map(({ controller, run }) => {
    const s = run.summary;
    const t = (x: number | null) => (x === null ? '-' : fmtDuration(x));
    return [controller, `${(s.savedBytes / GiB).toFixed(2)} GiB`, t(s.t50), t(s.t90), t(s.metrics.settledSeconds), `${(s.ksmdCpuMean * 100).toFixed(1)}%`, `${(s.ksmdCpuMax * 100).toFixed(1)}%`, `${(s.metrics.generalProfitBytes / GiB).toFixed(2)} GiB`, String(run.result.knobWrites.length)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [header, ...rows]) io.stdout(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ') + '\n');
  for (const { title, run } of runs) io.stdout(`\n${title}: ${run.summary.sentences[0]}\n${writesAndGuests(run, 6)}`);
  return 0;
}

export const whatifCommand = createWhatifCommand(simulate);
