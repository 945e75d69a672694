/** Markdown for hovers on machine types, machine properties and memory-backend options. */
import type { MachineType } from '../knowledge/qemuMachines';
import type { PropertySpec } from '../knowledge/qemuProperties';
import { mdText } from '../text/markdown';

/**
 * The what-if panel command (registered by the client). Its optional argument is the document's
 * URI; without one it reads the active editor, which is where the hover is.
 */
export function whatIfLink(documentUri?: string): string {
  return documentUri ? `command:samepage.runWhatIf?${encodeURIComponent(JSON.stringify([documentUri]))}` : 'command:samepage.runWhatIf';
}

function typeLabel(spec: PropertySpec): string {
  switch (spec.type) {
    case 'OnOffAuto':
      return 'OnOffAuto';
    case 'struct':
      return 'object';
    case 'list':
      return 'list of objects';
    default:
      return spec.type;
  }
}

export function propertyHover(spec: PropertySpec, machine: MachineType | undefined, versionLabel: string): string {
  const lines = [`**${mdText(spec.name)}**: ${typeLabel(spec)}${machine ? ` (machine \`${machine.name}\`)` : ''}`, '', spec.doc];
  if (spec.values?.length) lines.push('', `Accepted values: ${spec.values.map((v) => `\`${v.name}\`${v.since ? ` (since ${v.since})` : ''}`).join(', ')}`);
  if (spec.members?.length) lines.push('', `Members: ${spec.members.map((m) => `\`${m.name}\` (${typeLabel(m)}${m.since ? `, since ${m.since}` : ''})`).join(', ')}`);
  if (spec.defaultValue !== undefined) lines.push('', `Default: \`${spec.defaultValue}\``);
  lines.push('', spec.since ? `Since QEMU ${spec.since}.` : 'Available in every QEMU release Samepage knows.');
  if (spec.instanceOnly) lines.push('', '_Accepted by the machine, though `-machine <type>,help` does not list it._');
  if (spec.ksm) {
    lines.push('', `**KSM:** ${spec.ksm}`);
    if (spec.name === 'mem-merge' || spec.name === 'merge') lines.push('', `[Run the what-if: how much would KSM save with these guests?](${whatIfLink()})`);
  }
  lines.push('', `_Checked against QEMU ${versionLabel}._`);
  return lines.join('\n');
}

export function machineHover(type: MachineType | undefined, versionLabel: string): string {
  if (!type) return `Unknown machine type for QEMU ${versionLabel}.`;
  const lines = [`**${type.name}**: ${type.description}`];
  if (type.aliasOf) lines.push('', `Alias of \`${type.aliasOf}\`, the newest ${type.family} machine type of QEMU ${versionLabel}; its meaning changes with each release, which matters for live migration.`);
  if (type.isDefault) lines.push('', 'The default when no machine type is given.');
  if (type.deprecated) lines.push('', '**Deprecated**: scheduled for removal; use a newer versioned type.');
  lines.push('', `Up to ${type.maxCpus} vCPUs. Guest RAM is mergeable by KSM unless \`mem-merge=off\`.`);
  return lines.join('\n');
}

export function typeHover(written: string, type: MachineType | undefined, versionLabel: string): string {
  if (!type) return `**${mdText(written)}**: not a machine type of QEMU ${versionLabel} (x86). \`-machine help\` lists them.`;
  return machineHover(type, versionLabel);
}
