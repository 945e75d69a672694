/**
 * Which analyzers run on which kind of document: one table, read by the editor, the CLI and the
 * tests alike. A new capability adds its analyzer to the rows of the kinds it understands.
 */
import type { Analyzer } from './analyzer';
import type { DocumentKind } from './documentKind';
import { analyzeGeneric } from './genericRules';
import { analyzeKsmtuned } from '../ksmtuned/analyzer';
import { analyzeQemu } from '../qemu/analyzer';
import { analyzeSysfs } from '../sysfs/analyzer';
import { analyzeLibvirt } from '../libvirt/analyzer';
import { analyzeProxmox } from '../proxmox/analyzer';

export const ANALYZERS: Readonly<Record<DocumentKind, readonly Analyzer[]>> = {
  ksmtuned: [analyzeGeneric, analyzeSysfs, analyzeKsmtuned],
  shell: [analyzeGeneric, analyzeSysfs, analyzeQemu],
  'systemd-unit': [analyzeGeneric, analyzeSysfs, analyzeQemu],
  markdown: [analyzeGeneric, analyzeSysfs, analyzeQemu],
  'sysfs-conf': [analyzeGeneric, analyzeSysfs],
  tmpfiles: [analyzeGeneric, analyzeSysfs],
  'libvirt-domain': [analyzeGeneric, analyzeLibvirt],
  'proxmox-vm': [analyzeGeneric, analyzeProxmox],
  unknown: [analyzeGeneric],
};

export function analyzersFor(kind: DocumentKind): readonly Analyzer[] {
  return ANALYZERS[kind];
}
