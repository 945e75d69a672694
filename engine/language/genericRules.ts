import { registerAnalyzer } from './registry';
import { DOCUMENT_KINDS } from './documentKind';
import type { Finding } from './types';

/** Checks that apply to any file before a capability looks at it: binary content. */
export function genericFindings(text: string): Finding[] {
  const nul = text.indexOf('\u0000');
  if (nul === -1) return [];
  return [
    {
      ruleId: 'samepage/binary-content',
      severity: 'error',
      message: 'This file contains NUL bytes, so it is binary or corrupt; bash and the kernel would not read it as text.',
      range: { start: nul, end: nul + 1 },
    },
  ];
}

registerAnalyzer(DOCUMENT_KINDS, (doc) => ({ findings: genericFindings(doc.text) }));
