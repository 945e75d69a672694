import {
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from './analysisCache';
import { VERSION } from '../engine/version';
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
  context: AnalysisContext;
  debounceMs: number;
}

/** Wires documents, settings and providers onto a connection. Transport-agnostic: main.ts and the tests both call it. */
export function startServer(connection: Connection, options: ServerOptions): ServerState {
  const documents = new TextDocuments(TextDocument);
  let settings: EngineSettings = DEFAULT_SETTINGS;
  const context: AnalysisContext = {
    get settings() {
      return settings;
    },
    host: options.host,
  };
  const cache = new AnalysisCache(() => context);
  const state: ServerState = { connection, documents, cache, context, debounceMs: options.debounceMs ?? 150 };
  let supportsConfiguration = false;

  connection.onInitialize((params): InitializeResult => {
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
      serverInfo: { name: 'samepage', version: VERSION },
    };
  });

  const reloadSettings = async () => {
    if (!supportsConfiguration) return;
    try {
      settings = toEngineSettings(await connection.workspace.getConfiguration('samepage'));
    } catch {
      // the client could not answer: keep the previous settings
    }
    cache.invalidateAll();
    for (const doc of documents.all()) providersApi.schedule(doc);
  };

  connection.onInitialized(() => {
    options.refreshHost?.(options.host);
    void reloadSettings();
  });
  connection.onDidChangeConfiguration(() => void reloadSettings());

  const providersApi = registerProviders(state);
  documents.listen(connection);
  return state;
}
