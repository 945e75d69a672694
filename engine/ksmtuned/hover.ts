/** Hover on a ksmtuned variable: what it means, its default, its effective value here and on this host. */
import { ksmtunedVariable, type KsmtunedVariableInfo } from '../knowledge/ksmtunedVariables';
import type { HoverInfo, TextRange } from '../language/types';
import { testInteger } from '../shell/testBuiltin';
import type { RuleInput } from './rules/context';
import { mdCode, mdTableCell } from '../text/markdown';

/** Formats kB as the largest binary unit that keeps the number readable. */
export function formatKb(kb: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = kb;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The variable name under `offset`: an assignment, a $reference, or a commented-out template line. */
export function variableAt(input: RuleInput, offset: number): { name: string; range: TextRange } | undefined {
  const { text } = input;
  let start = offset;
  let end = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1])) start--;
  while (end < text.length && /[A-Za-z0-9_]/.test(text[end])) end++;
  if (start === end) return undefined;
  const name = text.slice(start, end);
  return ksmtunedVariable(name) ? { name, range: { start, end } } : undefined;
}

function onThisHost(input: RuleInput, info: KsmtunedVariableInfo): string | undefined {
  const memTotal = input.ctx.host.meminfo?.MemTotal;
  if (!memTotal) return undefined;
  const startup = input.conf.startup(memTotal);
  const thres = startup.thres ? testInteger(startup.thres) : undefined;
  const sleep = startup.sleep ? testInteger(startup.sleep) : undefined;
  const v = (name: string) => input.conf.values[name]?.value ?? '';
  switch (info.name) {
    case 'KSM_THRES_COEF':
    case 'KSM_THRES_CONST':
      if (thres === undefined) return `thres cannot be computed here (${startup.errors[0] ?? 'unknown value'}).`;
      return `thres = ${info.name === 'KSM_THRES_COEF' ? `${v('KSM_THRES_COEF')}% of MemTotal` : 'max(KSM_THRES_COEF% of MemTotal, KSM_THRES_CONST)'} = ${formatKb(Number(thres))} here (MemTotal ${formatKb(memTotal)}): KSM stops while free memory is above it and QEMU's committed memory leaves that much room.`;
    case 'KSM_SLEEP_MSEC':
      if (sleep === undefined) return `sleep cannot be computed here (${startup.errors[0] ?? 'unknown value'}).`;
      return `sleep_millisecs = ${v('KSM_SLEEP_MSEC')} × 16 GiB / ${formatKb(memTotal)}, at least 10 = ${sleep} ms here.`;
    case 'KSM_NPAGES_MAX':
    case 'KSM_NPAGES_MIN':
    case 'KSM_NPAGES_BOOST': {
      const pages = testInteger(v(info.name === 'KSM_NPAGES_BOOST' ? 'KSM_NPAGES_MAX' : info.name));
      if (pages === undefined || sleep === undefined || sleep <= 0n) return undefined;
      const perSecond = (Number(pages) * 1000) / Number(sleep);
      return `${pages} pages every ${sleep} ms is at most ${Math.round(perSecond)} pages/s (${formatKb(perSecond * 4)}/s with 4 KiB pages) here.`;
    }
    case 'KSM_MONITOR_INTERVAL':
      return `MemTotal here is ${formatKb(memTotal)}; thres ${thres !== undefined ? formatKb(Number(thres)) : 'unknown'}.`;
  }
  return undefined;
}

export function hoverKsmtuned(input: RuleInput, offset: number): HoverInfo | undefined {
  const at = variableAt(input, offset);
  if (!at) return undefined;
  const info = ksmtunedVariable(at.name)!;
  const effective = input.conf.values[at.name];
  let shown: string;
  if (!effective?.known) shown = 'only known at run time (set by code this check does not run)';
  else if (effective.source === 'default') shown = `\`${info.default}\` (the default${effective.range ? '; the conf sets it empty' : ''})`;
  else if (effective.source === 'unset') shown = info.name === 'DEBUG' ? 'unset (debugging off)' : 'unset (empty)';
  else shown = `${mdTableCell(mdCode(JSON.stringify(effective.value).slice(1, -1)))}${effective.range ? ` (line ${input.index.positionAt(effective.range.start).line + 1})` : ''}`;
  const rows = [
    `| | |`,
    `|---|---|`,
    `| Unit | ${info.unit} |`,
    `| Default | ${info.default !== undefined ? `\`${info.default}\`` : 'unset'}${info.defaulting === '-' ? ' (only when unset; an empty value stays empty)' : ''} |`,
    `| Effective value | ${shown} |`,
    ...(info.drivesKnob ? [`| Drives | \`/sys/kernel/mm/ksm/${info.drivesKnob}\` |`] : []),
    `| Works with | ${info.legal} |`,
  ];
  const host = onThisHost(input, info);
  const committedNote =
    info.name === 'KSM_THRES_COEF'
      ? input.ctx.settings.ksmtunedVariant === 'fedora'
        ? 'Committed memory (Fedora/RHEL): RSS of processes whose name matches `qemu-kvm`, `qemu-system-*` or `qemu:<name>`.'
        : 'Committed memory (Debian): RSS of processes whose full command line starts with `qemu-system` and contains `-enable-kvm`; libvirt (absolute path, `-accel kvm`) and Proxmox guests do not match, so committed is often 0.'
      : undefined;
  const markdown = [`**${info.name}**: ${info.summary}`, '', info.description, '', ...rows, ...(committedNote ? ['', committedNote] : []), ...(host ? ['', `On this host: ${host}`] : [])].join('\n');
  return { range: at.range, markdown };
}
