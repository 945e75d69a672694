/**
 * `-machine`/`-M`: parses every occurrence with the keyval grammar into one dictionary, then does
 * what QEMU does with it: turns top-level `_` into `-`, takes out the legacy keys, picks the
 * machine type and applies each property with its type. Each problem carries QEMU's own message.
 */
import { findMachineType, defaultMachineType, machineTypesFor, type MachineType } from '../knowledge/qemuMachines';
import { LEGACY_MACHINE_KEYS, propertiesOfFamily, type PropertySpec } from '../knowledge/qemuProperties';
import { versionAtLeast } from '../knowledge/qemuVersions';
import type { TextRange } from '../language/types';
import { plainArg, rangeOf, type QemuArg } from './args';
import { MACHINE_OPTION_NAMES } from './commandLine';
import type { CheckContext } from './context';
import { parseKeyval } from './keyval';
import { leafAt, newDict, putPair, putSugar, type Dict, type Leaf, type MachineNode } from './machineTree';
import { checkValue } from './propertyValues';
import { formatBytes } from './strtox';
import { replaceFix } from './report';
import { machineHover, propertyHover, typeHover } from './hoverText';
import { checkMachineSemantics } from './machineSemantics';
import { mdCode } from '../text/markdown';

export interface MachineState {
  root: Dict;
  type?: MachineType;
  /** The accel= list from -machine or -enable-kvm, if any. */
  accel?: Leaf;
  legacy: Map<string, Leaf>;
  /** Guest RAM size after -m and memory.* (8 KiB aligned), and whether it was set explicitly. */
  ramSize?: bigint;
  customRamSize?: boolean;
  /** The vCPU topology needs APIC ids above 255 (x2APIC). */
  wideApic?: { range: TextRange; limit: number };
}

/** Options that write a key of the machine dictionary. */
const SUGAR: Record<string, { key: string; value?: string }> = {
  'enable-kvm': { key: 'accel', value: 'kvm' },
  usb: { key: 'usb', value: 'on' },
  nographic: { key: 'graphics', value: 'off' },
  kernel: { key: 'kernel' },
  append: { key: 'append' },
  initrd: { key: 'initrd' },
  bios: { key: 'firmware' },
};

/** Options whose argument is a keyval string merged under one machine key. */
const MERGED: Record<string, { key: string; implied: string }> = {
  smp: { key: 'smp', implied: 'cpus' },
  boot: { key: 'boot', implied: 'order' },
};

export function buildMachineTree(ctx: CheckContext): MachineState {
  const { report } = ctx;
  const root = newDict();
  ctx.cmd.options.forEach((opt, order) => {
    if (MACHINE_OPTION_NAMES.has(opt.name) && opt.arg) {
      const arg = opt.arg;
      if (arg.value === undefined) {
        report.hover(arg.range, () => dynamicHover(arg));
        return;
      }
      const parsed = parseKeyval(arg.value, 'type');
      const echo = `${opt.nameArg.value} ${arg.value}`;
      if (parsed.help && !parsed.error && !report.helpAt) report.helpAt = { order, range: rangeOf(arg, parsed.help) };
      for (const pair of parsed.pairs) {
        const conflict = putPair(root, pair, arg, order);
        if (conflict) {
          report.qemuError('qemu/inconsistent-key', conflict.range, conflict.message, 'A key cannot be both a value and the start of dotted sub-keys.', { stage: 'parse', order, echo });
          break;
        }
      }
      if (parsed.error) reportParseError(ctx, arg, parsed.error, order, echo);
      return;
    }
    const sugar = SUGAR[opt.name];
    if (sugar) {
      if (sugar.value !== undefined) putSugar(root, sugar.key, sugar.value, opt.nameArg.range, opt.nameArg.range, `-${opt.name}`, order);
      else if (opt.arg?.value !== undefined) putSugar(root, sugar.key, opt.arg.value, opt.nameArg.range, opt.arg.range, `-${opt.name}`, order);
      else if (opt.arg) putSugar(root, sugar.key, '', opt.nameArg.range, opt.arg.range, `-${opt.name}`, order);
      return;
    }
    const merged = MERGED[opt.name];
    if (merged && opt.arg?.value !== undefined) {
      const arg = opt.arg;
      const parsed = parseKeyval(arg.value!, merged.implied);
      for (const pair of parsed.pairs) {
        const shifted = { ...pair, implied: false, key: `${merged.key}.${pair.key}`, fragments: [{ name: merged.key, start: pair.keySpan.start, end: pair.keySpan.start, index: false }, ...pair.fragments] };
        if (pair.implied) shifted.keySpan = { ...pair.valueSpan };
        putPair(root, shifted, arg, order);
      }
      if (parsed.error) reportParseError(ctx, arg, parsed.error, order, `${opt.nameArg.value} ${arg.value}`);
    }
  });
  return { root, legacy: new Map() };
}

function reportParseError(ctx: CheckContext, arg: QemuArg, error: NonNullable<ReturnType<typeof parseKeyval>['error']>, order: number, echo: string): void {
  const range = rangeOf(arg, error.span);
  if (error.kind === 'missing-equals') {
    const key = error.key ?? '';
    const bare = key.startsWith('no') && key.length > 2 ? key.slice(2) : key;
    const negated = bare !== key;
    const fixes = [replaceFix(`Write ${bare}=${negated ? 'off' : 'on'}`, range, `${bare}=${negated ? 'off' : 'on'}`)];
    ctx.report.qemuError('qemu/missing-equals', range, error.message, `-machine has no short-form booleans: write \`${bare}=${negated ? 'off' : 'on'}\`.`, { stage: 'parse', order, echo, fixes });
  } else if (error.kind === 'too-long') {
    ctx.report.qemuError('qemu/invalid-parameter', range, error.message, 'Key names are at most 127 characters.', { stage: 'parse', order, echo });
  } else {
    const text = arg.value ?? '';
    const why = text.slice(error.span.start - 2, error.span.start) === ',,' || text.slice(error.span.start - 1, error.span.start + 1) === ',,'
      ? 'The machine type cannot contain `,,`: the type ends at the first comma, so `,,` leaves an empty key behind.'
      : /^\s|\s$/.test(text.slice(error.span.start, error.span.end))
        ? 'Keys are not trimmed: a space before or after a key makes it invalid.'
        : 'Every element after the machine type must be `key=value` with a key made of letters, digits, `-` and `_`; empty elements (two commas, a leading comma) are not allowed.';
    ctx.report.qemuError('qemu/invalid-parameter', range.start === range.end ? { start: range.start, end: Math.min(range.start + 1, arg.range.end) } : range, error.message, why, { stage: 'parse', order, echo });
  }
}

export function dynamicHover(arg: QemuArg): string {
  return `**Not checked:** ${mdCode(arg.source ?? '')} depends on a variable or an expansion, so its value is only known when the script runs. Samepage does not guess it.`;
}

/** keyval_dashify: top-level `_` become `-`; both spellings at once is an error. */
function dashify(ctx: CheckContext, root: Dict): void {
  for (const [key, node] of [...root.children]) {
    if (!key.includes('_')) continue;
    const dashed = key.replace(/_/g, '-');
    const other = root.children.get(dashed);
    if (other) {
      ctx.report.qemuError('qemu/underscore-conflict', node.keyRange, `Conflict between '${key}' and '${dashed}'`, `QEMU turns \`_\` into \`-\` in top-level keys, so both name the same property.`, {
        fixes: [replaceFix(`Remove the ${key} spelling`, node.kind === 'leaf' ? removalRange(node) : node.keyRange, '')],
      });
      continue;
    }
    if (node.kind === 'leaf' && !node.sugar) {
      ctx.report.add('hint', 'qemu/underscore-key', node.keyRange, `QEMU reads \`${key}\` as \`${dashed}\`; the dashed spelling is the documented one.`, {
        fixes: [replaceFix(`Write ${dashed}`, node.keyRange, dashed)],
      });
    }
    root.children.delete(key);
    root.children.set(dashed, node);
  }
}

function removalRange(leaf: Leaf): TextRange {
  return leaf.range;
}

export function applyMachine(ctx: CheckContext, state: MachineState): void {
  const { root } = state;
  const { report, version } = ctx;
  // select_machine() runs before the dashify step.
  const typeNode = root.children.get('type');
  let type: MachineType | undefined;
  if (typeNode?.kind === 'leaf') {
    type = findMachineType(typeNode.value, version);
    const leaf = typeNode;
    if (!type) {
      const lower = machineTypesFor(version).find((t) => t.name.toLowerCase() === leaf.value.trim().toLowerCase());
      const newer = !lower && /^pc-(i440fx|q35)-\d+\.\d+/.test(leaf.value) ? ' It may exist in another QEMU release than the selected one.' : '';
      report.qemuError(
        'qemu/unknown-machine-type',
        leaf.valueRange,
        'unsupported machine type',
        `QEMU ${ctx.versionLabel} (x86) has no machine type \`${leaf.value}\`; names are case-sensitive and not trimmed.${newer} QEMU also prints "Use -machine help to list supported machines".`,
        { fixes: lower ? [replaceFix(`Write ${lower.name}`, leaf.valueRange, lower.name)] : undefined },
      );
    } else if (type.deprecated) {
      report.add('warning', 'qemu/deprecated-machine-type', leaf.valueRange, `Machine type \`${type.name}\` is deprecated in QEMU ${ctx.versionLabel} and will be removed; use a newer versioned type or \`${type.family === 'q35' ? 'q35' : 'pc'}\`.`, { tags: ['deprecated'] });
    }
    const resolved = type;
    report.hover(leaf.valueRange, () => typeHover(leaf.value, resolved, ctx.versionLabel));
    root.children.delete('type');
  } else if (typeNode?.kind === 'dict') {
    type = defaultMachineType(version);
    report.qemuError('qemu/inconsistent-key', typeNode.keyRange, `Property '${type.className}.type' is not writable`, 'The machine type is a plain value; `type.` sub-keys are not allowed.');
    root.children.delete('type');
  } else {
    type = defaultMachineType(version);
  }
  state.type = typeNode?.kind === 'leaf' && !findMachineType(typeNode.value, version) ? undefined : type;

  dashify(ctx, root);
  for (const legacy of LEGACY_MACHINE_KEYS) {
    const node = root.children.get(legacy.name);
    if (!node) continue;
    root.children.delete(legacy.name);
    if (node.kind === 'leaf') {
      state.legacy.set(legacy.name, node);
      if (legacy.name === 'accel') state.accel = node;
      report.hover(node.keyRange, () => `**${legacy.name}** (legacy -machine key, not a machine property)\n\n${legacy.doc}`);
    }
  }
  // parse_memory_options() always merges a `memory` object; a plain memory=… value clashes with it.
  const memory = root.children.get('memory');
  if (memory?.kind === 'leaf') {
    report.qemuError('qemu/inconsistent-key', memory.keyRange, "Parameter 'memory' used inconsistently", 'memory is an object: write `memory.size=256M` (or `-m 256M`), not `memory=256M`.', {
      fixes: [replaceFix('Write memory.size', memory.keyRange, 'memory.size')],
    });
    root.children.delete('memory');
  }
  if (!state.type) return; // QEMU stops at the unknown type; properties are never applied
  const machine = state.type;
  const all = propertiesOfFamily(machine.family);
  const available = all.filter((p) => !p.since || versionAtLeast(version, p.since));
  for (const [key, node] of root.children) {
    const spec = available.find((p) => p.name === key);
    if (!spec) {
      unknownProperty(ctx, machine, key, node, all);
      continue;
    }
    applyProperty(ctx, machine, spec, node);
  }
  checkMachineSemantics(ctx, state, root);
}

function unknownProperty(ctx: CheckContext, machine: MachineType, key: string, node: MachineNode, all: PropertySpec[]): void {
  const available = all.filter((p) => !p.since || versionAtLeast(ctx.version, p.since));
  const caseMatch = available.find((p) => p.name.toLowerCase() === key.toLowerCase().replace(/_/g, '-'));
  const later = all.find((p) => p.name === key && p.since);
  const elsewhere = !later && (['i440fx', 'q35', 'isapc', 'microvm', 'none', 'x-remote'] as const).filter((f) => f !== machine.family && propertiesOfFamily(f).some((p) => p.name === key));
  let why: string;
  if (caseMatch) why = `Property names are case-sensitive: did you mean \`${caseMatch.name}\`?`;
  else if (later) why = `\`${key}\` exists from QEMU ${later.since} on; the selected version is ${ctx.versionLabel} (setting samepage.qemu.version / --qemu-version).`;
  else if (elsewhere && elsewhere.length) why = `\`${key}\` belongs to other machine types (${elsewhere.join(', ')}), not to \`${machine.name}\`.`;
  else why = `\`${machine.name}\` has no property \`${key}\`; \`-machine ${machine.name},help\` lists them.`;
  ctx.report.qemuError('qemu/unknown-property', node.keyRange, `Property '${machine.className}.${key}' not found`, why, {
    fixes: caseMatch ? [replaceFix(`Write ${caseMatch.name}`, node.keyRange.start === node.keyRange.end ? node.keyRange : firstFragmentRange(node), caseMatch.name)] : undefined,
  });
}

function firstFragmentRange(node: MachineNode): TextRange {
  if (node.kind === 'leaf' && node.pair && node.arg) return rangeOf(node.arg, node.pair.fragments[0]);
  return node.keyRange;
}

/** Sets one top-level property: scalar, struct (smp, memory, boot) or list (sgx-epc, smp-cache). */
function applyProperty(ctx: CheckContext, machine: MachineType, spec: PropertySpec, node: MachineNode): void {
  const { report } = ctx;
  report.hover(node.kind === 'leaf' && node.pair && node.arg ? rangeOf(node.arg, node.pair.fragments[0]) : node.keyRange, () => propertyHover(spec, machine, ctx.versionLabel));
  if (spec.type === 'struct') {
    if (node.kind === 'leaf') {
      report.qemuError('qemu/inconsistent-key', node.keyRange, `Invalid parameter type for '${spec.name}', expected: object`, `${spec.name} is an object: set its members as \`${spec.name}.${spec.members?.[0]?.name ?? 'x'}=…\`.`);
      return;
    }
    applyStruct(ctx, machine, spec, node);
    return;
  }
  if (spec.type === 'list') {
    if (node.kind === 'leaf') {
      report.qemuError('qemu/inconsistent-key', node.keyRange, `Invalid parameter type for '${spec.name}', expected: array`, `${spec.name} is a list: write \`${spec.name}.0.${spec.members?.[0]?.name ?? 'x'}=…\`.`);
      return;
    }
    const indices = [...node.children.keys()];
    const nonIndex = indices.find((k) => !/^\d+$/.test(k));
    if (nonIndex !== undefined) {
      report.qemuError('qemu/inconsistent-key', node.keyRange, `Parameters '${spec.name}.*' used inconsistently`, `List elements are numbered: \`${spec.name}.0.…\`, \`${spec.name}.1.…\`.`);
      return;
    }
    const numbers = indices.map(Number).sort((a, b) => a - b);
    const gap = numbers.findIndex((n, i) => n !== i);
    if (gap !== -1) {
      report.qemuError('qemu/inconsistent-key', node.keyRange, `Parameter '${spec.name}.${gap}' missing`, 'List elements must be numbered from 0 without gaps.');
      return;
    }
    for (const [index, element] of node.children) {
      if (element.kind === 'leaf') {
        report.qemuError('qemu/inconsistent-key', element.keyRange, `Invalid parameter type for '${spec.name}.${index}', expected: object`, `Each element has members: \`${spec.name}.${index}.${spec.members?.[0]?.name}=…\`.`);
        continue;
      }
      applyStruct(ctx, machine, { ...spec, name: `${spec.name}.${index}` }, element);
    }
    return;
  }
  if (node.kind === 'dict') {
    report.qemuError('qemu/inconsistent-key', node.keyRange, `Parameters '${spec.name}.*' are unexpected`, `${spec.name} is a single value, not an object with dotted sub-keys.`);
    return;
  }
  checkLeaf(ctx, spec, spec.name, node);
}

function applyStruct(ctx: CheckContext, machine: MachineType, spec: PropertySpec, node: Dict): void {
  const members = (spec.members ?? []).filter((m) => !m.since || versionAtLeast(ctx.version, m.since));
  for (const [key, child] of node.children) {
    const member = members.find((m) => m.name === key);
    const full = `${spec.name}.${key}`;
    if (!member) {
      const caseMatch = members.find((m) => m.name.toLowerCase() === key.toLowerCase().replace(/_/g, '-'));
      const later = (spec.members ?? []).find((m) => m.name === key && m.since);
      ctx.report.qemuError('qemu/unknown-property', child.keyRange, `Parameter '${full}' is unexpected`, later
        ? `\`${full}\` exists from QEMU ${later.since} on; the selected version is ${ctx.versionLabel}.`
        : `${spec.name.replace(/\.\d+$/, '')} has the members ${members.map((m) => `\`${m.name}\``).join(', ')}.`, {
        fixes: caseMatch && child.kind === 'leaf' && child.pair && child.arg ? [replaceFix(`Write ${spec.name}.${caseMatch.name}`, child.keyRange, `${child.fullKey.slice(0, child.fullKey.length - key.length)}${caseMatch.name}`)] : undefined,
      });
      continue;
    }
    const hoverRange = child.kind === 'leaf' && child.pair && child.arg ? rangeOf(child.arg, child.pair.fragments[child.pair.fragments.length - 1]) : child.keyRange;
    ctx.report.hover(hoverRange, () => propertyHover({ ...member, name: full }, machine, ctx.versionLabel));
    if (child.kind === 'dict') {
      ctx.report.qemuError('qemu/inconsistent-key', child.keyRange, `Parameters '${full}.*' are unexpected`, `${full} is a single value.`);
      continue;
    }
    checkLeaf(ctx, member, full, child);
  }
}

/** Type-checks one value and reports QEMU's message with a fix where the intent is obvious. */
export function checkLeaf(ctx: CheckContext, spec: PropertySpec, fullName: string, leaf: Leaf): ReturnType<typeof checkValue> {
  const verdict = checkValue(spec, fullName, leaf.value, ctx.version, 'keyval');
  if (!leaf.sugar && leaf.valueRange.end > leaf.valueRange.start) ctx.report.hover(leaf.valueRange, () => valueHover(spec, fullName, leaf.value, verdict));
  if (verdict.error) {
    const e = verdict.error;
    ctx.report.qemuError(e.ruleId, leaf.valueRange.start === leaf.valueRange.end ? leaf.range : leaf.valueRange, e.message, e.why, {
      fixes: e.replacement !== undefined && !leaf.sugar ? [replaceFix(`Write ${fullName}=${e.replacement}`, leaf.valueRange, e.replacement)] : undefined,
    });
  }
  for (const w of verdict.warnings) ctx.report.add('warning', w.ruleId, leaf.valueRange, w.message);
  return verdict;
}

function valueHover(spec: PropertySpec, fullName: string, value: string, verdict: ReturnType<typeof checkValue>): string {
  if (verdict.error) return `${mdCode(`${fullName}=${value}`)}: QEMU refuses this value. ${verdict.error.why}`;
  if (spec.name === 'mem-merge' && verdict.bool !== undefined) {
    return verdict.bool
      ? '`mem-merge` on: QEMU marks all guest RAM mergeable, so KSM can deduplicate it while `/sys/kernel/mm/ksm/run` is 1.'
      : '`mem-merge` off: no guest RAM is marked mergeable; KSM saves nothing on this guest unless a memory backend sets `merge=on`.';
  }
  if (verdict.bool !== undefined) return `${mdCode(fullName)} = ${verdict.bool ? 'on' : 'off'}.`;
  if (verdict.number !== undefined && spec.type === 'size') return `${mdCode(fullName)} = ${formatBytes(verdict.number)} (${verdict.number} bytes).`;
  return `${mdCode(fullName)} = ${mdCode(value)} (${spec.type}).`;
}

export function machineOptionHover(type: MachineType | undefined, versionLabel: string): string {
  return machineHover(type, versionLabel);
}

export { plainArg };
