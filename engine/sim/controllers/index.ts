/** The controller a simulation runs besides ksmtuned (SimConfig.controller), by name. */
import type { ControllerSpec } from '../api';
import { HarvesterKsmtuned, harvesterMode } from './harvester';
import { KubevirtKsmHandler } from './kubevirt';
import { MomKsmPolicy } from './mom';
import type { KnobController } from './types';

export function createController(spec: ControllerSpec, memTotalKb: number): KnobController {
  switch (spec.name) {
    case 'mom':
      return new MomKsmPolicy(spec.settings);
    case 'kubevirt':
      return new KubevirtKsmHandler(spec.settings);
    default:
      return new HarvesterKsmtuned(harvesterMode(spec.name), memTotalKb, spec.settings);
  }
}
