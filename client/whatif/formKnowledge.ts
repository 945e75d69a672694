/** What the webview's scenario form offers, from the knowledge tables and the scenario validator; sent in the init message. */
import { DEFAULT_GUEST_PROFILE, GUEST_PROFILE_IDS } from '../../engine/knowledge/guestProfiles';
import { knobByName, writableKnobs } from '../../engine/knowledge/knobs';
import { KSMTUNED_VARIABLES } from '../../engine/knowledge/ksmtunedVariables';
import { MAX_DURATION_SECONDS, MAX_GUEST_MEMORY_MIB, MAX_GUESTS, MAX_MEM_TOTAL_KB, MIN_GUEST_MEMORY_MIB, MIN_MEM_TOTAL_KB } from '../../engine/whatif/validate';
import type { FormKnowledge } from '../webview/protocol';

/** The knobs worth a field: the scanner's controls (the advisor's knobs only matter with advisor_mode). */
const FORM_KNOBS = writableKnobs().filter((k) => k.category === 'control' && k.parse !== 'sysfs_streq');

export function formKnowledge(): FormKnowledge {
  return {
    ranges: {
      memTotalGiB: { min: MIN_MEM_TOTAL_KB / 2 ** 20, max: MAX_MEM_TOTAL_KB / 2 ** 20 },
      guestCount: { min: 0, max: MAX_GUESTS, step: 1 },
      guestMemoryMiB: { min: MIN_GUEST_MEMORY_MIB, max: MAX_GUEST_MEMORY_MIB, step: 1 },
      durationSeconds: { min: 1, max: MAX_DURATION_SECONDS, step: 1 },
    },
    profiles: [...GUEST_PROFILE_IDS],
    defaultProfile: DEFAULT_GUEST_PROFILE,
    ksmtunedVariables: KSMTUNED_VARIABLES.filter((v) => v.range && v.default !== undefined).map((v) => ({ name: v.name, default: v.default!, ...v.range! })),
    knobs: FORM_KNOBS.map((k) => {
      const range = k.range ?? { min: 0, max: (k.choices?.length ?? 2) - 1 };
      const since = knobByName(k.name)!.since;
      return { name: k.name, hint: `default ${k.default}${since === '2.6.32' ? '' : ` (${since}+)`}`, min: range.min, max: Math.min(range.max, Number.MAX_SAFE_INTEGER), step: 1 };
    }),
  };
}
