/**
 * Typed checks of one property value, as QEMU's input visitors read strings: the keyval visitor for
 * `-machine`, the opts visitor for `-object`. Each returns QEMU's own error message, or warnings
 * QEMU prints while accepting the value.
 */
import type { PropertySpec } from '../knowledge/qemuProperties';
import { versionAtLeast, type QemuVersion } from '../knowledge/qemuVersions';
import { parseSize, parseWholeSigned, parseWholeUnsigned } from './strtox';

export const BOOL_TRUE = ['on', 'yes', 'true', 'y'];
export const BOOL_FALSE = ['off', 'no', 'false', 'n'];

export interface ValueVerdict {
  error?: { message: string; why: string; ruleId: string; replacement?: string };
  warnings: Array<{ message: string; ruleId: string }>;
  /** Parsed number for size/int values, when accepted. */
  number?: bigint;
  bool?: boolean;
}

export type Visitor = 'keyval' | 'opts';

/** The replacement a user most likely meant for a rejected boolean. */
export function boolSuggestion(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (BOOL_TRUE.includes(v) || v === '1' || v === 'enable' || v === 'enabled') return BOOL_TRUE.includes(v) ? v : 'on';
  if (BOOL_FALSE.includes(v) || v === '0' || v === 'disable' || v === 'disabled') return BOOL_FALSE.includes(v) ? v : 'off';
  if (v === 'of') return 'off';
  return undefined;
}

export function enumValues(spec: PropertySpec, version: QemuVersion): string[] {
  return (spec.values ?? []).filter((v) => !v.since || versionAtLeast(version, v.since)).map((v) => v.name);
}

export function checkValue(spec: PropertySpec, fullName: string, value: string, version: QemuVersion, visitor: Visitor): ValueVerdict {
  const warnings: ValueVerdict['warnings'] = [];
  switch (spec.type) {
    case 'bool': {
      if (BOOL_TRUE.includes(value)) return { warnings, bool: true };
      if (BOOL_FALSE.includes(value)) return { warnings, bool: false };
      const replacement = boolSuggestion(value);
      return {
        warnings,
        error: {
          ruleId: 'qemu/invalid-bool',
          message: `Parameter '${fullName}' expects 'on' or 'off'`,
          why: `QEMU reads a boolean only as on, yes, true, y or off, no, false, n, in lower case and without spaces${value === '' ? '; an empty value is not one of them' : ''}.`,
          replacement,
        },
      };
    }
    case 'int':
    case 'uint64': {
      const r = visitor === 'opts' ? parseWholeUnsigned(value.trimStart().startsWith('-') ? 'x' : value, 0) : spec.type === 'int' ? parseWholeSigned(value, 0) : parseWholeUnsigned(value, 0);
      if (r.ok) return { warnings, number: r.value };
      return {
        warnings,
        error: {
          ruleId: 'qemu/invalid-number',
          message: visitor === 'opts' ? `Parameter '${fullName}' expects a uint64 value` : `Parameter '${fullName}' expects integer`,
          why: r.error === 'range' ? 'The number does not fit in 64 bits.' : 'QEMU wants a whole number here (decimal, 0x hex or 0-prefixed octal), with no unit and nothing after it.',
        },
      };
    }
    case 'size': {
      const r = parseSize(value);
      if (!r.ok || r.value === undefined) {
        const lower = value.toLowerCase();
        const hint = /\d(k|m|g|t|p|e)i?b$/.test(lower)
          ? ' Write the unit as one letter: `2G`, not `2GB` or `2GiB`.'
          : /e\d/.test(lower)
            ? ' Exponent notation such as 1e9 is not accepted.'
            : /^\s*-/.test(value)
              ? ' Sizes cannot be negative.'
              : /\.\d*$/.test(value)
                ? ' A fraction needs a unit suffix, e.g. `1.5G`.'
                : '';
        return {
          warnings,
          error: {
            ruleId: 'qemu/invalid-size',
            message: visitor === 'opts' ? `Parameter '${fullName}' expects a size value` : `Parameter '${fullName}' expects size`,
            why: `QEMU reads sizes as a number with an optional one-letter suffix B, K, M, G, T, P or E (powers of 1024).${hint}`,
          },
        };
      }
      if (r.hexWithSuffix) {
        warnings.push({ ruleId: 'qemu/hex-size-suffix', message: `QEMU warns "Using a multiplier suffix on hex numbers is deprecated: ${value}" and later releases reject it; write the size in decimal, e.g. \`1G\`.` });
      }
      return { warnings, number: r.value };
    }
    case 'enum':
    case 'OnOffAuto': {
      const allowed = enumValues(spec, version);
      if (allowed.includes(value)) return { warnings };
      const lower = allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase());
      const later = (spec.values ?? []).find((v) => v.name === value && v.since);
      return {
        warnings,
        error: {
          ruleId: 'qemu/invalid-enum',
          message: `Parameter '${fullName}' does not accept value '${value}'`,
          why: later
            ? `\`${value}\` is accepted from QEMU ${later.since} on; the selected version accepts ${allowed.map((a) => `\`${a}\``).join(', ')}.`
            : `It accepts exactly ${allowed.map((a) => `\`${a}\``).join(', ')} (case-sensitive).`,
          replacement: lower,
        },
      };
    }
    default:
      return { warnings };
  }
}
