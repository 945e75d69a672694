/** Values ksmtuned cannot use where it uses them, and values that silently do something else. */
import { ksmtunedVariable } from '../../knowledge/ksmtunedVariables';
import type { Finding } from '../../language/types';
import { evaluateArithmetic } from '../../shell/arithmetic';
import { splitFields } from '../../shell/fields';
import { testInteger } from '../../shell/testBuiltin';
import { gnuSleepSeconds } from '../gnuSleep';
import { aloneOnLine, effectiveAssignment, finding, lineWithBreak, replaceFix, valueRange, type Rule, type RuleInput } from './context';

/** What goes wrong at run time when a variable's arithmetic fails. */
const ARITHMETIC_FAILURE: Record<string, string> = {
  KSM_SLEEP_MSEC:
    'At startup `sleep` stays empty, the 10 ms floor test fails, and every time ksmtuned starts KSM it writes an empty string to sleep_millisecs (rejected with EINVAL), so ksmd keeps whatever pause it had.',
  KSM_THRES_COEF:
    'At startup `thres` stays empty, so every stop test fails with a [ ] error: ksmtuned never stops KSM, and with no threshold it always decays instead of boosting.',
  KSM_NPAGES_BOOST:
    'Each boost then fails inside increase_npages, npages becomes empty, and ksmtuned writes the sleep value into pages_to_scan and an empty string into sleep_millisecs.',
  KSM_NPAGES_DECAY:
    'Each decay then fails inside increase_npages, npages becomes empty, and ksmtuned writes the sleep value into pages_to_scan and an empty string into sleep_millisecs.',
};

const CLAMP_FAILURE: Record<string, string> = {
  KSM_NPAGES_MIN: 'the lower clamp is skipped, so decay drives pages_to_scan below the minimum and finally negative (the kernel rejects negative writes)',
  KSM_NPAGES_MAX: 'the upper clamp is skipped, so under pressure pages_to_scan grows by KSM_NPAGES_BOOST every interval without limit',
  KSM_THRES_CONST: 'the floor is never applied and `thres` keeps the KSM_THRES_COEF percentage',
};

function vars(input: RuleInput): Map<string, string> {
  const m = new Map(Object.entries(input.conf.daemonValues()));
  m.set('total', String(input.ctx.host.meminfo?.MemTotal ?? 16 * 1024 * 1024));
  m.set('npages', '0');
  return m;
}

/** Digits-only text with a leading zero, i.e. what bash arithmetic reads as octal. */
function octalLiteral(value: string): boolean {
  return /^[+-]?0[0-9]+$/.test(value.trim());
}

function arithmeticFindings(input: RuleInput, name: string, expression: string, range: { start: number; end: number }, raw: string): Finding[] {
  const local = vars(input);
  local.set('delta', expression);
  const r = evaluateArithmetic(expression, local);
  const effect = ARITHMETIC_FAILURE[name] ?? '';
  const trimmed = expression.trim();
  if (!r.ok) {
    if (/^[+-]?[0-9]*\.[0-9]+$/.test(trimmed) || /^[+-]?[0-9]+\.[0-9]*$/.test(trimmed)) {
      const rounded = String(Math.max(name.includes('DECAY') ? -Infinity : 1, Math.round(Number(trimmed))));
      return [finding('fraction', 'error', range, `${name}=${raw}: bash arithmetic has only integers ("invalid arithmetic operator"). ${effect}`, [replaceFix(`Write ${rounded}`, range, rounded)])];
    }
    if (octalLiteral(trimmed)) {
      const decimal = String(Number(trimmed));
      return [finding('octal', 'error', range, `${name}=${raw}: a leading 0 makes bash read an octal number, and 8 and 9 are not octal digits ("value too great for base"). ${effect}`, [replaceFix(`Write ${decimal}`, range, decimal)])];
    }
    const fix = /^\s*([+-]?[1-9][0-9]*)/.exec(raw);
    return [finding('arithmetic-error', 'error', range, `${name}=${JSON.stringify(raw).slice(1, -1)}: bash arithmetic fails (${r.error}, at ${JSON.stringify(r.token)}). ${effect}`, fix ? [replaceFix(`Write ${fix[1]}`, range, fix[1])] : undefined)];
  }
  if (octalLiteral(trimmed) && String(r.value) !== String(Number(trimmed))) {
    const decimal = String(Number(trimmed));
    return [
      finding('octal', 'warning', range, `${name}=${raw}: a leading 0 makes bash read an octal number, so ksmtuned uses ${r.value}, not ${decimal}.`, [
        replaceFix(`Write ${decimal} (decimal)`, range, decimal),
        replaceFix(`Write ${r.value} (the value in use now)`, range, String(r.value), false),
      ]),
    ];
  }
  return [];
}

export const valueChecks: Rule = (input) => {
  const out: Finding[] = [];
  for (const [name, effective] of Object.entries(input.conf.values)) {
    if (effective.source !== 'conf' || !effective.known || effective.value === undefined) continue;
    const info = ksmtunedVariable(name)!;
    const a = effectiveAssignment(input, name);
    if (!a) continue;
    const range = valueRange(a);
    const value = effective.value;
    const shown = JSON.stringify(value).slice(1, -1);
    switch (info.use) {
      case 'arithmetic':
        out.push(...arithmeticFindings(input, name, value, range, value));
        break;
      case 'delta': {
        const fields = splitFields(value);
        if (fields.length > 1) {
          out.push(finding('word-splitting', 'warning', range, `${name}="${shown}": ksmtuned passes it unquoted, so bash splits it and only the first word (${fields[0]}) is used.`, [replaceFix(`Write ${fields[0]}`, range, fields[0])]));
        }
        const first = fields[0] ?? '';
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(first)) {
          const current = vars(input).get(first);
          out.push(
            finding('word-as-variable', 'warning', range, `${name}=${first}: in ksmtuned's arithmetic a word is a variable name, so this adds the value of \`${first}\` (${current ? `"${current}"` : 'unset, i.e. 0'}). With 0 the scan rate never moves off KSM_NPAGES_MIN.`),
          );
        } else if (first) out.push(...arithmeticFindings(input, name, first, range, value));
        break;
      }
      case 'test-and-sysfs':
      case 'arithmetic-and-test': {
        const n = testInteger(value);
        if (n === undefined) {
          const evaluated = evaluateArithmetic(value, vars(input));
          const digits = evaluated.ok && /^[\s0-9A-Za-z#+\-*/()]+$/.test(value) ? [value, evaluated.value.toString()] : /^\s*([+-]?[0-9]+)/.exec(value);
          out.push(
            finding(
              'not-an-integer',
              'error',
              range,
              `${name}="${shown}": ksmtuned compares it in a [ ] test, which needs a plain decimal integer; bash reports "integer expression expected" every time and ${CLAMP_FAILURE[name]}.`,
              digits ? [replaceFix(`Write ${digits[1]}`, range, digits[1])] : undefined,
            ),
          );
          break;
        }
        if (name !== 'KSM_THRES_CONST' && n < 0n) out.push(finding('negative-pages', 'warning', range, `${name}=${value}: pages_to_scan cannot be negative; when ksmtuned writes it the kernel rejects it (EINVAL) and keeps the old rate.`));
        if (octalLiteral(value) && /[0-9]/.test(value.trim().slice(1))) {
          const decimal = String(Number(value.trim()));
          out.push(
            finding('octal', 'warning', range, `${name}=${value}: the [ ] test and the kernel read ${decimal}, but once ksmtuned's npages holds this text its next arithmetic step reads it as octal.`, [replaceFix(`Write ${decimal}`, range, decimal)]),
          );
        }
        break;
      }
      case 'sleep-argument': {
        const sleep = gnuSleepSeconds(value);
        if (!sleep.ok || sleep.seconds === 0) {
          const why = !sleep.ok ? `GNU sleep rejects it (${sleep.error})` : 'sleep 0 returns at once';
          out.push(
            finding('busy-loop', 'error', range, `${name}="${shown}": ${why}, so ksmtuned never waits: it re-runs its adjustment about 60 times a second, forking pgrep, ps and awk each time.`, [
              replaceFix(`Write ${info.default}`, range, info.default!),
            ]),
          );
        }
        break;
      }
      case 'non-empty-flag':
        if (/^(0|no|n|false|off|disabled?)$/i.test(value.trim())) {
          const fixes = [replaceFix('Turn debugging off (DEBUG=)', { start: a.range.start, end: a.range.end }, 'DEBUG=')];
          if (aloneOnLine(input, a.range)) fixes.push(replaceFix('Remove this line', lineWithBreak(input, a.range.start), '', false));
          out.push(finding('debug-zero', 'warning', range, `DEBUG=${value} turns debugging ON: ksmtuned only checks that DEBUG is non-empty. Leave it empty or unset to turn it off.`, fixes));
        }
        break;
      case 'touch-target':
        if (value === '') {
          const fixes = aloneOnLine(input, a.range) ? [replaceFix('Remove this line (use the default PID file)', lineWithBreak(input, a.range.start), '')] : [];
          fixes.push(replaceFix(`Write PIDFILE=${info.default}`, a.range, `PIDFILE=${info.default}`, fixes.length === 0));
          out.push(
            finding('empty-pidfile', 'error', a.range, 'PIDFILE is empty: unlike the other variables it does not fall back to its default, `touch ""` fails, and the daemon never starts, although the service reports success.', fixes),
          );
        }
        break;
    }
  }
  return out;
};

export const emptyValue: Rule = (input) => {
  const out: Finding[] = [];
  for (const [name, list] of input.conf.sourced.assignments) {
    const info = ksmtunedVariable(name);
    const last = list[list.length - 1];
    if (!info || info.defaulting !== ':-' || !last.value || last.value.text !== '' || input.conf.values[name]?.source !== 'default') continue;
    out.push(finding('empty-value', 'information', last.range, `${name} is empty, so ksmtuned uses its default, ${info.default}.`));
  }
  return out;
};

export const rangeChecks: Rule = (input) => {
  const out: Finding[] = [];
  const v = input.conf.values;
  const local = vars(input);
  const num = (name: string): bigint | undefined => {
    const e = v[name];
    if (!e?.known || e.value === undefined) return undefined;
    const r = evaluateArithmetic(e.value, new Map(local));
    return r.ok ? r.value : undefined;
  };
  const coef = num('KSM_THRES_COEF');
  const coefAssign = effectiveAssignment(input, 'KSM_THRES_COEF');
  if (coef !== undefined && coefAssign && v.KSM_THRES_COEF.source === 'conf' && (coef < 0n || coef >= 100n)) {
    const why = coef < 0n ? 'a negative threshold means free memory is always "above" it, so only the committed test can start KSM' : 'with a threshold of all of MemTotal the stop test (committed + thres < MemTotal) can never pass, so ksmtuned never stops KSM';
    out.push(finding('percent-out-of-range', 'warning', valueRange(coefAssign), `KSM_THRES_COEF=${coef} is a percentage of MemTotal outside 0–99: ${why}.`));
  }
  const min = v.KSM_NPAGES_MIN?.known ? testInteger(v.KSM_NPAGES_MIN.value ?? '') : undefined;
  const max = v.KSM_NPAGES_MAX?.known ? testInteger(v.KSM_NPAGES_MAX.value ?? '') : undefined;
  if (min !== undefined && max !== undefined && min > max) {
    const minA = effectiveAssignment(input, 'KSM_NPAGES_MIN');
    const maxA = effectiveAssignment(input, 'KSM_NPAGES_MAX');
    const anchor = minA ?? maxA;
    if (anchor) {
      const fixes = minA && maxA ? [{ title: 'Swap KSM_NPAGES_MIN and KSM_NPAGES_MAX', edits: [{ range: valueRange(minA), newText: String(max) }, { range: valueRange(maxA), newText: String(min) }], preferred: true }] : undefined;
      out.push(
        finding('min-greater-than-max', 'warning', valueRange(anchor), `KSM_NPAGES_MIN (${min}) is greater than KSM_NPAGES_MAX (${max}). ksmtuned tests MIN first, so the scan rate jumps between the two and then sticks at ${max} while boosting and at ${min} while decaying.`, fixes),
      );
    }
  }
  return out;
};
