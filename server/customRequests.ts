import type { ServerState } from './server';
import { documentFacts } from '../engine/whatif/documentFacts';
import { SCENARIO_FACTS_REQUEST, type ScenarioFactsParams, type ScenarioFactsResult } from './protocol';
import { fileNameOfUri } from './uri';

/**
 * Samepage's own requests beyond LSP (for the what-if panel and commands). Each capability adds
 * its handler here; request names and payload types live in server/protocol.ts.
 */
export function registerCustomRequests(state: ServerState): void {
  // What an open document says about a what-if scenario, read with the same parsers as diagnostics.
  state.connection.onRequest(
    SCENARIO_FACTS_REQUEST,
    state.boundary.request('scenario facts', (params: ScenarioFactsParams): ScenarioFactsResult | null => {
      const uri = params && typeof params.uri === 'string' ? params.uri : undefined;
      const doc = uri ? state.documents.get(uri) : undefined;
      if (!doc) return null;
      const analysis = state.cache.get(doc);
      try {
        return { kind: analysis.kind, facts: documentFacts({ fileName: fileNameOfUri(doc.uri), text: doc.getText(), kind: analysis.kind, index: analysis.index }) };
      } catch {
        return { kind: analysis.kind, facts: {} };
      }
    }),
  );
}
