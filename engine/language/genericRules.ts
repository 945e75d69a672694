import type { DocumentKind } from './documentKind';
import type { Analyzer } from './analyzer';
import type { Finding } from './types';
import { SCRIPT_ANALYSIS_LIMIT_CHARS } from './limits';

/** Checks that apply to any file before a capability looks at it: binary content, size. */
export function genericFindings(text: string, kind: DocumentKind): Finding[] {
  const findings: Finding[] = [];
  if (kind !== 'ksmtuned' && kind !== 'unknown' && text.length > SCRIPT_ANALYSIS_LIMIT_CHARS) {
    findings.push({
      ruleId: 'samepage/file-too-large',
      severity: 'information',
      message: `This file has ${(text.length / 1e6).toFixed(1)} million characters; QEMU command lines and /sys/kernel/mm/ksm writes are checked only in files up to ${SCRIPT_ANALYSIS_LIMIT_CHARS / 1e6} million, so nothing in it was checked.`,
      range: { start: 0, end: 0 },
    });
  }
  const nul = text.indexOf('\u0000');
  if (nul === -1) return findings;
  return [
    ...findings,
    {
      ruleId: 'samepage/binary-content',
      severity: 'error',
      message: 'This file contains NUL bytes, so it is binary or corrupt; bash and the kernel would not read it as text.',
      range: { start: nul, end: nul + 1 },
    },
  ];
}

export const analyzeGeneric: Analyzer = (doc) => ({ findings: genericFindings(doc.text, doc.kind) });
