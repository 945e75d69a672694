import { simulate } from '../../engine/sim/simulate';
import { runWhatIf, type SimulateFn } from '../../engine/whatif/run';
import { seedScenario } from '../../engine/whatif/seed';
import { SetError, setScenarioValue } from '../../engine/whatif/setValue';
import { validateScenario } from '../../engine/whatif/validate';
import { toCsv } from '../../engine/whatif/export';
import { toWhatIfResult } from '../../engine/whatif/result';
import { VERSION } from '../../engine/version';
import { fmtDuration, savedBytesOf } from '../../engine/whatif/summary';
import { terminalChart } from '../../engine/whatif/terminalChart';
import { guestCount, type Scenario } from '../../engine/whatif/scenario';
import { describeCost, estimateScenarioCost, estimatedSeconds, LONG_RUN_SECONDS, loopIterationNs, SLOW_ITERATION_NS } from '../../engine/whatif/costEstimate';
import { detectKind } from '../../engine/language/documentKind';
import { LineIndex } from '../../engine/text/lineIndex';
import { documentFacts } from '../../engine/whatif/documentFacts';
import { applyDocumentFacts } from '../../engine/whatif/fromDocument';
import { loadMeasurement, MeasurementFileError } from '../../engine/node/measurementFile';
import { MEASURED_PROFILE } from '../../engine/whatif/profiles';
import { profileFromMeasured } from '../../engine/whatif/measuredProfile';
import type { Measurement } from '../../engine/measure/format';
import { writeFileSync } from 'node:fs';
import { parseOptions } from '../options';
import { INPUT_LIMITS, InputError, readInputFile, UsageError, type CliCommand, type CliIo } from '../usage';

/** The scenario a file stands for, with the notes of what was taken from it or assumed. */
async function loadScenario(file: string | undefined, io: CliIo): Promise<{ raw: unknown; notes: string[] }> {
  if (file === undefined) return { raw: seedScenario(), notes: ['the built-in seed scenario'] };
  const text = await readInputFile('whatif', file, INPUT_LIMITS.scenario, io.stdin);
  const kind = /\.json$/i.test(file) || text.trimStart().startsWith('{') ? 'json' : detectKind(file, text);
  if (kind === 'ksmtuned' || kind === 'shell' || kind === 'sysfs-conf' || kind === 'tmpfiles' || kind === 'systemd-unit') {
    // A ksmtuned.conf or a script: its values, guests and knob writes laid over the seed scenario.
    const facts = documentFacts({ fileName: file, text, kind, index: new LineIndex(text) });
    const applied = applyDocumentFacts(seedScenario(), facts, file);
    return { raw: applied.scenario, notes: applied.notes };
  }
  try {
    return { raw: JSON.parse(text), notes: [] };
  } catch (error) {
    throw new InputError(`whatif: ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A progress bar on stderr, redrawn at most every 100 ms and only after the run has taken 300 ms. */
function progressBar(io: CliIo): { update(fraction: number): void; done(): void } {
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(fraction) {
      const now = Date.now();
      if (now - started < 300 || now - lastDraw < 100) return;
      lastDraw = now;
      drawn = true;
      const width = 30;
      const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
      io.stderr(`\rsimulating [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(fraction * 100)}%`);
    },
    done() {
      if (drawn) io.stderr('\r\x1b[K');
    },
  };
}

function describeScenario(s: Scenario): string {
  const guests = s.guests
    .map((g) => (g.profile === MEASURED_PROFILE ? `${g.name} measured` : `${g.count}× ${g.memoryMiB / 1024} GiB ${g.profile}`) + ` (mem-merge=${g.memMerge ? 'on' : 'off'})`)
    .concat((s.processes ?? []).map((p) => `process ${p.name} measured (${p.merge})`))
    .join(', ');
  const tuned = s.ksmtuned.enabled
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

/** `iterationNs`: this machine's speed unit (tests pin it, so a refusal does not depend on the machine's load). */
export function createWhatifCommand(simulateFn: SimulateFn, iterationNs: () => number = loopIterationNs): CliCommand {
  return {
    name: 'whatif',
    summary: 'predict how much memory KSM saves for a scenario (default: the seed experiment)',
    usage:
      'samepage whatif [SCENARIO.json | ksmtuned.conf | SCRIPT.sh] [--set KEY=VALUE]... [--profile FILE]... [--json | --csv] [--ascii] [--force]\n' +
      'samepage whatif MEASURED.json --save-profile ID [--from GUEST]... [--out FILE]\n' +
      '  A ksmtuned.conf or a shell script is read like the editor reads it and laid over the seed scenario.\n' +
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
        force: { type: 'boolean', default: false },
      });
      if (values['save-profile'] === undefined && (values.from || values.out)) throw new UsageError('whatif: --from and --out go with --save-profile');
      if (positionals.length > 1) throw new UsageError(`whatif: takes at most one SCENARIO file, got ${positionals.length}`);
      if (values.json && values.csv) throw new UsageError('whatif: --json and --csv exclude each other');
      const loaded = await loadScenario(positionals[0], io);
      let raw = await withProfiles(loaded.raw, values.profile ?? [], io);
      for (const assignment of values.set ?? []) {
        try {
          raw = setScenarioValue(raw, assignment);
        } catch (error) {
          if (error instanceof SetError) throw new UsageError(`whatif: --set ${error.message}`);
          throw error;
        }
      }
      const checked = validateScenario(raw);
      if (!checked.ok) throw new InputError(`whatif: invalid scenario${positionals[0] ? ` ${positionals[0]}` : ''}:\n  ${checked.errors.join('\n  ')}`);
      for (const warning of checked.warnings) io.stderr(`samepage whatif: warning: ${warning}\n`);
      const scenario = checked.scenario;
      let measurement;
      try {
        measurement = loadMeasurement(scenario, positionals[0]);
      } catch (error) {
        if (error instanceof MeasurementFileError) throw new InputError(`whatif: ${error.message}`);
        throw error;
      }
      if (values['save-profile'] !== undefined) return saveProfile(scenario, measurement, values['save-profile'], values.from ?? [], values.out, io);
      if (!values.force) {
        const estimate = estimateScenarioCost(scenario, measurement);
        // Time this machine only when the run could be long on a slow one (the probe takes ~30 ms).
        const seconds = estimatedSeconds(estimate, SLOW_ITERATION_NS) < LONG_RUN_SECONDS ? 0 : estimatedSeconds(estimate, iterationNs());
        if (seconds >= LONG_RUN_SECONDS) throw new InputError(`whatif: this run would take ${describeCost(estimate, seconds)}; shorten it (durationSeconds), or run it anyway with --force`);
      }

      const bar = io.stderrIsTty ? progressBar(io) : undefined;
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
      const last = run.result.samples[run.result.samples.length - 1];
      io.stdout(describeScenario(scenario) + '\n');
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
      return 0;
    },
  };
}

export const whatifCommand = createWhatifCommand(simulate);
