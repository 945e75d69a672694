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

export interface DocumentScenarioParams {
  uri: string;
  /** How the notes name the document (the editor shows workspace-relative paths). */
  label: string;
}

/** The what-if scenario an open document stands for (engine/whatif/documentScenario); null when the server does not have the document. */
export const DocumentScenarioRequest = new RequestType<DocumentScenarioParams, DocumentScenario | null, void>('samepage/documentScenario');
