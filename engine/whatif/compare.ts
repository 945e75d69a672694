/**
 * One host under several controllers ("this host under ksmtuned versus under KubeVirt"): the same
 * scenario run once per controller, each with that controller's own defaults.
 */
import { CONTROLLERS, type ControllerName } from '../knowledge/controllers';
import type { SimOptions } from '../sim/api';
import type { Measurement } from '../measure/format';
import { runWhatIf, type SimulateFn, type WhatIfRun } from './run';
import { controllerOf, type Scenario } from './scenario';

/** The scenario with another controller; settings stay only when the controller stays the same. */
export function withController(scenario: Scenario, controller: ControllerName): Scenario {
  const copy: Scenario = { ...structuredClone(scenario), controller, ksmtuned: { ...structuredClone(scenario.ksmtuned), enabled: controller === 'ksmtuned' } };
  if (controllerOf(scenario) !== controller) delete copy.controllerSettings;
  return copy;
}

export interface ControllerComparison {
  controller: ControllerName;
  title: string;
  run: WhatIfRun;
}

/** `measurement`: the scenario's decoded measurement file, when it has measured guests or processes. */
export function compareControllers(scenario: Scenario, controllers: readonly ControllerName[], simulate: SimulateFn, options?: (index: number) => SimOptions, measurement?: Measurement): ControllerComparison[] {
  return controllers.map((controller, i) => ({ controller, title: CONTROLLERS[controller].title, run: runWhatIf(withController(scenario, controller), simulate, options?.(i), measurement) }));
}
