import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis } from '../engine/language/analyze';
import type { ServerState } from './server';

/** Every request about one document: the open document and its cached analysis, or `none` when the client names a document the server does not have. */
export function withAnalysis<T>(state: ServerState, uri: unknown, none: T, answer: (doc: TextDocument, analysis: DocumentAnalysis) => T): T {
  const doc = typeof uri === 'string' ? state.documents.get(uri) : undefined;
  return doc ? answer(doc, state.cache.get(doc)) : none;
}
