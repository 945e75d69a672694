import { fmtDuration } from '../../engine/whatif/summary';
import { concludeTune, planTune, type TuneGoal } from '../../engine/whatif/tune';
import { MAX_DURATION_SECONDS, validateScenario } from '../../engine/whatif/validate';
import { integerOption, parseOptions } from '../options';
import { defaultWorkers } from '../scenarioPool';
import { InputError, UsageError, type CliCommand } from '../usage';
import { checkCost, runWithProgress } from './runPool';
import { applySets, loadScenario, scenarioMeasurement, scenarioPathOf } from './scenarioInput';

function numberOption(name: string, text: string | undefined, min: number, max: number, minExclusive: boolean): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || (minExclusive ? x <= min : x < min) || x > max) throw new UsageError(`tune: --${name} takes a number ${minExclusive ? 'above' : 'from'} ${min} ${minExclusive ? 'up ' : ''}to ${max}, not '${text.slice(0, 40)}'`);
  return x;
}

export const tuneCommand: CliCommand = {
  name: 'tune',
  summary: "search the controller's settings for the least ksmd CPU that reaches a saving goal in time",
  usage:
    'samepage tune [SCENARIO.json | ksmtuned.conf | SCRIPT.sh] [--goal-fraction F] [--within SECONDS] [--max-cpu PERCENT]\n' +
    '              [--set KEY=VALUE]... [--json] [--workers N] [--force]\n' +
    "  Searches the settings the scenario's controller exposes (ksmtuned's variables; the knobs when no\n" +
    '  controller runs; advisor_* for the advisor; MoM, KubeVirt and Harvester settings) with the simulator and\n' +
    '  recommends the one that reaches F (default 0.9) of the best achievable saving (every mergeable page\n' +
    "  merged) within SECONDS (default: the scenario's duration) at the least ksmd CPU averaged over the run\n" +
    '  (percent of one CPU; --max-cpu caps it). `samepage whatif` with the recommended settings predicts the\n' +
    '  same saving. Default scenario: the seed. A search estimated at an hour or more is refused unless --force.',
  async run(args, io) {
    const { values, positionals } = parseOptions('tune', args, {
      'goal-fraction': { type: 'string' },
      within: { type: 'string' },
      'max-cpu': { type: 'string' },
      set: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      workers: { type: 'string' },
      force: { type: 'boolean', default: false },
    });
    if (positionals.length > 1) throw new UsageError(`tune: takes at most one SCENARIO file, got ${positionals.length}`);
    const fraction = numberOption('goal-fraction', values['goal-fraction'], 0, 1, true) ?? 0.9;
    const within = numberOption('within', values.within, 0, MAX_DURATION_SECONDS, true);
    const maxCpu = numberOption('max-cpu', values['max-cpu'], 0, 100, true) ?? 100;
    const workers = integerOption('tune', 'workers', values.workers, 1, 256) ?? defaultWorkers();
    const loaded = await loadScenario('tune', positionals[0], io);
    const checked = validateScenario(applySets('tune', loaded.raw, values.set ?? []));
    if (!checked.ok) throw new InputError(`tune: invalid scenario${positionals[0] ? ` ${positionals[0]}` : ''}:\n  ${checked.errors.join('\n  ')}`);
    const given = checked.scenario;
    const goal: TuneGoal = { fraction, withinSeconds: within ?? checked.scenario.durationSeconds, maxCpuPercent: maxCpu };
    const measurement = scenarioMeasurement('tune', checked.scenario, positionals[0]);
    let plan;
    try {
      plan = planTune(checked.scenario, goal, measurement);
    } catch (error) {
      throw new InputError(error instanceof Error ? error.message : String(error));
    }
    checkCost('tune', plan.scenarios, workers, values.force, measurement);
    const { results, cancelled } = await runWithProgress('tune', plan.scenarios, workers, io, fraction * plan.bestBytes, scenarioPathOf(positionals[0]));
    if (cancelled) {
      io.stderr('samepage tune: cancelled; no advice\n');
      return 1;
    }
    const metrics = results.map((r) => {
      if (!r || !('metrics' in r)) throw new InputError(`tune: a search run failed: ${r && 'error' in r ? r.error : 'no answer'}`);
      return r.metrics;
    });
    const advice = concludeTune(plan, metrics);
    if (values.json) {
      io.stdout(JSON.stringify(advice) + '\n');
      return 0;
    }
    io.stdout(advice.sentences.join('\n') + '\n');
    io.stdout(`\nSaved memory against ksmd CPU (the ${advice.frontier.length} settings nothing else beats on both; * recommended):\n`);
    const settingsText = (s: Record<string, string>) => Object.entries(s).map(([k, v]) => `${k}=${v}`).join(' ');
    const recommendedText = advice.whatifSet.filter((a) => !a.startsWith('durationSeconds=')).join(' ');
    for (const p of advice.frontier) {
      const mark = settingsText(p.settings) === recommendedText ? '*' : '';
      io.stdout(`  ${(p.savedBytes / 2 ** 30).toFixed(2).padStart(7)} GiB  ${p.ksmdCpuPercent.toFixed(1).padStart(5)}% CPU  goal ${p.goalReachedSeconds === null ? 'not reached' : `at ${fmtDuration(p.goalReachedSeconds)}`}  ${settingsText(p.settings)} ${mark}\n`);
    }
    if (advice.format.text) io.stdout(`\nAs ${advice.format.format}:\n${advice.format.text}\n`);
    if (advice.goalReached) io.stdout(`\nCheck it: samepage whatif${positionals[0] ? ` ${positionals[0]}` : ''} ${[...(values.set ?? []), ...advice.whatifSet].map((a) => `--set ${a}`).join(' ')}\n`);
    return 0;
  },
};
