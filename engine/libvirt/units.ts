/**
 * libvirt's reading of a scaled memory value (`<memory unit='GB'>2</memory>`), as libvirt 9.0 does
 * it: virParseScaledValue in src/conf/domain_conf.c reads the digits with virStrToLong_ullp (base 10,
 * nothing before or after them), virScaleInteger in src/util/virutil.c applies the unit, and
 * virDomainParseMemory rounds the bytes up to whole KiB. The QEMU driver then rounds guest RAM up
 * to whole MiB on x86 (qemuDomainAlignMemorySizes, src/qemu/qemu_domain.c), so `2 GB` runs as
 * `-m 1908`.
 */

/** LLONG_MAX: virMemoryMaxValue's bound on 64-bit hosts, in bytes. */
export const LIBVIRT_MAX_BYTES = 9223372036854775807n;

export type ScaledValue = { ok: true; bytes: bigint; kib: bigint } | { ok: false; message: string; where: 'value' | 'unit' };

/** Bytes per unit, or undefined for a unit libvirt refuses. Case does not matter. */
export function unitScale(unit: string | undefined, defaultScale = 1024n): bigint | undefined {
  if (unit === undefined || unit === '') return defaultScale;
  const lower = unit.toLowerCase();
  if (lower === 'b' || lower === 'byte' || lower === 'bytes') return 1n;
  let base: bigint;
  if (unit.length === 1 || lower.slice(1) === 'ib') base = 1024n;
  else if (lower.length === 2 && lower[1] === 'b') base = 1000n;
  else return undefined;
  const power = 'kmgtpe'.indexOf(lower[0]);
  return power === -1 ? undefined : base ** BigInt(power + 1);
}

/** A memory element's value and unit as libvirt reads them (default unit KiB); `xpath` names it in messages as libvirt does. */
export function parseScaledMemory(text: string, unit: string | undefined, xpath = './memory[1]'): ScaledValue {
  // Line breaks and tabs written as \n and \t, so the message stays on one line.
  const shown = text.replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  const invalid = `libvirt refuses it: "Invalid value '${shown}' for element or attribute '${xpath}'"`;
  if (!/^[0-9]+$/.test(text)) {
    return { ok: false, where: 'value', message: `${invalid}; the value must be digits only (no sign, spaces, fraction or unit letter).` };
  }
  const scale = unitScale(unit);
  if (scale === undefined) return { ok: false, where: 'unit', message: `libvirt refuses it: "unknown suffix '${unit}'". Units are b, KiB/k, MiB/M, GiB/G, TiB/T, PiB/P, EiB/E (powers of 1024) or KB, MB, GB, TB, PB, EB (powers of 1000), in any case.` };
  const value = BigInt(text);
  if (value > 18446744073709551615n) return { ok: false, where: 'value', message: `${invalid}; it does not fit in 64 bits.` };
  if (value > 0n && value > LIBVIRT_MAX_BYTES / scale) return { ok: false, where: 'value', message: `libvirt refuses it: "numerical overflow: value too large: ${text}${unit ?? ''}" (at most ${LIBVIRT_MAX_BYTES} bytes).` };
  const bytes = value * scale;
  return { ok: true, bytes, kib: (bytes + 1023n) / 1024n };
}

/** What the x86 QEMU driver runs: KiB rounded up to whole MiB. */
export function alignToMiB(kib: bigint): bigint {
  return ((kib + 1023n) / 1024n) * 1024n;
}

export function formatKiB(kib: bigint): string {
  if (kib % 1048576n === 0n) return `${kib / 1048576n} GiB`;
  if (kib % 1024n === 0n) return `${kib / 1024n} MiB`;
  return `${kib} KiB`;
}
