import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, type DocumentAnalysis } from '../engine/language/analyze';
import type { AnalysisContext } from '../engine/language/types';
import { fileNameOfUri } from './uri';

/** One analysis per (uri, version, settings generation): every feature reuses the same parse. */
export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; generation: number; analysis: DocumentAnalysis }>();
  private generation = 0;

  constructor(private context: () => AnalysisContext) {}

  /** Settings or host facts changed: every cached analysis is stale. */
  invalidateAll(): void {
    this.generation += 1;
  }

  get(document: TextDocument): DocumentAnalysis {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.generation === this.generation) return cached.analysis;
    const analysis = analyzeDocument(document.getText(), { fileName: fileNameOfUri(document.uri), languageId: document.languageId }, this.context());
    this.entries.set(document.uri, { version: document.version, generation: this.generation, analysis });
    return analysis;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
