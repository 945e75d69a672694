import { validateScenario } from '../../engine/whatif/validate';
import { SetError } from '../../engine/whatif/setValue';
import { parseVary, sweepCsv, sweepPoints, sweepTable, type SweepRow, type Vary } from '../../engine/whatif/sweep';
import { integerOption, parseOptions } from '../options';
import { defaultWorkers } from '../scenarioPool';
import { InputError, UsageError, type CliCommand } from '../usage';
import { checkCost, runWithProgress } from './runPool';
import { applySets, loadScenario, scenarioMeasurement, scenarioPathOf } from './scenarioInput';
import type { Scenario } from '../../engine/whatif/scenario';

export const sweepCommand: CliCommand = {
  name: 'sweep',
  summary: 'run a scenario over the cross product of settings, one row per point, on all cores',
  usage:
    'samepage sweep [SCENARIO.json | ksmtuned.conf | SCRIPT.sh] --vary KEY=V1,V2,... [--vary ...] [--set KEY=VALUE]...\n' +
    '               [--json | --csv] [--workers N] [--force]\n' +
    '  KEY as for `whatif --set` (pages_to_scan, KSM_THRES_COEF, controller, thresCoef, guests[0].count, ...).\n' +
    '  One row per point: the varied values, saved bytes at the end, t50/t90 (seconds to 50%/90% of it),\n' +
    '  average and peak ksmd CPU (percent of one CPU), general_profit. The rows do not depend on --workers\n' +
    '  (default: one per core). A sweep estimated at an hour or more is refused unless --force.\n' +
    '  Ctrl-C cancels and prints the rows that finished. Exit status 1 when a point is invalid.',
  async run(args, io) {
    const { values, positionals } = parseOptions('sweep', args, {
      vary: { type: 'string', multiple: true },
      set: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      workers: { type: 'string' },
      force: { type: 'boolean', default: false },
    });
    if (positionals.length > 1) throw new UsageError(`sweep: takes at most one SCENARIO file, got ${positionals.length}`);
    if (values.json && values.csv) throw new UsageError('sweep: --json and --csv exclude each other');
    if (!values.vary?.length) throw new UsageError('sweep: give at least one --vary KEY=V1,V2,...');
    const workers = integerOption('sweep', 'workers', values.workers, 1, 256) ?? defaultWorkers();
    const loaded = await loadScenario('sweep', positionals[0], io);
    const base = applySets('sweep', loaded.raw, values.set ?? []);
    let varies: Vary[];
    let points;
    try {
      varies = values.vary.map(parseVary);
      points = sweepPoints(base, varies);
    } catch (error) {
      if (error instanceof SetError) throw new UsageError(`sweep: ${error.message}`);
      throw error;
    }
    const scenarios: Scenario[] = [];
    for (const p of points) {
      const checked = validateScenario(p.scenario);
      const at = Object.entries(p.varied).map(([k, v]) => `${k}=${v}`).join(' ');
      if (!checked.ok) throw new InputError(`sweep: the point ${at} is not a valid scenario:\n  ${checked.errors.join('\n  ')}`);
      scenarios.push(checked.scenario);
    }
    // A measured scenario's content file is checked here, so a missing one is one clear error, not one per point.
    const measurement = scenarios[0] ? scenarioMeasurement('sweep', scenarios[0], positionals[0]) : undefined;
    checkCost('sweep', scenarios, workers, values.force, measurement);
    const { results, cancelled } = await runWithProgress('sweep', scenarios, workers, io, undefined, scenarioPathOf(positionals[0]));
    const rows: SweepRow[] = [];
    results.forEach((r, i) => {
      if (r && 'metrics' in r) rows.push({ varied: points[i].varied, ...r.metrics });
      else if (r && 'error' in r) io.stderr(`samepage sweep: point ${i + 1} failed: ${r.error}\n`);
    });
    if (values.json) io.stdout(JSON.stringify({ vary: varies, rows, cancelled }) + '\n');
    else if (values.csv) io.stdout(sweepCsv(varies, rows));
    else io.stdout(sweepTable(varies, rows));
    if (cancelled) io.stderr(`samepage sweep: cancelled; ${rows.length} of ${points.length} points finished\n`);
    return cancelled || rows.length < points.length ? 1 : 0;
  },
};
