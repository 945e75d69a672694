import { KSMTUNED_VARIABLES } from '../knowledge/ksmtunedVariables';

/** The value ksmtuned substitutes for each variable that has a default (PIDFILE only when unset). */
export const KSMTUNED_DEFAULTS: Readonly<Record<string, string>> = Object.fromEntries(
  KSMTUNED_VARIABLES.filter((v) => v.default !== undefined).map((v) => [v.name, v.default!]),
);
