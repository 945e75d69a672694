/**
 * Samepage's own requests between the extension and the language server (beyond LSP), typed with
 * their results (null included). Both sides import this module; nothing else crosses the boundary.
 *
 * The RequestType objects come from the client's protocol library (vscode-languageclient), whose
 * sendRequest needs its own instances; vscode-languageserver carries an older vscode-jsonrpc, so the
 * server registers by `method` with handlers typed through RequestParams/RequestResult.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { DocumentScenario } from '../engine/whatif/documentScenario';

export type RequestParams<T> = T extends RequestType<infer P, unknown, unknown> ? P : never;
export type RequestResult<T> = T extends RequestType<unknown, infer R, unknown> ? R : never;

/**
 * The client command a quick fix runs to set a document's line ends (arguments: document URI, 'LF'):
 * VS Code keeps one line-end style per document, so deleting each CR as a text edit cannot work.
 */
export const SET_END_OF_LINE_COMMAND = 'samepage.setEndOfLine';

/** The client command a completion item runs to move the cursor (arguments: document URI, LSP range). */
export const REVEAL_RANGE_COMMAND = 'samepage.revealRange';

export interface DocumentScenarioParams {
  uri: string;
  /** How the notes name the document (the editor shows workspace-relative paths). */
  label: string;
}

/** The what-if scenario an open document stands for (engine/whatif/documentScenario); null when the server does not have the document. */
export const DocumentScenarioRequest = new RequestType<DocumentScenarioParams, DocumentScenario | null, void>('samepage/documentScenario');
