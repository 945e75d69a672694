import type { AnalysisContext, DocumentFeatures } from './types';
import type { DocumentKind } from './documentKind';
import type { LineIndex } from '../text/lineIndex';

export interface SourceDocument {
  fileName: string;
  text: string;
  kind: DocumentKind;
  index: LineIndex;
}

/** One capability's view of a document (ksmtuned conf, QEMU command lines, sysfs writes, ...). */
export type Analyzer = (doc: SourceDocument, ctx: AnalysisContext) => DocumentFeatures;
