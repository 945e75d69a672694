import type { ServerState } from './server';
import { scenarioFromDocument } from '../engine/whatif/documentScenario';
import { seedScenario } from '../engine/whatif/seed';
import { DocumentScenarioRequest, type RequestParams, type RequestResult } from './protocol';
import { withAnalysis } from './documents';
import { fileNameOf } from './uri';

type Params = RequestParams<typeof DocumentScenarioRequest>;
type Result = RequestResult<typeof DocumentScenarioRequest>;

/**
 * Samepage's own requests beyond LSP (for the what-if panel and commands). Each capability adds
 * its handler here; request types live in server/protocol.ts.
 */
export function registerCustomRequests(state: ServerState): void {
  // The panel's scenario, read with the same parsers as diagnostics and the CLI's `samepage whatif FILE`.
  state.connection.onRequest<Result, void>(DocumentScenarioRequest.method, (params: Partial<Params> | undefined): Result =>
    withAnalysis(state, params?.uri, null, (doc, analysis) => {
      const fileName = fileNameOf(doc.uri);
      const label = typeof params?.label === 'string' ? params.label : fileName;
      return scenarioFromDocument({ fileName, text: doc.getText(), kind: analysis.kind, label }, seedScenario());
    }),
  );
}
