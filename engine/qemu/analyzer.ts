/**
 * The QEMU capability: finds QEMU command lines in shell scripts, systemd units and markdown, checks
 * each the way qemu-system-x86_64 would, and answers hover and completion inside them.
 */
import { DEFAULT_QEMU_VERSION } from '../knowledge/qemuVersions';
import type { SourceDocument } from '../language/analyzer';
import { registerAnalyzer } from '../language/registry';
import type { AnalysisContext, DocumentFeatures, Finding, HoverInfo } from '../language/types';
import { checkCommandLine } from './check';
import { completeInvocation } from './completion';
import { dynamicHover } from './machineOptions';
import { findInvocations } from './findInvocations';
import { SCRIPT_ANALYSIS_LIMIT_CHARS } from '../language/limits';
import type { HoverToken } from './report';
import { mdText } from '../text/markdown';


export function analyzeQemu(doc: SourceDocument, ctx: AnalysisContext): DocumentFeatures {
  if (doc.text.length > SCRIPT_ANALYSIS_LIMIT_CHARS) return { findings: [] };
  const version = ctx.settings.qemuVersion;
  const versionLabel = version ?? DEFAULT_QEMU_VERSION;
  const invocations = findInvocations(doc.kind, doc.text);
  const findings: Finding[] = [];
  const tokens: HoverToken[] = [];
  for (const inv of invocations) {
    if (!inv.x86) {
      for (const arg of inv.args) if (arg.value === undefined) tokens.push({ range: arg.range, markdown: () => dynamicHover(arg) });
      tokens.push({ range: inv.programWord.range, markdown: () => `**${mdText(inv.program)}**: Samepage checks the x86 emulators (qemu-system-x86_64, qemu-system-i386, qemu-kvm); this one is not checked.` });
      continue;
    }
    const result = checkCommandLine(inv.program, inv.args, version);
    findings.push(...result.findings);
    tokens.push(...result.tokens);
    tokens.push({
      range: inv.programWord.range,
      markdown: () => `**${mdText(inv.program)}**: Samepage checks this command line as QEMU ${versionLabel} reads it (setting \`samepage.qemu.version\`, CLI \`--qemu-version\`).`,
    });
  }
  tokens.sort((a, b) => a.range.start - b.range.start);
  return {
    findings,
    hoverAt(offset: number): HoverInfo | undefined {
      let best: HoverToken | undefined;
      for (const t of tokens) {
        if (t.range.start > offset) break;
        if (offset <= t.range.end && (!best || t.range.end - t.range.start < best.range.end - best.range.start)) best = t;
      }
      return best ? { range: best.range, markdown: best.markdown() } : undefined;
    },
    completeAt(offset: number) {
      const inv = invocations.find((i) => offset >= i.range.start && offset <= i.range.end + 1);
      return inv && inv.x86 ? completeInvocation(inv, offset, version) : [];
    },
  };
}

registerAnalyzer(['shell', 'systemd-unit', 'markdown'], analyzeQemu);
