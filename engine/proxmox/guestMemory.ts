/**
 * What qemu-server 9.2.6 gives QEMU for a VM's memory (src/PVE/QemuServer/Memory.pm `config` and
 * `print_mem_object`, src/PVE/QemuServer.pm `config_to_command`): `-m` in MiB, `mem-merge`, and
 * whether the memory backends are ones KSM can merge.
 */
import type { TextRange } from '../language/types';
import { memoryCurrent, proxmoxBoolean, type VmConfig } from './vmConfig';

export interface ProxmoxGuestMemory {
  memoryMiB: number;
  memMerge: boolean;
  mergeableMiB: number;
  /** Why KSM never merges this VM, and the line that decides it. */
  neverMerges?: { reason: string; range: TextRange; ruleId: string };
  /** The balloon device is there (and with it free page reporting). */
  balloonDevice: boolean;
  /** The VM does not start: qemu-server dies with this message. */
  startError?: { message: string; range: TextRange };
}

export function proxmoxGuestMemory(config: VmConfig): ProxmoxGuestMemory {
  const get = (key: string) => config.byKey.get(key);
  const memoryEntry = get('memory');
  const memoryMiB = (memoryEntry?.value !== undefined ? memoryCurrent(memoryEntry.value) : undefined) ?? 512;
  const allowKsm = get('allow-ksm');
  const memMerge = !(allowKsm?.value !== undefined && proxmoxBoolean(allowKsm.value) === false);
  const numa = get('numa');
  const numaOn = numa?.value !== undefined && proxmoxBoolean(numa.value) === true;
  const hugepages = get('hugepages');
  const virtiofs = config.entries.find((e) => /^virtiofs\d+$/.test(e.key) && e.value !== undefined);
  const balloon = get('balloon');
  const balloonDevice = !(balloon?.value !== undefined && Number(balloon.value) === 0);

  let startError: ProxmoxGuestMemory['startError'];
  if (hugepages?.value !== undefined && !numaOn) startError = { message: 'numa needs to be enabled to use hugepages', range: hugepages.keyRange };
  const nodes = config.entries.filter((e) => /^numa\d+$/.test(e.key) && e.value !== undefined && Number(e.key.slice(4)) < 8);
  if (numaOn && nodes.length > 0 && !startError) {
    let total = 0;
    for (const node of nodes) {
      const mem = /(?:^|,)memory=(\d+)/.exec(node.value!);
      if (!mem) {
        startError = { message: `missing NUMA node${node.key.slice(4)} memory value`, range: node.valueRange };
        break;
      }
      total += Number(mem[1]);
    }
    if (!startError && total !== memoryMiB) startError = { message: 'total memory for NUMA nodes must be equal to vm static memory', range: nodes[0].keyRange };
  }

  let neverMerges: ProxmoxGuestMemory['neverMerges'];
  if (!memMerge) neverMerges = { reason: `\`allow-ksm: ${allowKsm!.raw}\` starts QEMU with \`-machine mem-merge=off\``, range: allowKsm!.keyRange, ruleId: 'proxmox/allow-ksm-off' };
  else if (hugepages?.value !== undefined && numaOn) neverMerges = { reason: 'with `hugepages` every memory backend is a shared file on hugetlbfs (`share=on`), and KSM merges neither huge pages nor shared memory', range: hugepages.keyRange, ruleId: 'proxmox/never-merges' };
  else if (virtiofs) neverMerges = { reason: `\`${virtiofs.key}\` puts guest RAM on \`memory-backend-memfd,share=on\` (virtiofsd must map it), and KSM never merges shared memory`, range: virtiofs.keyRange, ruleId: 'proxmox/never-merges' };

  return { memoryMiB, memMerge, mergeableMiB: neverMerges ? 0 : memoryMiB, neverMerges, balloonDevice, startError };
}
