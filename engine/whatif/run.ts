/** One what-if run: scenario → simulator input → result → summary. The simulator is passed in, so the
 * webview worker, the CLI and the tests share this without each importing the engine differently. */
import type { Measurement } from '../measure/format';
import type { SimConfig, SimOptions, SimResult } from '../sim/api';
import { controllerOf, type Scenario } from './scenario';
import { scenarioToSimConfig } from './toSimConfig';
import { summarize, type WhatIfSummary } from './summary';

export type SimulateFn = (config: SimConfig, options?: SimOptions) => SimResult;

export interface WhatIfRun {
  scenario: Scenario;
  config: SimConfig;
  result: SimResult;
  summary: WhatIfSummary;
}

/** `measurement`: the scenario's decoded measurement file, when it has measured guests or processes. */
export function runWhatIf(scenario: Scenario, simulate: SimulateFn, options?: SimOptions, measurement?: Measurement): WhatIfRun {
  const config = scenarioToSimConfig(scenario, measurement);
  const result = simulate(config, options);
  return {
    scenario,
    config,
    result,
    summary: summarize(result, scenario.host.pageSize, scenario.durationSeconds, scenario.host.swapKb, {
      controller: controllerOf(scenario),
      mergeableGuests: scenario.guests.reduce((n, g) => n + (g.memMerge ? g.count : 0), 0),
    }),
  };
}
