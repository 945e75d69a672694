/**
 * Samepage's own requests between the extension and the language server (beyond LSP), with their
 * payload types. Both sides import this module; nothing else crosses the boundary.
 */
import type { DocumentFacts } from '../engine/whatif/fromDocument';

/** What the document at `uri` says about a what-if scenario (ksmtuned values, QEMU guests, KSM knobs). */
export const SCENARIO_FACTS_REQUEST = 'samepage/scenarioFacts';

export interface ScenarioFactsParams {
  uri: string;
}

export interface ScenarioFactsResult {
  /** The document kind the server detected (ksmtuned, shell, sysfs-conf, ...). */
  kind: string;
  facts: DocumentFacts;
}
