/**
 * `-object TYPE,id=ID,...` (QemuOpts grammar, then QEMU's opts visitor). Every object's id is
 * recorded for links; memory backends are checked in depth, since their size must match `-m` and
 * their `merge`/`share` flags decide what KSM can merge.
 */
import { backendProperty, MEMORY_BACKEND_TYPES, OBJECT_TYPES_7_2, type BackendType } from '../knowledge/qemuObjects';
import { checkJsonObject } from './jsonObject';
import type { TextRange } from '../language/types';
import { rangeOf, rangeOfIndexed, type QemuArg } from './args';
import type { BackendObject, CheckContext } from './context';
import { propertyHover } from './hoverText';
import { checkValue } from './propertyValues';
import { isWellFormedId, parseQemuOpts, type OptsPair } from './qemuOpts';
import { replaceFix } from './report';

/** Options of a few other common objects (7.2), so typos there are caught too. */
const OTHER_OBJECT_OPTIONS: Record<string, string[]> = {
  iothread: ['aio-max-batch', 'poll-grow', 'poll-max-ns', 'poll-shrink', 'thread-pool-max', 'thread-pool-min'],
};

function valueRange(arg: QemuArg, pair: OptsPair): TextRange {
  if (pair.shortForm) return rangeOf(arg, pair.span);
  return rangeOfIndexed(arg, pair.valueIndex, { start: pair.valueSpan.start, end: pair.valueSpan.start });
}

export function checkObjects(ctx: CheckContext): void {
  const { report } = ctx;
  ctx.cmd.options.forEach((opt, order) => {
    if (opt.name !== 'object' || !opt.arg) return;
    const arg = opt.arg;
    if (arg.value === undefined) return;
    if (arg.value.startsWith('{')) {
      checkJsonObject(ctx, arg, order, `${opt.nameArg.value} ${arg.value}`);
      return;
    }
    const echo = `${opt.nameArg.value} ${arg.value}`;
    const parsed = parseQemuOpts(arg.value, 'qom-type');
    const typePair = parsed.pairs.find((p) => p.implied) ?? parsed.pairs.find((p) => p.name === 'qom-type');
    const idPair = parsed.pairs.find((p) => p.name === 'id');
    const whole = arg.range;
    if (idPair) {
      const idRange = valueRange(arg, idPair);
      if (!isWellFormedId(idPair.value)) {
        report.qemuError('qemu/invalid-id', idRange, "Parameter 'id' expects an identifier", 'Identifiers consist of letters, digits, `-`, `.`, `_`, starting with a letter.', { stage: 'parse', order, echo });
        return;
      }
      if (ctx.objectIds.has(idPair.value)) {
        report.qemuError('qemu/duplicate-id', idRange, `Duplicate ID '${idPair.value}' for object`, 'Every -object needs its own id.', { stage: 'parse', order, echo });
        return;
      }
    }
    const type = typePair?.value;
    if (type === 'help' || type === '?' || parsed.help) {
      if (!report.helpAt) report.helpAt = { order, range: parsed.help ? rangeOf(arg, parsed.help) : whole };
      return;
    }
    if (!type) {
      report.qemuError('qemu/object-parameter', whole, "Parameter 'qom-type' is missing", 'The object type must come first, e.g. `memory-backend-ram,id=mem,size=1G`.', { stage: 'parse', order, echo });
      return;
    }
    const typeRange = rangeOfIndexed(arg, typePair!.valueIndex, typePair!.valueSpan);
    const backend = MEMORY_BACKEND_TYPES.find((b) => b.name === type);
    if (!backend && !OBJECT_TYPES_7_2.has(type)) {
      if (type.startsWith('memory-backend') || type.includes(',')) {
        report.qemuError('qemu/object-type', typeRange, `Parameter 'qom-type' does not accept value '${type}'`, `There is no object type \`${type}\`${type.includes(',') ? ' (in -object, `,,` is an escaped comma that stays in the type name)' : ''}; memory backends are ${MEMORY_BACKEND_TYPES.slice(0, 3).map((b) => `\`${b.name}\``).join(', ')}.`, { stage: 'parse', order, echo });
      }
      if (idPair) ctx.objectIds.set(idPair.value, type);
      return;
    }
    if (!idPair) {
      report.qemuError('qemu/object-parameter', whole, "Parameter 'id' is missing", 'Every -object needs `id=`.', { stage: 'parse', order, echo });
      return;
    }
    ctx.objectIds.set(idPair.value, type);
    const known = OTHER_OBJECT_OPTIONS[type];
    if (known) {
      for (const pair of parsed.pairs) {
        if (pair.implied || pair.name === 'id' || pair.name === 'qom-type' || known.includes(pair.name)) continue;
        report.qemuError('qemu/object-parameter', pair.shortForm ? rangeOf(arg, pair.span) : rangeOf(arg, pair.nameSpan), `Invalid parameter '${pair.name}'`, `${type} accepts ${known.map((k) => `\`${k}\``).join(', ')}.`, { stage: 'parse', order, echo });
      }
    }
    if (backend) checkBackend(ctx, arg, backend, parsed.pairs, typeRange, idPair, order, echo);
  });
}

function checkBackend(ctx: CheckContext, arg: QemuArg, backend: BackendType, pairs: OptsPair[], typeRange: TextRange, idPair: OptsPair, order: number, echo: string): void {
  const { report } = ctx;
  report.hover(typeRange, () => `**${backend.name}**\n\n${backend.doc}`);
  const object: BackendObject = { id: idPair.value, idRange: valueRange(arg, idPair), type: backend.name, typeRange };
  const last = new Map<string, OptsPair>();
  let failed = false;
  for (const pair of pairs) {
    if (pair.implied || pair.name === 'id' || pair.name === 'qom-type') continue;
    const spec = backendProperty(backend, pair.name, ctx.version);
    const nameRange = pair.shortForm ? rangeOf(arg, pair.span) : rangeOf(arg, pair.nameSpan);
    if (!spec) {
      const caseMatch = backend.properties.find((p) => p.name.toLowerCase() === pair.name.toLowerCase().replace(/_/g, '-'));
      report.qemuError('qemu/object-parameter', nameRange, `Invalid parameter '${pair.name}'`, caseMatch ? `Option names are case-sensitive and use \`-\`: did you mean \`${caseMatch.name}\`?` : `${backend.name} has no option \`${pair.name}\`.`, {
        stage: 'parse',
        order,
        echo,
        fixes: caseMatch && !pair.shortForm ? [replaceFix(`Write ${caseMatch.name}`, nameRange, caseMatch.name)] : undefined,
      });
      failed = true;
      continue;
    }
    report.hover(nameRange, () => propertyHover(spec, undefined, ctx.versionLabel));
    if (pair.shortForm) {
      const written = pair.shortForm === 'off' ? `no${pair.name}` : pair.name;
      report.add('warning', 'qemu/short-form-boolean', nameRange, `QEMU warns "short-form boolean option '${written}' deprecated / Please use ${pair.name}=${pair.shortForm} instead"; future releases drop the short form.`, {
        fixes: [replaceFix(`Write ${pair.name}=${pair.shortForm}`, nameRange, `${pair.name}=${pair.shortForm}`)],
        tags: ['deprecated'],
      });
    }
    last.set(pair.name, pair);
  }
  for (const [name, pair] of last) {
    const spec = backend.properties.find((p) => p.name === name)!;
    if (name === 'host-nodes') {
      if (!/^\s*\d+(-\d+)?$/.test(pair.value)) {
        report.qemuError('qemu/invalid-number', valueRange(arg, pair), "Parameter 'host-nodes' expects a uint64 value or range", 'host-nodes takes a node number or a range such as `0-1`; repeat the option for more.', { stage: 'parse', order, echo });
        failed = true;
      }
      continue;
    }
    const verdict = checkValue(spec, name, pair.value, ctx.version, 'opts');
    const range = valueRange(arg, pair);
    if (verdict.error) {
      failed = true;
      report.qemuError(verdict.error.ruleId, range, verdict.error.message, verdict.error.why, {
        stage: 'parse',
        order,
        echo,
        fixes: verdict.error.replacement !== undefined && !pair.shortForm ? [replaceFix(`Write ${name}=${verdict.error.replacement}`, range, verdict.error.replacement)] : undefined,
      });
      continue;
    }
    for (const w of verdict.warnings) report.add('warning', w.ruleId, range, w.message);
    if (name === 'prealloc-context' && !ctx.cmd.opaque && ctx.objectIds.get(pair.value) !== 'thread-context') {
      report.qemuError('qemu/missing-object', range, `Device '${pair.value}' not found`, 'prealloc-context must name an earlier `-object thread-context,id=…`.');
      failed = true;
      continue;
    }
    if (name === 'size') {
      object.size = verdict.number;
      object.sizeRange = range;
    }
    if (name === 'merge' && verdict.bool !== undefined) object.merge = { value: verdict.bool, range };
    if (name === 'share' && verdict.bool !== undefined) object.share = { value: verdict.bool, range };
    if (name === 'hugetlb') object.hugetlb = verdict.bool;
    if (name === 'mem-path') {
      object.memPath = pair.value;
      object.memPathRange = range;
    }
  }
  if (failed) return;
  for (const required of backend.required) {
    if (!last.has(required)) {
      report.qemuError('qemu/object-parameter', arg.range, `Parameter '${required}' is missing`, `${backend.name} needs \`${required}=\`.`, { stage: 'parse', order, echo });
      return;
    }
  }
  if (object.size === 0n) {
    report.qemuError('qemu/object-parameter', object.sizeRange!, `property 'size' of ${backend.name} doesn't take value '0'`, 'A memory backend needs a size above 0.');
    return;
  }
  const policy = last.get('policy')?.value ?? 'default';
  const nodes = last.has('host-nodes');
  if (nodes && policy === 'default') {
    report.qemuError('qemu/backend-policy', valueRange(arg, last.get('host-nodes')!), 'host-nodes must be empty for policy default, or you should explicitly specify a policy other than default', 'Binding to host nodes needs `policy=bind`, `preferred` or `interleave`.');
  } else if (!nodes && policy !== 'default') {
    report.qemuError('qemu/backend-policy', valueRange(arg, last.get('policy')!), `host-nodes must be set for policy ${policy}`, `policy=${policy} needs the host NUMA nodes in \`host-nodes=\`.`);
  }
  ctx.backends.push(object);
}
