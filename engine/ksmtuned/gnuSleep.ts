/**
 * How long `sleep $KSM_MONITOR_INTERVAL` sleeps (GNU coreutils): each field is a C-locale float
 * (hex and "inf" allowed) with an optional s/m/h/d suffix, and the fields add up. Any invalid
 * field, no field at all, or a total of 0 makes sleep return at once, so ksmtuned spins.
 */
import { splitFields } from '../shell/fields';

export type SleepOutcome = { ok: true; seconds: number } | { ok: false; error: string };

const SUFFIX: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

function parseFloatC(text: string): { value: number; rest: string } | undefined {
  const m = /^[+-]?(0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|inf(inity)?|nan)/i.exec(text);
  if (!m) return undefined;
  const token = m[0];
  const sign = token.startsWith('-') ? -1 : 1;
  const body = token.replace(/^[+-]/, '');
  let value: number;
  if (/^inf/i.test(body)) value = Infinity;
  else if (/^nan/i.test(body)) value = NaN;
  else if (/^0x/i.test(body)) {
    const hm = /^0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([+-]?\d+))?$/i.exec(body)!;
    const int = hm[1] ? parseInt(hm[1], 16) : 0;
    const frac = hm[2] ? parseInt(hm[2], 16) / 16 ** hm[2].length : 0;
    value = (int + frac) * 2 ** Number(hm[3] ?? 0);
  } else value = Number(body);
  return { value: sign * value, rest: text.slice(token.length) };
}

export function gnuSleepSeconds(argument: string): SleepOutcome {
  const fields = splitFields(argument);
  if (fields.length === 0) return { ok: false, error: 'sleep: missing operand' };
  let total = 0;
  for (const field of fields) {
    const parsed = parseFloatC(field);
    const multiplier = parsed ? SUFFIX[parsed.rest] : undefined;
    if (!parsed || multiplier === undefined || !(parsed.value >= 0)) return { ok: false, error: `sleep: invalid time interval '${field}'` };
    total += parsed.value * multiplier;
  }
  return { ok: true, seconds: total };
}
