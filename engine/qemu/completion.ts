/**
 * Completion inside QEMU command lines: machine types after -M, property names and values inside a
 * -machine argument, memory-backend types, options and values inside -object.
 */
import { machineTypesFor, findMachineType, defaultMachineType } from '../knowledge/qemuMachines';
import { MEMORY_BACKEND_TYPES } from '../knowledge/qemuObjects';
import { LEGACY_MACHINE_KEYS, propertiesOfFamily, type PropertySpec } from '../knowledge/qemuProperties';
import { parseQemuVersion, versionAtLeast, type QemuVersion } from '../knowledge/qemuVersions';
import type { CompletionEntry, TextRange } from '../language/types';
import { charStart, type QemuArg } from './args';
import type { Invocation } from './findInvocations';
import { machineHover, propertyHover } from './hoverText';
import { BOOL_FALSE, BOOL_TRUE, enumValues } from './propertyValues';

/** How many value characters of `arg` lie before `offset`. */
function indexAt(arg: QemuArg, offset: number): number {
  const n = arg.value?.length ?? 0;
  let i = 0;
  while (i < n && charStart(arg, i) < offset) i++;
  return i;
}

/** Start of the current comma-separated element (a `,,` pair does not separate). */
function elementStart(text: string, upTo: number): number {
  let start = 0;
  for (let i = 0; i < upTo; i++) {
    if (text[i] === ',') {
      if (text[i + 1] === ',' && i + 1 < upTo) {
        i++;
        continue;
      }
      start = i + 1;
    }
  }
  return start;
}

/** Where value character `index` starts, never after the cursor (the cursor may sit on an opening quote). */
function docOffset(arg: QemuArg, index: number, cursor: number): number {
  if (index >= (arg.value?.length ?? 0)) return cursor;
  return Math.min(charStart(arg, index), cursor);
}

function valuesOf(spec: PropertySpec, version: QemuVersion): string[] {
  if (spec.type === 'bool') return [...BOOL_TRUE.slice(0, 1), ...BOOL_FALSE.slice(0, 1)];
  if (spec.type === 'enum' || spec.type === 'OnOffAuto') return enumValues(spec, version);
  return [];
}

function propertyEntries(specs: PropertySpec[], range: TextRange, version: QemuVersion, versionLabel: string, prefix = ''): CompletionEntry[] {
  return specs
    .filter((p) => !p.since || versionAtLeast(version, p.since))
    .map((p) => ({
      label: `${prefix}${p.name}`,
      kind: 'property' as const,
      detail: p.type === 'struct' ? 'object' : p.type,
      documentation: propertyHover({ ...p, name: `${prefix}${p.name}` }, undefined, versionLabel),
      insertText: p.type === 'struct' || p.type === 'list' ? `${prefix}${p.name}.` : `${prefix}${p.name}=`,
      range,
    }));
}

export function completeInvocation(inv: Invocation, offset: number, versionSetting: string | undefined): CompletionEntry[] {
  const version = parseQemuVersion(versionSetting);
  const versionLabel = `${version.major}.${version.minor}`;
  const args = inv.args;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const option = i > 0 ? args[i - 1].value : undefined;
    const isMachine = option === '-M' || option === '-machine' || option === '--machine';
    const isObject = option === '-object' || option === '--object';
    const inside = offset >= arg.range.start && offset <= arg.range.end;
    // Right after "-M " with no argument written yet.
    if (!inside && (arg.value === '-M' || arg.value === '-machine') && offset > arg.range.end && (i + 1 >= args.length || args[i + 1].range.start > offset)) {
      return machineTypesFor(version).map((t) => ({ label: t.name, kind: 'enum', detail: t.description, documentation: machineHover(t, versionLabel), range: { start: offset, end: offset } }));
    }
    if (!inside || arg.value === undefined || (!isMachine && !isObject)) continue;
    const text = arg.value;
    const at = indexAt(arg, offset);
    const start = elementStart(text, at);
    const element = text.slice(start, at);
    const eq = element.indexOf('=');
    const range = { start: docOffset(arg, start, offset), end: offset };
    if (isMachine) {
      const typeName = /^[^,=]*/.exec(text)?.[0] ?? '';
      const machine = findMachineType(typeName, version) ?? defaultMachineType(version);
      const specs = propertiesOfFamily(machine.family);
      if (start === 0 && eq === -1) {
        return machineTypesFor(version).map((t) => ({ label: t.name, kind: 'enum', detail: t.description, documentation: machineHover(t, versionLabel), range }));
      }
      if (eq === -1) {
        const dot = element.lastIndexOf('.');
        if (dot !== -1) {
          const parent = specs.find((p) => p.name === element.slice(0, dot).replace(/\.\d+$/, ''));
          if (parent?.members) return propertyEntries(parent.members, range, version, versionLabel, element.slice(0, dot + 1));
          return [];
        }
        const legacy: CompletionEntry[] = LEGACY_MACHINE_KEYS.map((k) => ({ label: k.name, kind: 'property', detail: 'legacy key', documentation: k.doc, insertText: `${k.name}=`, range }));
        return [...propertyEntries(specs, range, version, versionLabel), ...legacy];
      }
      const key = element.slice(0, eq);
      const valueRange = { start: docOffset(arg, start + eq + 1, offset), end: offset };
      if (key === 'type') return machineTypesFor(version).map((t) => ({ label: t.name, kind: 'enum', detail: t.description, range: valueRange }));
      const [head, ...rest] = key.split('.');
      let spec = specs.find((p) => p.name === head.replace(/_/g, '-'));
      const member = rest.filter((r) => !/^\d+$/.test(r)).pop();
      if (spec && member) spec = spec.members?.find((m) => m.name === member);
      const legacy = LEGACY_MACHINE_KEYS.find((k) => k.name === key);
      if (legacy?.values) return legacy.values.map((v) => ({ label: v, kind: 'value', range: valueRange }));
      if (key === 'accel') return ['kvm', 'tcg', 'kvm:tcg'].map((v) => ({ label: v, kind: 'value', range: valueRange }));
      return spec ? valuesOf(spec, version).map((v) => ({ label: v, kind: 'value', detail: spec!.name, range: valueRange })) : [];
    }
    // -object
    if (start === 0 && eq === -1) {
      return MEMORY_BACKEND_TYPES.filter((b) => b.name !== 'memory-backend-epc').map((b) => ({ label: b.name, kind: 'enum', documentation: b.doc, insertText: `${b.name},id=`, range }));
    }
    const typeName = /^[^,]*/.exec(text)?.[0] ?? '';
    const backend = MEMORY_BACKEND_TYPES.find((b) => b.name === typeName);
    if (!backend) return [];
    if (eq === -1) return propertyEntries(backend.properties, range, version, versionLabel);
    const spec = backend.properties.find((p) => p.name === element.slice(0, eq));
    const valueRange = { start: docOffset(arg, start + eq + 1, offset), end: offset };
    return spec ? valuesOf(spec, version).map((v) => ({ label: v, kind: 'value', range: valueRange })) : [];
  }
  return [];
}
