/**
 * `-machine memory-backend=ID`: the object must exist, its size must equal the RAM size from `-m`,
 * and its `merge`/`share` flags together with `mem-merge` decide whether KSM can merge guest RAM.
 */
import type { CheckContext } from './context';
import { leafAt } from './machineTree';
import type { MachineState } from './machineOptions';
import { backendNeverMerges } from './merging';
import { BOOL_FALSE } from './propertyValues';
import { replaceFix } from './report';
import { formatBytes } from './strtox';

export function checkBackendLink(ctx: CheckContext, state: MachineState): void {
  const { report } = ctx;
  const link = leafAt(state.root, 'memory-backend');
  const memMergeLeaf = leafAt(state.root, 'mem-merge');
  const memMergeOff = memMergeLeaf !== undefined && BOOL_FALSE.includes(memMergeLeaf.value);
  if (link && state.type) {
    const backend = ctx.backends.find((b) => b.id === link.value);
    if (!backend) {
      if (!ctx.cmd.opaque && !(ctx.objectIds.has(link.value) && ctx.objectIds.get(link.value)!.startsWith('memory-backend'))) {
        const otherType = ctx.objectIds.get(link.value);
        report.qemuError('qemu/memory-backend-not-found', link.valueRange, `Memory backend '${link.value}' not found`, otherType ? `\`${link.value}\` is a ${otherType}, not a memory backend.` : `No \`-object memory-backend-*,id=${link.value},…\` on this command line.`);
      }
    } else {
      const numa = ctx.cmd.options.find((o) => o.name === 'numa' && o.arg?.value !== undefined && /(^|,)memdev=/.test(o.arg.value));
      if (numa) {
        report.qemuError('qemu/memory-backend-numa', link.valueRange, "'-machine memory-backend' and '-numa memdev' properties are mutually exclusive", 'With NUMA nodes, give each node its backend with `-numa node,memdev=` and leave memory-backend out.');
      }
      if (!state.customRamSize && backend.size !== undefined) state.ramSize = backend.size; // QEMU takes the backend's size
      if (state.customRamSize && state.ramSize !== undefined && backend.size !== undefined && backend.size !== state.ramSize) {
        report.qemuError('qemu/memory-backend-size', backend.sizeRange ?? link.valueRange, 'Machine memory size does not match the size of the memory backend', `The backend has ${formatBytes(backend.size)} but -m asks for ${formatBytes(state.ramSize)}; they must be equal (or leave -m out).`, {
          fixes: ctx.memoryFromM?.sizeRange && backend.sizeRange ? [replaceFix(`Make -m ${formatBytes(backend.size).replace(/ |iB/g, '')}`, ctx.memoryFromM.sizeRange, formatBytes(backend.size).replace(/ |iB/g, ''))] : undefined,
          order: ctx.memoryFromM?.order,
        });
      }
      checkMergeTrap(ctx, backend, memMergeOff);
    }
  }
  for (const backend of ctx.backends) {
    if (backend === ctx.backends.find((b) => b.id === link?.value)) continue;
    checkMergeTrap(ctx, backend, memMergeOff);
  }
}

function checkMergeTrap(ctx: CheckContext, backend: CheckContext['backends'][number], memMergeOff: boolean): void {
  const { report } = ctx;
  if (backend.merge && !backend.merge.value && !memMergeOff) {
    report.add('warning', 'qemu/backend-merge-ignored', backend.merge.range, `\`merge=off\` does not keep this backend out of KSM while the machine has mem-merge=on (the default): QEMU still marks the RAM block mergeable. Set \`-machine mem-merge=off\` and \`merge=on\` only on the backends KSM should merge.`);
  }
  const wantsMerge = backend.merge ? backend.merge.value : !memMergeOff;
  const never = backendNeverMerges(backend);
  if (never && wantsMerge) {
    const range = never.what === 'shared memory' ? (backend.share?.range ?? backend.typeRange) : (backend.memPathRange ?? backend.typeRange);
    const hint = never.what === 'shared memory' ? ' Use `share=off` if nothing else needs to map it.' : '';
    report.add('information', 'qemu/backend-never-merges', range, `KSM never merges ${never.what} (${never.because}), so this ${backend.type}'s RAM is not deduplicated whatever mem-merge/merge say.${hint}`);
  }
}
