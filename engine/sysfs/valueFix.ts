/** A value the kernel accepts for what the author evidently meant, or undefined when it is not obvious. */
import { applyKnobWrite } from './kernelWrite';

const TRUE_WORDS = /^(y|yes|true|on|enable|enabled)$/i;
const FALSE_WORDS = /^(n|no|false|off|disable|disabled)$/i;

function candidates(knob: string, value: string): string[] {
  const out: string[] = [];
  const v = value.replace(/^["']|["']$/g, '').trim();
  if (v !== value) out.push(v);
  if (/^[+-]?0[xX][0-9A-Fa-f]+$/.test(v)) out.push(BigInt(v.replace(/^[+]/, '')).toString());
  if (/^0[bB][01]+$/.test(v) || /^0[oO][0-7]+$/.test(v)) out.push(BigInt(v).toString());
  if (/^\d+\.0*$/.test(v)) out.push(v.replace(/\..*$/, ''));
  if (/^\d+e\d+$/i.test(v)) {
    const [m, e] = v.toLowerCase().split('e');
    if (Number(e) < 20) out.push((BigInt(m) * 10n ** BigInt(e)).toString());
  }
  if (knob === 'run' || knob === 'merge_across_nodes') {
    if (TRUE_WORDS.test(v)) out.push('1');
    if (FALSE_WORDS.test(v)) out.push('0');
  }
  if (knob === 'advisor_mode') {
    const folded = v.toLowerCase().replace(/[_ ]/g, '-');
    if (folded === 'scan-time' || folded === 'scantime') out.push('scan-time');
    if (folded === 'none' || folded === 'off' || folded === '0') out.push('none');
    if (folded === 'on' || folded === '1') out.push('scan-time');
  }
  return out;
}

/** The first candidate that the kernel would take with default knob values. */
export function suggestValue(knob: string, value: string): string | undefined {
  for (const c of candidates(knob, value)) {
    if (c === '' || c === value) continue;
    const r = applyKnobWrite(knob, c + '\n', { knobs: {}, ksmPagesExist: false });
    if (r.ok) return c;
  }
  return undefined;
}

/** For a leniently parsed boolean ("yes", "yellow"), the plain 0/1 the kernel stores. */
export function plainBoolean(knob: string, raw: string): string | undefined {
  const r = applyKnobWrite(knob, raw, { knobs: {}, ksmPagesExist: false });
  return r.ok && typeof r.value === 'number' ? String(r.value) : undefined;
}
