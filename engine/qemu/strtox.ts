/**
 * C-library number parsing as QEMU uses it (strtoull/strtoll through qemu_strtou64/qemu_strtoi64,
 * and qemu_strtosz for sizes). Emulated exactly, with BigInt for 64-bit wrap-around, because the
 * accept/reject verdict must match the real program on odd inputs such as " 2G", "010" or "1.".
 */
const U64 = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;
const I64_MIN = -(1n << 63n);

export type ParseError = 'invalid' | 'range';
export type NumberResult = { ok: true; value: bigint; end: number } | { ok: false; error: ParseError; end: number };

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

interface Scan {
  negative: boolean;
  magnitude: bigint;
  overflow: boolean;
  /** Index after the last character consumed; equals the start when nothing was converted. */
  end: number;
  converted: boolean;
}

/** The digit-scanning core shared by strtoull and strtoll; `limit` is the largest magnitude before ERANGE. */
function scan(text: string, start: number, base: number, limit: bigint): Scan {
  let i = start;
  while (i < text.length && isSpace(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  let radix = base;
  const hexPrefix = (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && i + 2 < text.length && digitValue(text[i + 2]) < 16);
  if ((radix === 0 || radix === 16) && hexPrefix) {
    radix = 16;
    i += 2;
  } else if (radix === 0) radix = text[i] === '0' ? 8 : 10;
  const digitsStart = i;
  let magnitude = 0n;
  let overflow = false;
  const big = BigInt(radix);
  while (i < text.length && digitValue(text[i]) < radix) {
    magnitude = magnitude * big + BigInt(digitValue(text[i]));
    if (magnitude > limit) overflow = true;
    i++;
  }
  if (i === digitsStart) return { negative, magnitude: 0n, overflow: false, end: start, converted: false };
  return { negative, magnitude, overflow, end: i, converted: true };
}

/** strtoull: negative input wraps modulo 2^64, as glibc does. */
export function strtoull(text: string, start = 0, base = 10): NumberResult {
  const s = scan(text, start, base, U64);
  if (!s.converted) return { ok: false, error: 'invalid', end: start };
  if (s.overflow) return { ok: false, error: 'range', end: s.end };
  return { ok: true, value: s.negative ? (-s.magnitude) & U64 : s.magnitude, end: s.end };
}

export function strtoll(text: string, start = 0, base = 10): NumberResult {
  const s = scan(text, start, base, 1n << 63n);
  if (!s.converted) return { ok: false, error: 'invalid', end: start };
  const value = s.negative ? -s.magnitude : s.magnitude;
  if (s.overflow || value > I64_MAX || value < I64_MIN) return { ok: false, error: 'range', end: s.end };
  return { ok: true, value, end: s.end };
}

/** qemu_strtou64/qemu_strtoi64 with no end pointer: the whole text must be one number. */
export function parseWholeUnsigned(text: string, base = 0): NumberResult {
  const r = strtoull(text, 0, base);
  if (r.ok && r.end !== text.length) return { ok: false, error: 'invalid', end: r.end };
  return r;
}

export function parseWholeSigned(text: string, base = 0): NumberResult {
  const r = strtoll(text, 0, base);
  if (r.ok && r.end !== text.length) return { ok: false, error: 'invalid', end: r.end };
  return r;
}

const SUFFIX_POWER: Record<string, number> = { B: 0, K: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };

export interface SizeResult {
  ok: boolean;
  value?: bigint;
  error?: ParseError;
  /** A 0x number with a multiplier suffix: QEMU 7.2 accepts it with a deprecation warning. */
  hexWithSuffix?: boolean;
  /** Which suffix was used, if any. */
  suffix?: string;
}

/** The fraction strtod would read at `start` (which holds '.'): digits, then an optional exponent. */
function scanFraction(text: string, start: number): { ok: boolean; end: number; value: number; hasExponent: boolean } {
  let i = start + 1;
  const digitsStart = i;
  while (i < text.length && text[i] >= '0' && text[i] <= '9') i++;
  if (i === digitsStart) return { ok: false, end: start, value: 0, hasExponent: false };
  let hasExponent = false;
  if (text[i] === 'e' || text[i] === 'E') {
    let j = i + 1;
    if (text[j] === '+' || text[j] === '-') j++;
    const expStart = j;
    while (j < text.length && text[j] >= '0' && text[j] <= '9') j++;
    if (j > expStart) {
      hasExponent = true;
      i = j;
    }
  }
  return { ok: true, end: i, value: Number(text.slice(start, i)), hasExponent };
}

/**
 * qemu_strtosz (7.2 rules): decimal integer part, optional fraction (only meaningful with a
 * suffix), 0x hex (suffix deprecated), one suffix letter B/K/M/G/T/P/E in either case, powers of 1024,
 * no negatives, nothing after. `defaultSuffix` is 'B' for sizes, 'M' where QEMU assumes MiB.
 */
export function parseSize(text: string, defaultSuffix: 'B' | 'M' = 'B'): SizeResult {
  const first = strtoull(text, 0, 10);
  if (!first.ok) return { ok: false, error: first.error };
  if (text.slice(0, first.end).includes('-')) return { ok: false, error: 'invalid' };
  let val = first.value;
  let end = first.end;
  let valf = 0n;
  let hex = false;
  if (val === 0n && (text[end] === 'x' || text[end] === 'X')) {
    const again = strtoull(text, 0, 16);
    if (!again.ok) return { ok: false, error: again.error };
    val = again.value;
    end = again.end;
    if (text[end] === '.') return { ok: false, error: 'invalid' };
    hex = true;
  } else if (text[end] === '.') {
    const f = scanFraction(text, end);
    if (!f.ok) end += 1; // strtod failed: QEMU skips the dot and carries on with no fraction
    else if (f.hasExponent) return { ok: false, error: 'invalid' };
    else {
      valf = BigInt(Math.min(Math.floor(f.value * 2 ** 64), 2 ** 64 - 1));
      end = f.end;
    }
  }
  const c = (text[end] ?? '').toUpperCase();
  let power = SUFFIX_POWER[c];
  let suffix: string | undefined;
  if (power !== undefined && c !== '') {
    suffix = text[end];
    end += 1;
  } else power = SUFFIX_POWER[defaultSuffix];
  if (end !== text.length) return { ok: false, error: 'invalid' };
  const mul = 1n << BigInt(10 * power);
  if (mul === 1n) {
    if (valf !== 0n) return { ok: false, error: 'invalid' };
    return { ok: true, value: val, hexWithSuffix: hex && suffix !== undefined, suffix };
  }
  const whole = val * mul;
  const frac = valf * mul;
  let total = whole + (frac >> 64n) + ((frac & U64) >> 63n);
  if (total > U64) return { ok: false, error: 'range' };
  total &= U64;
  return { ok: true, value: total, hexWithSuffix: hex && suffix !== undefined, suffix };
}

export function formatBytes(value: bigint): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let unit = 0;
  let v = value;
  while (unit < units.length - 1 && v >= 1024n && v % 1024n === 0n) {
    v /= 1024n;
    unit++;
  }
  return `${v} ${units[unit]}`;
}
