import type { AnalysisContext, DocumentFeatures } from './types';
import type { DocumentKind } from './documentKind';
import type { LineIndex } from '../text/lineIndex';

export interface SourceDocument {
  fileName: string;
  text: string;
  kind: DocumentKind;
  index: LineIndex;
  /**
   * The saved file, when it differs from `text` only in line ends: an editor that normalised
   * mixed CRLF/LF line ends on load shows LF, while bash reads the CRs on disk.
   */
  savedText?: string;
}

/** One capability's view of a document (ksmtuned conf, QEMU command lines, sysfs writes, ...). */
export type Analyzer = (doc: SourceDocument, ctx: AnalysisContext) => DocumentFeatures;
