import type { ServerState } from './server';

/**
 * Samepage's own requests beyond LSP (for the what-if panel and commands). Each capability adds
 * its handler here; request names and payload types live in server/protocol.ts.
 */
export function registerCustomRequests(state: ServerState): void {
  void state;
}
