import type { KsmtunedSpec } from '../sim/api';

/** ksmtuned's built-in defaults (`${VAR:-default}` in the script). */
export const KSMTUNED_DEFAULTS: Readonly<Record<string, string>> = {
  KSM_MONITOR_INTERVAL: '60',
  KSM_SLEEP_MSEC: '10',
  KSM_NPAGES_BOOST: '300',
  KSM_NPAGES_DECAY: '-50',
  KSM_NPAGES_MIN: '64',
  KSM_NPAGES_MAX: '1250',
  KSM_THRES_COEF: '20',
  KSM_THRES_CONST: '2048',
};

/**
 * The ksmtuned a trace ran: the harness exports its conf file as environment and the script's
 * `${VAR:-default}` picks it up (an empty value falls back to the default, as with `:-`).
 */
export function ksmtunedSpecFromConf(conf: Record<string, string>, startAt: number, variant: KsmtunedSpec['variant']): KsmtunedSpec {
  const values: Record<string, string> = { ...KSMTUNED_DEFAULTS };
  for (const [k, v] of Object.entries(conf)) if (v !== '') values[k] = v;
  return { variant, values, startAt };
}
