import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startServer } from '../../server/server';
import type { HostFacts } from '../../engine/language/types';

/**
 * A real language server and a real JSON-RPC client joined by two in-memory streams: every request
 * is serialised, framed and parsed exactly as over IPC, without a child process.
 */
export class LspHarness {
  readonly client: MessageConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: Array<{ uri: string; resolve: (d: Diagnostic[]) => void; predicate: (p: PublishDiagnosticsParams) => boolean }> = [];
  private version = 0;
  settings: unknown = {};

  constructor(host: HostFacts = {}) {
    const up = new PassThrough();
    const down = new PassThrough();
    const serverConnection = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
    startServer(serverConnection, { host, debounceMs: 5 });
    serverConnection.listen();
    this.client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    this.client.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.predicate(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params.diagnostics);
        }
      }
    });
    this.client.onRequest('workspace/configuration', () => [this.settings]);
    this.client.onRequest('client/registerCapability', () => null);
    this.client.listen();
  }

  async initialize(): Promise<unknown> {
    const result = await this.client.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: { settings: this.settings },
    });
    await this.client.sendNotification('initialized', {});
    return result;
  }

  /** Opens a document and resolves with its first diagnostics. */
  open(uri: string, text: string, languageId = 'ksmtuned'): Promise<Diagnostic[]> {
    const version = ++this.version;
    const diagnostics = this.nextDiagnostics(uri, (p) => p.version === version);
    void this.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return diagnostics;
  }

  /** Replaces the whole text and resolves with the diagnostics of the new version. */
  change(uri: string, text: string): Promise<Diagnostic[]> {
    const version = ++this.version;
    const diagnostics = this.nextDiagnostics(uri, (p) => p.version === version);
    void this.client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return diagnostics;
  }

  nextDiagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.waiters.push({ uri, resolve, predicate }));
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.client.sendRequest(method, params) as Promise<R>;
  }

  dispose(): void {
    this.client.dispose();
  }
}
