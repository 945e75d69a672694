import type { DocumentAnalysis } from '../engine/language/analyze';
import type { Finding, Fix } from '../engine/language/types';
import { commandStartLine } from '../engine/language/suppression';

/** "Disable <rule> for this line": inserts a suppression comment above the finding's command (its first line when `\`-continued). */
export function disableLineFix(analysis: DocumentAnalysis, finding: Finding): Fix | undefined {
  if (finding.ruleId.startsWith('samepage/')) return undefined;
  const { index } = analysis;
  const line = commandStartLine(index, index.positionAt(finding.range.start).line);
  const start = index.lineStart(line);
  const indent = /^[ \t]*/.exec(index.lineText(line))?.[0] ?? '';
  const comment = analysis.kind === 'markdown' ? `<!-- samepage-disable-next-line ${finding.ruleId} -->` : `# samepage-disable-next-line ${finding.ruleId}`;
  const eol = index.text.includes('\r\n') ? '\r\n' : '\n';
  return { title: `Disable ${finding.ruleId} for this line`, edits: [{ range: { start, end: start }, newText: `${indent}${comment}${eol}` }] };
}
