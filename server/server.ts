import {
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from './analysisCache';
import { ErrorBoundary } from './errorBoundary';
import { toEngineSettings } from './settings';
import { registerProviders } from './providers';
import { DEFAULT_SETTINGS, type AnalysisContext, type EngineSettings, type HostFacts } from '../engine/language/types';

export interface ServerOptions {
  /** Facts about this host; refreshed in place by `refreshHost`. Tests pass fixed facts. */
  host: HostFacts;
  refreshHost?: (facts: HostFacts) => void;
  /** How long to wait after an edit before publishing diagnostics. */
  debounceMs?: number;
}

export interface ServerState {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  cache: AnalysisCache;
  /** Every handler, event, timer and callback of the server runs through it. */
  boundary: ErrorBoundary;
  context: AnalysisContext;
  debounceMs: number;
}

/** Wires documents, settings and providers onto a connection. Transport-agnostic: main.ts and the tests both call it. */
export function startServer(connection: Connection, options: ServerOptions): ServerState {
  // didOpen arrives unchecked: a URI or text that is not a string would poison the document for every later request.
  const documents = new TextDocuments<TextDocument>({
    create: (uri: unknown, languageId: unknown, version: unknown, text: unknown) =>
      TextDocument.create(String(uri), String(languageId), typeof version === 'number' ? version : 0, typeof text === 'string' ? text : ''),
    update: TextDocument.update,
  });
  let settings: EngineSettings = DEFAULT_SETTINGS;
  const context: AnalysisContext = {
    get settings() {
      return settings;
    },
    host: options.host,
  };
  const cache = new AnalysisCache(() => context);
  const boundary = new ErrorBoundary((message) => connection.console.error(message));
  const state: ServerState = { connection, documents, cache, boundary, context, debounceMs: options.debounceMs ?? 150 };
  let supportsConfiguration = false;

  connection.onInitialize(boundary.request('initialize', (params: InitializeParams): InitializeResult => {
    supportsConfiguration = !!params.capabilities.workspace?.configuration;
    settings = toEngineSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['=', '/', ',', '.', '$', ' '] },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'samepage', version: '0.1.0' },
    };
  }));

  const reloadSettings = boundary.callback('reload settings', async () => {
    if (!supportsConfiguration) return;
    try {
      settings = toEngineSettings(await connection.workspace.getConfiguration('samepage'));
    } catch {
      // the client could not answer: keep the previous settings
    }
    cache.invalidateAll();
    for (const doc of documents.all()) providersApi.schedule(doc);
  });

  connection.onInitialized(boundary.callback('initialized', () => {
    options.refreshHost?.(options.host);
    reloadSettings();
  }));
  connection.onDidChangeConfiguration(boundary.callback('configuration change', reloadSettings));

  const providersApi = registerProviders(state);
  documents.listen(connection);
  return state;
}
