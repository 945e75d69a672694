/**
 * A libvirt domain as a what-if guest: its name, the RAM QEMU gets and how much of it KSM can
 * merge, read by the same code as the diagnostics (parseDomain).
 */
import type { DocumentFacts, DocumentGuest } from '../whatif/fromDocument';
import { childElement, textContent } from '../xml/parseXml';
import { parseDomain } from './analyzer';

/** libvirt's default emulator on Debian, for domains that do not name one. */
const DEFAULT_EMULATOR = '/usr/bin/qemu-system-x86_64';

/** One domain as a guest, or why it is left out; `pid` is the QEMU process of a live state file. */
export function libvirtGuest(text: string, label: string): { guest: DocumentGuest; pid?: number } | { leftOut: string } {
  const parsed = parseDomain(text);
  const refusal = parsed.findings.find((f) => f.severity === 'error') ?? parsed.memory?.problems.find((p) => p.ruleId !== 'libvirt/numa-memory-overrides');
  if (!parsed.memory || refusal || parsed.memory.initialKiB === 0n) {
    return { leftOut: `${label}: ${refusal?.message ?? parsed.findings[0]?.message ?? 'it is not a QEMU domain'}` };
  }
  const m = parsed.memory;
  const devices = parsed.root && childElement(parsed.root, 'devices');
  const emulator = devices && childElement(devices, 'emulator');
  const guest: DocumentGuest = {
    memoryMiB: Number(m.totalKiB / 1024n),
    memMerge: m.memMerge,
    mergeableMiB: Number(m.mergeableKiB / 1024n),
    binary: (emulator && textContent(emulator).value.trim()) || DEFAULT_EMULATOR,
    count: 1,
  };
  if (m.name) guest.name = m.name;
  return { guest, ...(parsed.pid ? { pid: parsed.pid } : {}) };
}

export function libvirtGuestFacts(text: string, label: string): Pick<DocumentFacts, 'guests' | 'guestsLeftOut' | 'guestsFrom'> {
  const read = libvirtGuest(text, label);
  return 'guest' in read ? { guests: [read.guest], guestsFrom: 'libvirt domain(s)' } : { guestsLeftOut: [read.leftOut], guestsFrom: 'libvirt domain(s)' };
}
