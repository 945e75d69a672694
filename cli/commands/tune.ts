import { CONTROLLERS } from '../../engine/knowledge/controllers';
import { knobDefaults } from '../../engine/knowledge/knobs';
import { KSMTUNED_DEFAULTS } from '../../engine/ksmtuned/defaults';
import { bestAchievableBytes } from '../../engine/whatif/potential';
import { controllerOf, type Scenario } from '../../engine/whatif/scenario';
import { parsePath } from '../../engine/whatif/setValue';
import { fmtDuration } from '../../engine/whatif/summary';
import { scenarioToSimConfig } from '../../engine/whatif/toSimConfig';
import { adviceSentences, decide, recommendedSettings, searchSpace, tuneCandidates, type TuneGoal, type TunePoint } from '../../engine/whatif/tune';
import { MAX_DURATION_SECONDS, validateScenario } from '../../engine/whatif/validate';
import { integerOption, parseOptions } from '../options';
import { defaultWorkers } from '../scenarioPool';
import { InputError, UsageError, type CliCommand } from '../usage';
import { checkCost, runWithProgress } from './runPool';
import { applySets, loadScenario } from './scenarioInput';

function numberOption(name: string, text: string | undefined, min: number, max: number, minExclusive: boolean): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || (minExclusive ? x <= min : x < min) || x > max) throw new UsageError(`tune: --${name} takes a number ${minExclusive ? 'above' : 'from'} ${min} ${minExclusive ? 'up ' : ''}to ${max}, not '${text.slice(0, 40)}'`);
  return x;
}

/** The value a searched setting has in the scenario as given (a set value, else what applies by default). */
function valueIn(scenario: Scenario, key: string, fallback: string): string {
  let node: unknown = scenario;
  for (const part of parsePath(key)) node = node === undefined || node === null ? undefined : (node as Record<string | number, unknown>)[part];
  return node === undefined ? fallback : String(node);
}

const figures = (p: TunePoint) => ({
  savedBytes: p.savedBytes,
  ksmdCpuPercent: p.ksmdCpuPercent,
  ksmdCpuPeakPercent: p.ksmdCpuPeakPercent,
  t50Seconds: p.t50Seconds,
  t90Seconds: p.t90Seconds,
  generalProfitBytes: p.generalProfitBytes,
  settledSeconds: p.settledSeconds,
  goalReachedSeconds: p.reachSeconds,
});

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
    const loaded = loadScenario('tune', positionals[0]);
    const checked = validateScenario(applySets('tune', loaded.raw, values.set ?? []));
    if (!checked.ok) throw new InputError(`tune: invalid scenario${positionals[0] ? ` ${positionals[0]}` : ''}:\n  ${checked.errors.join('\n  ')}`);
    const given = checked.scenario;
    const goal: TuneGoal = { fraction, withinSeconds: within ?? given.durationSeconds, maxCpuPercent: maxCpu };
    // The runs last at least until the deadline, so "within" can be judged.
    const base: Scenario = { ...given, durationSeconds: Math.max(given.durationSeconds, goal.withinSeconds) };
    const controller = controllerOf(base);
    const best = bestAchievableBytes(scenarioToSimConfig(base));

    const candidates = tuneCandidates(base, controller);
    const scenarios: Scenario[] = [base];
    for (const c of candidates) {
      const v = validateScenario(c.scenario);
      if (!v.ok) throw new InputError(`tune: the search point ${JSON.stringify(c.settings)} is not a valid scenario: ${v.errors.join('; ')}`);
      scenarios.push(v.scenario);
    }
    const baselineSettings: Record<string, string> = {};
    for (const [k, v] of Object.entries(candidates[0]?.settings ?? {})) {
      const setting = CONTROLLERS[controller].settings.find((s) => s.name === k);
      const fallback = setting ? setting.default : (KSMTUNED_DEFAULTS[k] ?? knobDefaults()[k] ?? v);
      baselineSettings[k] = valueIn(base, k, String(fallback));
    }
    checkCost('tune', best > 0 ? scenarios : [base], workers, values.force);
    const { results, cancelled } = await runWithProgress('tune', best > 0 ? scenarios : [base], workers, io, fraction * best);
    if (cancelled) {
      io.stderr('samepage tune: cancelled; no advice\n');
      return 1;
    }
    const points: TunePoint[] = [];
    results.forEach((r, i) => {
      if (!r || !('metrics' in r)) throw new InputError(`tune: a search run failed: ${r && 'error' in r ? r.error : 'no answer'}`);
      points.push({ ...r.metrics, reachSeconds: r.metrics.reachSeconds ?? null, settings: i === 0 ? baselineSettings : candidates[i - 1].settings });
    });
    const baseline = points[0];
    const decision = decide(points, goal, best);
    const chosenScenario = scenarios[points.indexOf(decision.chosen)];
    const sentences = adviceSentences(decision, baseline, goal, best, controller);
    const assignments = Object.entries(decision.chosen.settings).map(([k, v]) => `${k}=${v}`);
    if (values.json) {
      io.stdout(
        JSON.stringify({
          recommended: recommendedSettings(chosenScenario),
          predicted: figures(decision.chosen),
          baseline: figures(baseline),
          frontier: decision.frontier.map((p) => ({ settings: p.settings, ...figures(p) })),
          controllers: [controller],
          goal: { fraction, withinSeconds: goal.withinSeconds, maxCpuPercent: maxCpu, savedBytes: fraction * best },
          bestAchievableBytes: best,
          goalReached: decision.goalReached,
          pays: decision.pays,
          searched: searchSpace(controller).map((d) => ({ key: d.key, values: d.values })),
          whatifSet: assignments,
          sentences,
        }) + '\n',
      );
      return 0;
    }
    io.stdout(sentences.join('\n') + '\n');
    io.stdout(`\nSaved memory against ksmd CPU (the ${decision.frontier.length} settings nothing else beats on both):\n`);
    const listed = decision.frontier.includes(decision.chosen) ? decision.frontier : [...decision.frontier, decision.chosen];
    for (const p of listed) {
      const mark = p === decision.chosen ? (decision.frontier.includes(p) ? '*' : '* (recommended)') : p === baseline ? 'as given' : '';
      io.stdout(`  ${(p.savedBytes / 2 ** 30).toFixed(2).padStart(7)} GiB  ${p.ksmdCpuPercent.toFixed(1).padStart(5)}% CPU  goal ${p.reachSeconds === null ? 'not reached' : `at ${fmtDuration(p.reachSeconds)}`}  ${Object.entries(p.settings).map(([k, v]) => `${k}=${v}`).join(' ')} ${mark}\n`);
    }
    if (decision.goalReached) io.stdout(`\nCheck it: samepage whatif ${positionals[0] ?? ''} ${[...(values.set ?? []), ...(base.durationSeconds !== given.durationSeconds ? [`durationSeconds=${base.durationSeconds}`] : []), ...assignments].map((a) => `--set ${a}`).join(' ')}\n`.replace('  ', ' '));
    return 0;
  },
};
