import { effectiveKsmtunedValues } from '../ksmtuned/effectiveValues';
import type { KsmtunedSpec } from '../sim/api';

/**
 * The conf the harness machine's ksmtuned sources: Debian ships /etc/ksmtuned.conf with every
 * line commented out, so the values come from the environment the harness exports.
 */
const DEBIAN_SHIPPED_CONF = '# every setting commented out, as Debian ships it\n';

/**
 * The ksmtuned a trace ran: record.py exports the conf file's assignments plus LOGFILE and PIDFILE
 * (a temp folder) as environment; the script's `${VAR:-default}` then picks them up.
 */
export function ksmtunedSpecFromHarness(conf: Record<string, string>, startAt: number, variant: KsmtunedSpec['variant']): KsmtunedSpec {
  const environment = { ...conf, LOGFILE: 'harness-temp/log', PIDFILE: 'harness-temp/pid' };
  const values = effectiveKsmtunedValues(DEBIAN_SHIPPED_CONF, environment).daemonValues();
  return { variant, values, startAt };
}
