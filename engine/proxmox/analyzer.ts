/**
 * The Proxmox VE capability: diagnostics and hover for `/etc/pve/qemu-server/VMID.conf` on the
 * options that decide whether KSM can merge the VM's memory.
 */
import type { SourceDocument } from '../language/analyzer';
import type { DocumentFeatures, Finding, HoverInfo } from '../language/types';
import { QEMU_SERVER_VERSION } from '../knowledge/proxmoxOptions';
import { SCRIPT_ANALYSIS_LIMIT_CHARS } from '../language/limits';
import { memoryCurrent, parseVmConfig } from './vmConfig';
import { proxmoxGuestMemory } from './guestMemory';
import { whatIfLink } from '../qemu/hoverText';

export function analyzeProxmox(doc: SourceDocument): DocumentFeatures {
  if (doc.text.length > SCRIPT_ANALYSIS_LIMIT_CHARS) return { findings: [] };
  const config = parseVmConfig(doc.text);
  const guest = proxmoxGuestMemory(config);
  const findings: Finding[] = config.problems.map((p) => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, range: p.range }));
  if (guest.startError) {
    findings.push({ ruleId: 'proxmox/does-not-start', severity: 'error', message: `The VM does not start: qemu-server stops with "${guest.startError.message}".`, range: guest.startError.range });
  }
  if (guest.neverMerges) {
    findings.push({ ruleId: guest.neverMerges.ruleId, severity: 'information', message: `KSM never merges this VM's ${guest.memoryMiB} MiB: ${guest.neverMerges.reason}.`, range: guest.neverMerges.range });
  }
  const balloon = config.byKey.get('balloon');
  if (balloon?.value !== undefined && Number(balloon.value) > guest.memoryMiB) {
    findings.push({ ruleId: 'proxmox/balloon-above-memory', severity: 'warning', message: `balloon (${balloon.value} MiB) is above memory (${guest.memoryMiB} MiB); the guest never gets more than memory, and the API refuses this value.`, range: balloon.valueRange });
  }
  return {
    findings,
    hoverAt(offset: number): HoverInfo | undefined {
      const entry = config.entries.find((e) => e.spec && offset >= e.keyRange.start && offset <= e.valueRange.end);
      if (!entry?.spec) return undefined;
      const spec = entry.spec;
      const lines = [`**${entry.key}** (Proxmox VE VM config)`, '', spec.doc, '', `**KSM:** ${spec.ksm}`];
      if (spec.qemu) lines.push('', `QEMU: ${spec.qemu}`);
      if (spec.values) lines.push('', `Accepted values: ${spec.values.map((v) => `\`${v}\``).join(', ')}`);
      if (spec.defaultValue !== undefined) lines.push('', `Default: \`${spec.defaultValue}\``);
      if (spec.since) lines.push('', `Since qemu-server ${spec.since}.`);
      if (entry.key === 'memory' && entry.value !== undefined) lines.push('', `Here: QEMU gets -m ${memoryCurrent(entry.value)}; ${guest.mergeableMiB} MiB within KSM's reach.`);
      if (entry.key === 'balloon') lines.push('', guest.balloonDevice ? 'Here: the balloon device is on, with free page reporting.' : 'Here: no balloon device (and no free page reporting).');
      if (entry.key === 'memory' || entry.key === 'allow-ksm') lines.push('', `[Run the what-if: how much would KSM save with this VM?](${whatIfLink()})`);
      lines.push('', `_As qemu-server ${QEMU_SERVER_VERSION} reads it._`);
      return { range: { start: entry.keyRange.start, end: entry.valueRange.end }, markdown: lines.join('\n') };
    },
  };
}
