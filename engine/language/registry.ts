import type { Analyzer } from './analyzer';
import type { DocumentKind } from './documentKind';

/**
 * Which analyzers run on which kind of document. Each capability registers itself here with one
 * line, so the editor, the CLI and the tests all see the same set.
 */
const byKind = new Map<DocumentKind, Analyzer[]>();

export function registerAnalyzer(kinds: readonly DocumentKind[], analyzer: Analyzer): void {
  for (const kind of kinds) {
    const list = byKind.get(kind) ?? [];
    if (!list.includes(analyzer)) list.push(analyzer);
    byKind.set(kind, list);
  }
}

export function analyzersFor(kind: DocumentKind): readonly Analyzer[] {
  return byKind.get(kind) ?? [];
}
