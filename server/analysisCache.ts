import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, type DocumentAnalysis } from '../engine/language/analyze';
import type { AnalysisContext } from '../engine/language/types';
import { fileNameOf } from './uri';
import { savedTextWithHiddenCrs } from './savedText';

/** One analysis per (uri, version, settings generation): every feature reuses the same parse. */
export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; generation: number; analysis: DocumentAnalysis }>();
  /** The version each document was opened with: only then does it stand for the file on disk. */
  private readonly openedVersions = new Map<string, number>();
  private generation = 0;

  constructor(private context: () => AnalysisContext) {}

  /** Settings or host facts changed: every cached analysis is stale. */
  invalidateAll(): void {
    this.generation += 1;
  }

  opened(document: TextDocument): void {
    this.openedVersions.set(document.uri, document.version);
  }

  get(document: TextDocument): DocumentAnalysis {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.generation === this.generation) return cached.analysis;
    const text = document.getText();
    // Line ends the editor normalised on load; after an edit (the LF conversion included) the user's text wins.
    const savedText = this.openedVersions.get(document.uri) === document.version ? savedTextWithHiddenCrs(document.uri, text) : undefined;
    const analysis = analyzeDocument(text, { fileName: fileNameOf(document.uri), ...(savedText !== undefined ? { savedText } : {}), languageId: document.languageId }, this.context());
    this.entries.set(document.uri, { version: document.version, generation: this.generation, analysis });
    return analysis;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.openedVersions.delete(uri);
  }
}
