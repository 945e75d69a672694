/** Hover text for KSM knobs and per-process KSM files, with this host's live values. */
import { CURRENT_KERNEL, knobByName, knobExistsIn, KNOBS, REMOVED_KNOBS, type KnobInfo } from '../knowledge/knobs';
import { ksmStatFieldByName, procFileByName, KSM_STAT_FIELDS } from '../knowledge/procFiles';
import type { AnalysisContext, HoverInfo, TextRange } from '../language/types';
import { formatBytes, formatMiB, formatRatio, summarizeKsm, summaryMarkdown } from './hostSummary';
import type { KnobRef } from './knobRefs';
import { targetKernel } from './targetKernel';
import { mdCode, mdText } from '../text/markdown';

function facts(knob: KnobInfo): string {
  const rows = [
    `| | |`,
    `|---|---|`,
    `| access | ${knob.access === 'RW' ? 'read-write (root)' : 'read-only'} |`,
    `| type | ${knob.kernelType} |`,
    `| unit | ${knob.unit} |`,
    `| accepts | ${knob.accepts} |`,
  ];
  if (knob.default !== undefined) rows.push(`| default | \`${knob.default}\` |`);
  rows.push(`| since | Linux ${knob.since}${knob.requires ? ` (${knob.requires} only)` : ''} |`);
  return rows.join('\n');
}

function liveSection(knob: KnobInfo, ctx: AnalysisContext): string | undefined {
  const ksm = ctx.host.ksm;
  if (!ksm) return undefined;
  const raw = ksm[knob.name];
  if (raw === undefined) return `**This host:** no \`${knob.name}\` in /sys/kernel/mm/ksm (kernel ${ctx.host.kernelRelease ?? 'unknown'}).`;
  const s = summarizeKsm(ksm, ctx.host.pageSize ?? 4096);
  const lines = [`**This host:** ${mdCode(raw)}`];
  if (!s) return lines.join('');
  const bytes = (pages: number | undefined) => (pages === undefined ? '' : ` = ${formatMiB(pages * s.pageSize)}`);
  switch (knob.name) {
    case 'pages_sharing':
      if (s.savedBytes !== undefined) lines.push(` — ${formatMiB(s.savedBytes)} saved (with ksm_zero_pages); pages_sharing / pages_shared = ${formatRatio(s.sharingRatio)}; pages_unshared / pages_sharing = ${formatRatio(s.unsharedRatio)}`);
      break;
    case 'pages_shared':
      lines.push(`${bytes(s.pagesShared)} kept as KSM pages; sharing ratio ${formatRatio(s.sharingRatio)}`);
      break;
    case 'pages_unshared':
      lines.push(`${bytes(s.pagesUnshared)}; pages_unshared / pages_sharing = ${formatRatio(s.unsharedRatio)}`);
      break;
    case 'pages_volatile':
    case 'ksm_zero_pages':
      lines.push(bytes(counter(raw)));
      break;
    case 'general_profit':
      if (counter(raw) !== undefined) lines.push(` = ${formatBytes(counter(raw)!)}`);
      break;
    case 'run':
      lines.push(` — ksmd ${s.ksmdState}`);
      break;
    case 'pages_to_scan': {
      const sleep = Number(ksm.sleep_millisecs);
      const pages = counter(raw);
      if (pages !== undefined && sleep > 0) lines.push(` — at most ≈${Math.round((pages * 1000) / sleep)} pages/s with sleep_millisecs=${sleep}`);
      break;
    }
  }
  return lines.join('');
}

function counter(raw: string): number | undefined {
  return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
}

export function knobHoverMarkdown(knob: KnobInfo, ctx: AnalysisContext): string {
  const kernel = targetKernel(ctx);
  const parts = [`**/sys/kernel/mm/ksm/${knob.name}** — ${knob.summary}`, knob.description, facts(knob)];
  if (knob.howToRead) parts.push(`*How to read it:* ${knob.howToRead}`);
  if (knob.access === 'RW') parts.push(`*Errors on write:* ${knob.errors.join('; ')}.`);
  if (!knobExistsIn(knob.name, kernel)) parts.push(`⚠ Not present in Linux ${kernel} (the kernel Samepage checks against).`);
  const live = liveSection(knob, ctx);
  if (live) parts.push(live);
  return parts.join('\n\n');
}

function procHoverMarkdown(name: string, ctx: AnalysisContext): string | undefined {
  const file = procFileByName(name);
  if (file) {
    const lines = [`**/proc/PID/${file.name}** — ${file.description}`, `Mode ${file.mode}; since Linux ${file.since}.`];
    if (file.name === 'ksm_stat') lines.push(KSM_STAT_FIELDS.map((f) => `- \`${f.name}\` (${f.unit}, ${f.since}+): ${f.description}`).join('\n'));
    return lines.join('\n\n');
  }
  const field = ksmStatFieldByName(name);
  if (field) return `**${field.name}** (a line of /proc/PID/ksm_stat; ${field.unit}, Linux ${field.since}+) — ${field.description}`;
  void ctx;
  return undefined;
}

function directoryHoverMarkdown(ctx: AnalysisContext): string {
  const kernel = targetKernel(ctx);
  const present = KNOBS.filter((k) => knobExistsIn(k.name, kernel));
  const parts = [
    `**/sys/kernel/mm/ksm** — KSM's control and statistics files: ${present.filter((k) => k.access === 'RW').length} writable knobs and ${present.filter((k) => k.access === 'RO').length} read-only counters on Linux ${kernel}.`,
  ];
  const summary = summarizeKsm(ctx.host.ksm, ctx.host.pageSize ?? 4096);
  if (summary && ctx.host.ksm) parts.push(`**This host:**\n\n${summaryMarkdown(summary, ctx.host.ksm)}`);
  return parts.join('\n\n');
}

export function hoverForRef(ref: KnobRef, ctx: AnalysisContext): HoverInfo | undefined {
  const range: TextRange = ref.range;
  if (ref.kind === 'directory') return { range, markdown: directoryHoverMarkdown(ctx) };
  if (ref.kind === 'proc-file' || ref.kind === 'stat-field') {
    const markdown = procHoverMarkdown(ref.name, ctx);
    return markdown ? { range, markdown } : undefined;
  }
  const knob = knobByName(ref.name);
  if (knob) {
    let markdown = knobHoverMarkdown(knob, ctx);
    if (ref.kind === 'bare-name' && ksmStatFieldByName(ref.name)) markdown += `\n\n${procHoverMarkdown(ref.name, ctx)}`;
    return { range, markdown };
  }
  const removed = REMOVED_KNOBS[ref.name];
  if (removed) return { range, markdown: `**${mdText(ref.name)}** existed only in Linux ${removed.since}; removed in ${removed.removedIn} (${removed.note}).` };
  if (ref.kind === 'bare-name' || ref.name === '') return undefined;
  return { range, markdown: `**${mdText(ref.name)}**: no such file in /sys/kernel/mm/ksm (Linux ${CURRENT_KERNEL} has ${'`'}run${'`'}, ${'`'}pages_to_scan${'`'}, ...).` };
}
