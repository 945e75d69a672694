/**
 * Tuning advice in the format each controller is configured in, to copy: ksmtuned.conf lines,
 * sysfs writes, MoM policy defvars, KubeVirt node annotations, a Harvester Ksmtuned resource.
 */
import { CONTROLLERS, type ControllerName } from '../knowledge/controllers';
import type { KsmKnobs } from '../sim/api';
import { harvesterMode, HARVESTER_MODES } from '../sim/controllers/harvester';

export interface AdviceSettings {
  controller: ControllerName;
  knobs: Partial<KsmKnobs>;
  ksmtuned: { values: Record<string, string> };
  controllerSettings?: Record<string, number>;
}

/** The settings as text for the controller's own configuration; `changed` limits it to the keys that changed. */
export function adviceInFormat(a: AdviceSettings, changed: readonly string[]): { format: string; text: string } {
  const settings = { ...Object.fromEntries(CONTROLLERS[a.controller].settings.map((s) => [s.name, s.default])), ...a.controllerSettings };
  const pick = (keys: string[]) => keys.filter((k) => changed.includes(k));
  switch (a.controller) {
    case 'ksmtuned':
      return { format: 'ksmtuned.conf', text: pick(Object.keys(a.ksmtuned.values)).map((k) => `${k}=${a.ksmtuned.values[k]}`).join('\n') };
    case 'none':
    case 'advisor':
      return {
        format: 'sysfs',
        text: [...(a.controller === 'advisor' ? ['advisor_mode'] : []), ...pick(Object.keys(a.knobs).filter((k) => k !== 'advisor_mode'))]
          .map((k) => `echo ${k === 'advisor_mode' ? 'scan-time' : String(a.knobs[k as keyof KsmKnobs])} > /sys/kernel/mm/ksm/${k}`)
          .join('\n'),
      };
    case 'mom':
      // The policy defvars its constants each time it runs, so they are changed where they are defined.
      return { format: 'MoM policy: these defvars in /etc/vdsm/mom.d/03-ksm.policy', text: pick(Object.keys(settings)).map((k) => `(defvar ${k} ${settings[k]})`).join('\n') };
    case 'kubevirt':
      return { format: 'KubeVirt node annotations', text: `kubectl annotate --overwrite node NODE ${pick(Object.keys(settings)).map((k) => `kubevirt.io/ksm-${k}-override=${settings[k]}`).join(' ')}` };
    default: {
      const mode = harvesterMode(a.controller);
      const p = mode === 'customized' ? settings : HARVESTER_MODES[mode];
      const params = mode === 'customized' ? `\n  ksmtunedParameters:\n    sleepMsec: ${p.sleepMsec}\n    boost: ${p.boost}\n    decay: ${p.decay}\n    minPages: ${p.minPages}\n    maxPages: ${p.maxPages}` : '';
      return {
        format: 'Harvester Ksmtuned resource',
        text: `apiVersion: node.harvesterhci.io/v1beta1\nkind: Ksmtuned\nmetadata:\n  name: NODE\nspec:\n  run: run\n  mode: ${mode}\n  thresCoef: ${settings.thresCoef}${params}`,
      };
    }
  }
}
