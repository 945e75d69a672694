/**
 * The kernel's string-to-value parsers as used by the KSM store handlers (lib/kstrtox.c,
 * lib/string.c), modelled on the written bytes. Written from the behaviour, verified against the
 * running kernel by test/fixtures/sysfs/kernel-writes.json.
 */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; errno: 'EINVAL' | 'ERANGE'; reason: string };

const U64_MAX = (1n << 64n) - 1n;
const U32_MAX = (1n << 32n) - 1n;

/**
 * What a store handler sees: the kernel copies the written bytes and appends a NUL, so the
 * string ends at the first NUL byte.
 */
export function handlerString(raw: string): string {
  const nul = raw.indexOf('\u0000');
  return nul === -1 ? raw : raw.slice(0, nul);
}

function describe(s: string): string {
  return JSON.stringify(s);
}

/** Unsigned base-10 digits with at most one trailing newline; no sign handling. */
function parseUnsignedDigits(s: string): ParseResult<bigint> {
  let i = 0;
  let value = 0n;
  let overflow = false;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
    value = value * 10n + BigInt(s.charCodeAt(i) - 48);
    if (value > U64_MAX) overflow = true;
    i++;
  }
  // The kernel reports overflow before it looks at what follows the digits.
  if (overflow) return { ok: false, errno: 'ERANGE', reason: `${describe(s)} does not fit in 64 bits` };
  if (i === 0) {
    const first = s.length === 0 ? 'nothing' : s[0] === '\n' ? 'only a newline' : `${describe(s[0])}`;
    return { ok: false, errno: 'EINVAL', reason: `a base-10 number must start with a digit, found ${first}` };
  }
  let rest = s.slice(i);
  if (rest.startsWith('\n')) rest = rest.slice(1);
  if (rest.length > 0) {
    const why = /^[xXbBoO]/.test(rest) && s.startsWith('0') ? ' (only base 10 is accepted: no 0x/0b/0o prefixes)' : rest.startsWith('\n') ? ' (only one trailing newline is allowed)' : '';
    return { ok: false, errno: 'EINVAL', reason: `unexpected ${describe(rest)} after the number${why}` };
  }
  return { ok: true, value };
}

/** kstrtoull: one optional leading '+', base 10. */
export function kstrtoull(s: string): ParseResult<bigint> {
  return parseUnsignedDigits(s.startsWith('+') ? s.slice(1) : s);
}

/** kstrtoul on a 64-bit kernel is kstrtoull. */
export const kstrtoul = kstrtoull;

export function kstrtouint(s: string): ParseResult<bigint> {
  const r = kstrtoull(s);
  if (r.ok && r.value > U32_MAX) return { ok: false, errno: 'ERANGE', reason: `${r.value} is above 4294967295, the largest unsigned 32-bit value` };
  return r;
}

/** kstrtoll: a leading '-' (then digits only) or a leading '+'. */
export function kstrtoll(s: string): ParseResult<bigint> {
  if (s.startsWith('-')) {
    const r = parseUnsignedDigits(s.slice(1));
    if (!r.ok) return r;
    if (r.value > 1n << 63n) return { ok: false, errno: 'ERANGE', reason: `-${r.value} is below the smallest 64-bit integer` };
    return { ok: true, value: -r.value };
  }
  const r = kstrtoull(s);
  if (r.ok && r.value >= 1n << 63n) return { ok: false, errno: 'ERANGE', reason: `${r.value} is above the largest signed 64-bit integer` };
  return r;
}

export function kstrtoint(s: string): ParseResult<bigint> {
  const r = kstrtoll(s);
  if (r.ok && (r.value > 2147483647n || r.value < -2147483648n)) {
    return { ok: false, errno: 'ERANGE', reason: `${r.value} does not fit in a 32-bit int` };
  }
  return r;
}

/** Characters kstrtobool decides on by themselves. */
const BOOL_FIRST: Record<string, boolean> = {
  y: true, Y: true, t: true, T: true, e: true, E: true, '1': true,
  n: false, N: false, f: false, F: false, d: false, D: false, '0': false,
};

/**
 * kstrtobool: only the first character matters (y/t/e/1 true, n/f/d/0 false, any case: yes/true/
 * enable, no/false/disable), or the first two for o/O followed by n/N (true) or f/F (false).
 * Everything after is ignored. The e/d letters were verified on Linux 6.18.
 */
export function kstrtobool(s: string): ParseResult<boolean> {
  const first = s.charAt(0);
  if (first in BOOL_FIRST) return { ok: true, value: BOOL_FIRST[first] };
  if (first === 'o' || first === 'O') {
    const second = s.charAt(1);
    if (second === 'n' || second === 'N') return { ok: true, value: true };
    if (second === 'f' || second === 'F') return { ok: true, value: false };
  }
  return { ok: false, errno: 'EINVAL', reason: `${describe(s)} is not a boolean: the first character must be one of 1 y t e (true) or 0 n f d (false) in any case, or on/off` };
}

/** sysfs_streq: equal strings, where either may end in one newline. */
export function sysfsStreq(written: string, expected: string): boolean {
  return written === expected || written === `${expected}\n`;
}
