/**
 * `-object {"qom-type":…,"id":…,…}` (the JSON form libvirt writes): QEMU reads it with its JSON
 * input visitor, so values must have the JSON type of each property (a size is a number, a flag
 * true/false). Errors quote qemu-system-x86_64 7.2; memory backends are recorded for the links,
 * sizes and merge flags like the QemuOpts form.
 */
import { backendProperty, MEMORY_BACKEND_TYPES, OBJECT_TYPES_7_2 } from '../knowledge/qemuObjects';
import type { PropertySpec } from '../knowledge/qemuProperties';
import type { QemuArg } from './args';
import type { BackendObject, CheckContext } from './context';
import { isWellFormedId } from './qemuOpts';

/** QEMU's complaint about a JSON value for this property, or undefined when the type fits. */
function typeError(spec: PropertySpec, value: unknown): string | undefined {
  const name = spec.name;
  switch (spec.type) {
    case 'bool':
      return typeof value === 'boolean' ? undefined : `Invalid parameter type for '${name}', expected: boolean`;
    case 'size':
    case 'uint64':
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? undefined : `Parameter '${name}' expects uint64`;
    case 'enum':
    case 'OnOffAuto':
      if (typeof value !== 'string') return `Invalid parameter type for '${name}', expected: string`;
      return spec.values?.some((v) => v.name === value) ? undefined : `Parameter '${name}' does not accept value '${value}'`;
    default:
      // host-nodes is a list of node numbers in JSON (a string such as "0-1" only in the QemuOpts form)
      if (name === 'host-nodes') return Array.isArray(value) && value.every((n) => Number.isInteger(n) && n >= 0) ? undefined : `Invalid parameter type for '${name}', expected: array`;
      return typeof value === 'string' ? undefined : `Invalid parameter type for '${name}', expected: string`;
  }
}

export function checkJsonObject(ctx: CheckContext, arg: QemuArg, order: number, echo: string): void {
  const { report } = ctx;
  const fail = (message: string, why: string, withEcho = true) => report.qemuError('qemu/object-parameter', arg.range, message, why, { stage: 'parse', order, ...(withEcho ? { echo } : {}) });
  let json: unknown;
  try {
    json = JSON.parse(arg.value!);
  } catch (error) {
    fail('JSON parse error', `An -object argument that starts with \`{\` is read as JSON, and this is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
    return;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    fail("Parameter 'qom-type' is missing", 'The JSON form is one object with "qom-type" and "id".');
    return;
  }
  const o = json as Record<string, unknown>;
  for (const key of ['qom-type', 'id'] as const) {
    if (o[key] === undefined) return fail(`Parameter '${key}' is missing`, `The JSON form needs "${key}".`);
    if (typeof o[key] !== 'string') return fail(`Invalid parameter type for '${key}', expected: string`, `"${key}" is a string.`);
  }
  const type = o['qom-type'] as string;
  const id = o.id as string;
  const backend = MEMORY_BACKEND_TYPES.find((b) => b.name === type);
  if (!backend && !OBJECT_TYPES_7_2.has(type)) return fail(`Parameter 'qom-type' does not accept value '${type}'`, `There is no object type \`${type}\`.`);
  if (!isWellFormedId(id)) return fail("Parameter 'id' expects an identifier", 'Identifiers consist of letters, digits, `-`, `.`, `_`, starting with a letter.');
  if (ctx.objectIds.has(id)) return fail(`attempt to add duplicate property '${id}' to object (type 'container')`, 'Every -object needs its own id.', false);
  ctx.objectIds.set(id, type);
  if (!backend) return;
  // QEMU's visitor goes through the declared members (types, then the missing ones) and complains about extra keys last.
  const keys = Object.keys(o).filter((k) => k !== 'qom-type' && k !== 'id');
  for (const key of keys) {
    const spec = backendProperty(backend, key, ctx.version);
    const error = spec && typeError(spec, o[key]);
    if (spec && error) return fail(error, spec.type === 'bool' ? 'In JSON a flag is true or false, not a string or a number.' : spec.type === 'size' ? 'In JSON a size is a number of bytes, without a suffix.' : `\`${key}\` takes a ${spec.type} value.`);
  }
  for (const required of backend.required) if (o[required] === undefined) return fail(`Parameter '${required}' is missing`, `${backend.name} needs "${required}".`);
  const extra = keys.find((k) => !backendProperty(backend, k, ctx.version));
  if (extra) return fail(`Parameter '${extra}' is unexpected`, `${backend.name} has no property \`${extra}\` in QEMU ${ctx.versionLabel}.`);
  if (o.size === 0) return fail(`property 'size' of ${backend.name} doesn't take value '0'`, 'A memory backend needs a size above 0.', false);
  const flag = (v: unknown) => (typeof v === 'boolean' ? { value: v, range: arg.range } : undefined);
  const object: BackendObject = {
    id,
    idRange: arg.range,
    type,
    typeRange: arg.range,
    size: typeof o.size === 'number' ? BigInt(o.size) : undefined,
    sizeRange: arg.range,
    merge: flag(o.merge),
    share: flag(o.share),
    hugetlb: o.hugetlb === true,
    ...(typeof o['mem-path'] === 'string' ? { memPath: o['mem-path'], memPathRange: arg.range } : {}),
  };
  ctx.backends.push(object);
}
