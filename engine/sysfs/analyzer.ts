/**
 * The sysfs capability: hover on every KSM knob / per-process KSM file mention, completion, and
 * diagnostics for knob writes in shell scripts, sysfs.conf, tmpfiles.d and unit files.
 */
import { SCRIPT_ANALYSIS_LIMIT_CHARS } from '../language/limits';
import type { SourceDocument } from '../language/analyzer';
import type { AnalysisContext, DocumentFeatures, Finding } from '../language/types';
import { checkKnobWrites } from './checkWrites';
import { completeAt } from './completion';
import { hoverForRef } from './hover';
import { findKnobRefs, refAt, type KnobRef } from './knobRefs';
import type { KnobWriteSite } from './knobWrite';
import { shellKnobWrites } from './shellWrites';
import { analyzeSysfsConf } from './sysfsConf';
import { analyzeSystemdUnit } from './systemdUnit';
import { targetKernel } from './targetKernel';
import { analyzeTmpfiles } from './tmpfiles';

/** Longer inputs get hover and completion only; judging writes in them is not worth the time. */

function shellDialect(text: string): 'bash' | 'dash' {
  return /^#!\s*(\/usr)?\/bin\/(env\s+)?sh\b/.test(text) || /^#!\s*\S*\bdash\b/.test(text) ? 'dash' : 'bash';
}

/** Knob writes and file-level findings of a document, by kind. */
export function knobWritesOf(doc: SourceDocument): { writes: KnobWriteSite[]; findings: Finding[] } {
  switch (doc.kind) {
    case 'shell':
      return { writes: shellKnobWrites({ text: doc.text, base: 0, source: doc.text, dialect: shellDialect(doc.text) }), findings: [] };
    case 'sysfs-conf':
      return analyzeSysfsConf(doc.index);
    case 'tmpfiles':
      return analyzeTmpfiles(doc.index);
    case 'systemd-unit':
      return analyzeSystemdUnit(doc.index);
    default:
      return { writes: [], findings: [] };
  }
}

function kernelSource(ctx: AnalysisContext): string {
  if (ctx.settings.kernelVersion) return 'the configured kernel version';
  if (ctx.host.kernelRelease) return 'the running kernel';
  return 'the newest kernel Samepage knows';
}

/** Knob names the write analysis resolved although the text alone does not show a path ($KSM/run, set_knob run 1). */
function writeRefAt(writes: readonly KnobWriteSite[], offset: number): KnobRef | undefined {
  const site = writes.find((w) => w.nameRange.start <= offset && offset <= w.nameRange.end && w.nameRange.end > w.nameRange.start);
  return site ? { kind: 'sysfs-path', name: site.knob, nameRange: site.nameRange, range: site.nameRange } : undefined;
}

export function analyzeSysfs(doc: SourceDocument, ctx: AnalysisContext): DocumentFeatures {
  const kernel = targetKernel(ctx);
  let findings: Finding[] = [];
  let writes: KnobWriteSite[] = [];
  if (doc.text.length <= SCRIPT_ANALYSIS_LIMIT_CHARS) {
    const found = knobWritesOf(doc);
    writes = found.writes;
    findings = [...found.findings, ...checkKnobWrites(writes, { kernel, kernelSource: kernelSource(ctx), index: doc.index, limit: ctx.settings.maxFindings })];
  }
  let refs: KnobRef[] | undefined;
  return {
    findings,
    hoverAt(offset) {
      refs ??= findKnobRefs(doc.text);
      const ref = refAt(refs, offset) ?? writeRefAt(writes, offset);
      return ref ? hoverForRef(ref, ctx) : undefined;
    },
    completeAt: (offset) => completeAt(doc.kind, doc.index, offset, ctx),
  };
}
