/**
 * `samepage tune`: which settings of the scenario's controller reach a goal saving in time at the
 * least ksmd CPU. This file is the pure part: the plan (the search space, each value checked
 * against the knowledge table's ranges), the pick among the simulated points, the frontier and the
 * advice in words. The CLI (cli/commands/tune.ts) and the panel's worker run the points.
 */
import type { Measurement } from '../measure/format';
import { CONTROLLERS, type ControllerName } from '../knowledge/controllers';
import { knobByName, knobDefaults } from '../knowledge/knobs';
import { ksmtunedVariable } from '../knowledge/ksmtunedVariables';
import type { KsmKnobs } from '../sim/api';
import { KSMTUNED_DEFAULTS } from '../ksmtuned/defaults';
import { adviceInFormat } from './adviceFormats';
import { bestAchievableBytes } from './potential';
import { controllerOf, type Scenario } from './scenario';
import { parsePath, setScenarioValue } from './setValue';
import { scenarioToSimConfig } from './toSimConfig';
import { validateScenario } from './validate';
import type { PointMetrics } from './sweep';
import { fmtDuration } from './summary';

/** The values tune tries for the settings that are not a controller's own (those are in engine/knowledge/controllers). */
const KSMTUNED_GRID: Readonly<Record<string, readonly number[]>> = {
  KSM_THRES_COEF: [20, 50, 95],
  KSM_NPAGES_BOOST: [300, 2000, 10000],
  KSM_NPAGES_MAX: [1250, 5000, 20000, 100000],
};
const KNOB_GRID: Readonly<Record<string, readonly number[]>> = {
  pages_to_scan: [100, 1000, 5000, 20000, 100000],
  sleep_millisecs: [5, 20, 100, 500],
};
const ADVISOR_GRID: Readonly<Record<string, readonly number[]>> = {
  advisor_target_scan_time: [10, 60, 200, 600],
  advisor_max_cpu: [10, 30, 70, 100],
};

/** A setting tune varies: the `--set` key, its values, and the range the knowledge table allows. */
export interface TuneDimension {
  key: string;
  values: readonly number[];
  range: { min: number; max: number };
}

function rangeOf(kind: 'knob' | 'ksmtuned', name: string): { min: number; max: number } {
  const range = kind === 'knob' ? knobByName(name)?.range : ksmtunedVariable(name)?.range;
  if (!range) throw new Error(`tune: no range for ${name} in the knowledge table`);
  return { min: range.min, max: range.max };
}

/** The settings tune searches for a controller; every value lies in its range. */
export function searchSpace(controller: ControllerName): TuneDimension[] {
  let dims: TuneDimension[];
  if (controller === 'ksmtuned') dims = Object.entries(KSMTUNED_GRID).map(([key, values]) => ({ key, values, range: rangeOf('ksmtuned', key) }));
  else if (controller === 'none') dims = Object.entries(KNOB_GRID).map(([key, values]) => ({ key, values, range: rangeOf('knob', key) }));
  else if (controller === 'advisor') dims = Object.entries(ADVISOR_GRID).map(([key, values]) => ({ key, values, range: rangeOf('knob', key) }));
  else dims = CONTROLLERS[controller].settings.filter((s) => s.grid.length > 1).map((s) => ({ key: s.name, values: s.grid, range: { min: s.min, max: s.max } }));
  for (const d of dims) for (const v of d.values) if (v < d.range.min || v > d.range.max) throw new Error(`tune: ${d.key}=${v} is outside ${d.range.min}..${d.range.max}`);
  return dims;
}

export interface TuneCandidate {
  /** The `--set` assignments of this point ({} for the baseline). */
  settings: Record<string, string>;
  scenario: unknown;
}

/** The scenario at every point of the search (cross product), run=1 forced where no controller starts KSM. */
export function tuneCandidates(base: Scenario, controller: ControllerName): TuneCandidate[] {
  let points: TuneCandidate[] = [{ settings: {}, scenario: { ...structuredClone(base), controller } }];
  if (controller === 'none' || controller === 'advisor') points = points.map((p) => ({ settings: { run: '1' }, scenario: setScenarioValue(p.scenario, 'run=1') }));
  for (const d of searchSpace(controller)) {
    points = points.flatMap((p) => d.values.map((v) => ({ settings: { ...p.settings, [d.key]: String(v) }, scenario: setScenarioValue(p.scenario, `${d.key}=${v}`) })));
  }
  return points;
}

export interface TuneGoal {
  fraction: number;
  withinSeconds: number;
  /** Average ksmd CPU allowed, percent of one CPU. */
  maxCpuPercent: number;
}

export interface TunePoint extends PointMetrics {
  settings: Record<string, string>;
  /** First time the goal saving was reached (null: never within the run). */
  reachSeconds: number | null;
}

export interface TuneDecision {
  /** The point recommended (or, when nothing reaches the goal, the one that saves most). */
  chosen: TunePoint;
  goalReached: boolean;
  /** KSM pays: something can merge, and what the chosen point merges leaves general_profit positive. */
  pays: boolean;
  /** Saved-bytes versus CPU trade-off: the points no other point beats on both. */
  frontier: TunePoint[];
}

function qualifies(p: TunePoint, goal: TuneGoal): boolean {
  return p.reachSeconds !== null && p.reachSeconds <= goal.withinSeconds && p.ksmdCpuPercent <= goal.maxCpuPercent;
}

/** Least CPU among the points that reach the goal in time; ties: earlier, then search order. */
export function decide(points: readonly TunePoint[], goal: TuneGoal, bestBytes: number): TuneDecision {
  const ok = points.filter((p) => qualifies(p, goal));
  const byCpu = [...ok].sort((a, b) => a.ksmdCpuPercent - b.ksmdCpuPercent || (a.reachSeconds ?? 0) - (b.reachSeconds ?? 0));
  const closest = [...points].sort((a, b) => b.savedBytes - a.savedBytes || a.ksmdCpuPercent - b.ksmdCpuPercent)[0];
  const chosen = byCpu[0] ?? closest;
  // KSM does not pay when nothing can merge, or when merging leaves general_profit at or below zero.
  return { chosen, goalReached: byCpu.length > 0, pays: bestBytes > 0 && (chosen.savedBytes === 0 || chosen.generalProfitBytes > 0), frontier: paretoFrontier(points) };
}

/** Points sorted by CPU where each saves more than every cheaper one. */
export function paretoFrontier(points: readonly TunePoint[]): TunePoint[] {
  const sorted = [...points].sort((a, b) => a.ksmdCpuPercent - b.ksmdCpuPercent || b.savedBytes - a.savedBytes);
  const out: TunePoint[] = [];
  for (const p of sorted) if (out.length === 0 || p.savedBytes > out[out.length - 1].savedBytes) out.push(p);
  return out;
}

/** The recommended settings as whatif takes them: the knobs, ksmtuned's values, the controller and its settings. */
export function recommendedSettings(scenario: Scenario): { knobs: Partial<KsmKnobs>; ksmtuned: { values: Record<string, string> }; controller: ControllerName; controllerSettings?: Record<string, number> } {
  return {
    knobs: { ...scenario.knobs },
    ksmtuned: { values: { ...scenario.ksmtuned.values } },
    controller: controllerOf(scenario),
    ...(scenario.controllerSettings ? { controllerSettings: { ...scenario.controllerSettings } } : {}),
  };
}

const GiB = 2 ** 30;
const gib = (b: number) => `${(b / GiB).toFixed(2)} GiB`;

/** The advice in words: what changes, what it buys, what it costs; plainly when the goal or KSM fails. */
export function adviceSentences(d: TuneDecision, baseline: TunePoint, goal: TuneGoal, bestBytes: number, controller: ControllerName): string[] {
  const out: string[] = [];
  const title = CONTROLLERS[controller].title;
  if (bestBytes <= 0) return ['Nothing on this host can merge (no two mergeable pages hold the same content), so KSM will not pay: leave it off.'];
  const target = goal.fraction * bestBytes;
  out.push(`The guests' content allows at most ${gib(bestBytes)} to be saved; the goal is ${Math.round(goal.fraction * 100)}% of it (${gib(target)}) within ${fmtDuration(goal.withinSeconds)}, at most ${goal.maxCpuPercent}% of one CPU on average.`);
  const c = d.chosen;
  const changes = Object.entries(c.settings).filter(([k, v]) => baseline.settings[k] !== v).map(([k, v]) => `${k}=${v}`);
  if (!d.goalReached) {
    out.push(`No setting of ${title} that was tried reaches the goal: the closest (${changes.join(' ') || 'the settings as given'}) saves ${gib(c.savedBytes)} by the end at ${c.ksmdCpuPercent.toFixed(1)}% CPU. Allow more time (--within), more CPU (--max-cpu), or a smaller fraction (--goal-fraction).`);
  } else {
    out.push(
      `Recommended for ${title}: ${changes.length ? changes.join(' ') : 'keep the settings as they are'}. It reaches the goal at ${fmtDuration(c.reachSeconds ?? 0)} and saves ${gib(c.savedBytes)} by the end, ` +
        `using ${c.ksmdCpuPercent.toFixed(1)}% of one CPU on average (peak ${c.ksmdCpuPeakPercent.toFixed(1)}%).`,
    );
  }
  const reach = baseline.reachSeconds === null ? 'does not reach the goal' : `reaches the goal at ${fmtDuration(baseline.reachSeconds)}`;
  out.push(`As given, the host saves ${gib(baseline.savedBytes)} and ${reach}, at ${baseline.ksmdCpuPercent.toFixed(1)}% CPU.`);
  if (!d.pays) out.push(`KSM does not pay here: general_profit (saving minus KSM's rmap overhead) ends at ${gib(c.generalProfitBytes)}.`);
  return out;
}

/** Everything a search runs: the baseline (index 0) and every candidate, validated, with their settings. */
export interface TunePlan {
  given: Scenario;
  /** The scenario as given, lasting at least until the goal's deadline. */
  base: Scenario;
  controller: ControllerName;
  goal: TuneGoal;
  bestBytes: number;
  scenarios: Scenario[];
  settings: Array<Record<string, string>>;
}

/** The value a searched setting has in the scenario as given (set, or what applies by default). */
function valueIn(scenario: Scenario, controller: ControllerName, key: string): string {
  let node: unknown = scenario;
  for (const part of parsePath(key)) node = node === undefined || node === null ? undefined : (node as Record<string | number, unknown>)[part];
  if (node !== undefined) return String(node);
  const setting = CONTROLLERS[controller].settings.find((s) => s.name === key);
  return String(setting ? setting.default : (KSMTUNED_DEFAULTS[key] ?? knobDefaults()[key]));
}

export function planTune(given: Scenario, goal: TuneGoal, measurement?: Measurement): TunePlan {
  const base: Scenario = { ...given, durationSeconds: Math.max(given.durationSeconds, goal.withinSeconds) };
  const controller = controllerOf(base);
  const bestBytes = bestAchievableBytes(scenarioToSimConfig(base, measurement));
  const plan: TunePlan = { given, base, controller, goal, bestBytes, scenarios: [base], settings: [{}] };
  if (bestBytes <= 0) return plan; // nothing can merge: only the baseline runs
  const candidates = tuneCandidates(base, controller);
  for (const c of candidates) {
    const v = validateScenario(c.scenario);
    if (!v.ok) throw new Error(`tune: the search point ${JSON.stringify(c.settings)} is not a valid scenario: ${v.errors.join('; ')}`);
    plan.scenarios.push(v.scenario);
    plan.settings.push(c.settings);
  }
  plan.settings[0] = Object.fromEntries(Object.keys(candidates[0]?.settings ?? {}).map((k) => [k, valueIn(base, controller, k)]));
  return plan;
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

export type TuneFigures = ReturnType<typeof figures>;

/** `samepage tune --json` and the panel's suggestions. */
export interface TuneAdvice {
  recommended: ReturnType<typeof recommendedSettings>;
  predicted: TuneFigures;
  baseline: TuneFigures;
  /** The searched settings' values in the scenario as given. */
  baselineSettings: Record<string, string>;
  frontier: Array<{ settings: Record<string, string> } & TuneFigures>;
  controllers: ControllerName[];
  goal: TuneGoal & { savedBytes: number };
  bestAchievableBytes: number;
  goalReached: boolean;
  pays: boolean;
  searched: Array<{ key: string; values: readonly number[] }>;
  /** `--set` assignments that give whatif the recommended settings (with the duration when tune lengthened it). */
  whatifSet: string[];
  /** The recommended settings in the controller's own configuration format, to copy. */
  format: { format: string; text: string };
  sentences: string[];
}

/** The advice from the metrics of every planned run (same order as plan.scenarios). */
export function concludeTune(plan: TunePlan, metrics: readonly PointMetrics[]): TuneAdvice {
  const points: TunePoint[] = metrics.map((m, i) => ({ ...m, reachSeconds: m.reachSeconds ?? null, settings: plan.settings[i] }));
  const baseline = points[0];
  const d = decide(points, plan.goal, plan.bestBytes);
  const index = points.indexOf(d.chosen);
  const chosen = plan.scenarios[index];
  const changed = Object.keys(d.chosen.settings).filter((k) => baseline.settings[k] !== d.chosen.settings[k]);
  const recommended = recommendedSettings(chosen);
  const lengthened = plan.base.durationSeconds !== plan.given.durationSeconds ? [`durationSeconds=${plan.base.durationSeconds}`] : [];
  return {
    recommended,
    predicted: figures(d.chosen),
    baseline: figures(baseline),
    baselineSettings: baseline.settings,
    frontier: d.frontier.map((p) => ({ settings: p.settings, ...figures(p) })),
    controllers: [plan.controller],
    goal: { ...plan.goal, savedBytes: plan.goal.fraction * plan.bestBytes },
    bestAchievableBytes: plan.bestBytes,
    goalReached: d.goalReached,
    pays: d.pays,
    searched: plan.bestBytes > 0 ? searchSpace(plan.controller).map((x) => ({ key: x.key, values: x.values })) : [],
    whatifSet: [...lengthened, ...Object.entries(d.chosen.settings).map(([k, v]) => `${k}=${v}`)],
    format: adviceInFormat(recommended, changed),
    sentences: adviceSentences(d, baseline, plan.goal, plan.bestBytes, plan.controller),
  };
}
