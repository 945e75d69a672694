/** A Proxmox VE VM config as a what-if guest, read by the same code as the diagnostics. */
import type { DocumentFacts, DocumentGuest } from '../whatif/fromDocument';
import { parseVmConfig } from './vmConfig';
import { proxmoxGuestMemory } from './guestMemory';

/** qemu-server starts QEMU as /usr/bin/kvm. */
const PROXMOX_QEMU = '/usr/bin/kvm';

export function proxmoxGuestFacts(text: string, fileName: string, label: string): Pick<DocumentFacts, 'guests' | 'guestsLeftOut' | 'guestsFrom'> {
  const config = parseVmConfig(text);
  const memory = proxmoxGuestMemory(config);
  if (memory.startError) return { guestsLeftOut: [`${label}: the VM does not start (${memory.startError.message})`], guestsFrom: 'Proxmox VM config(s)' };
  const vmid = /(\d+)\.conf$/.exec(fileName)?.[1];
  const name = config.byKey.get('name')?.raw;
  const guest: DocumentGuest = { memoryMiB: memory.memoryMiB, memMerge: memory.memMerge, mergeableMiB: memory.mergeableMiB, binary: PROXMOX_QEMU, count: 1 };
  if (name ?? vmid) guest.name = name ?? `vm${vmid}`;
  return { guests: [guest], guestsFrom: 'Proxmox VM config(s)' };
}
