/**
 * C library number parsing as the harness's workload program uses it (atol, atoi, atof,
 * strtoull with base 0): leading white space, an optional sign, the longest valid prefix, and 0
 * when there is none. Replaying a command line must read it the way the program did.
 */

export function cAtol(s: string): number {
  const m = /^[\t\n\v\f\r ]*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

export function cAtof(s: string): number {
  const t = s.replace(/^[\t\n\v\f\r ]+/, '');
  const special = /^([+-]?)(inf(inity)?|nan)/i.exec(t);
  if (special) return special[2].toLowerCase().startsWith('nan') ? NaN : special[1] === '-' ? -Infinity : Infinity;
  const hex = /^([+-]?)0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?/i.exec(t);
  if (hex && (hex[2] || hex[3])) {
    const value = (parseInt(hex[2] || '0', 16) + (hex[3] ? parseInt(hex[3], 16) / 16 ** hex[3].length : 0)) * 2 ** Number(hex[4] ?? 0);
    return hex[1] === '-' ? -value : value;
  }
  const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(t);
  return m ? Number(m[0]) : 0;
}

/** strtoull(s, NULL, 0): 0x.. hexadecimal, 0.. octal, else decimal; a leading '-' negates modulo 2^64. */
export function cStrtoull0(s: string): bigint {
  const m = /^[\t\n\v\f\r ]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(s);
  if (!m) return 0n;
  const digits = m[2];
  let value: bigint;
  if (/^0[xX]/.test(digits)) value = BigInt(digits);
  else if (digits.length > 1 && digits.startsWith('0')) value = BigInt(`0o${digits.slice(1)}`);
  else value = BigInt(digits);
  const max = (1n << 64n) - 1n;
  if (value > max) value = max; // ERANGE: ULLONG_MAX
  return m[1] === '-' ? ((1n << 64n) - value) & max : value;
}
