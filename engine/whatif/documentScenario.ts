/**
 * The one way from a document to a what-if scenario, for `samepage whatif FILE` and for the panel
 * (through the language server): a scenario file is taken as it is, every other kind is read by
 * its capabilities' parsers (documentFacts) and laid over a base scenario. A new kind of document
 * is a new row in SCENARIO_READERS.
 */
import { detectKind, type DocumentKind } from '../language/documentKind';
import { LineIndex } from '../text/lineIndex';
import { documentFacts } from './documentFacts';
import { applyDocumentFacts, type DocumentFacts } from './fromDocument';
import type { Scenario } from './scenario';

export type ScenarioDocumentKind = 'scenario' | DocumentKind;

export interface ScenarioDocument {
  fileName: string;
  text: string;
  kind: ScenarioDocumentKind;
  /** How notes name the document (a path relative to the workspace in the editor). */
  label: string;
}

export type DocumentScenario =
  | {
      ok: true;
      kind: ScenarioDocumentKind;
      /** The scenario to validate: a scenario file as written, or the base with the document's facts. */
      raw: unknown;
      /** What was taken from the document, assumed or left out. */
      notes: string[];
      /** What the document says (ksmtuned values and where they are written, for Apply). */
      facts: DocumentFacts;
    }
  | { ok: false; kind: ScenarioDocumentKind; message: string };

type ScenarioReader = (doc: ScenarioDocument, base: Scenario) => DocumentScenario;

const fromScenarioFile: ScenarioReader = (doc) => {
  try {
    return { ok: true, kind: doc.kind, raw: JSON.parse(doc.text), notes: [], facts: {} };
  } catch (error) {
    return { ok: false, kind: doc.kind, message: `${doc.label} is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
};

const fromFacts: ScenarioReader = (doc, base) => {
  const kind = doc.kind as DocumentKind;
  const facts = documentFacts({ fileName: doc.fileName, text: doc.text, kind, index: new LineIndex(doc.text) });
  const { scenario, notes } = applyDocumentFacts(base, facts, doc.label);
  if (notes.length === 0) notes.push(`${doc.label} says nothing about guests, ksmtuned or KSM knobs; the rest is the base scenario`);
  return { ok: true, kind, raw: scenario, notes, facts };
};

const unknownKind: ScenarioReader = (doc) => ({
  ok: false,
  kind: doc.kind,
  message: `${doc.label} is not a scenario (*.json), a ksmtuned.conf, a shell script, a systemd unit, Markdown, sysfs.conf or tmpfiles.d file`,
});

/** How each kind of document becomes a scenario. */
export const SCENARIO_READERS: Record<ScenarioDocumentKind, ScenarioReader> = {
  scenario: fromScenarioFile,
  ksmtuned: fromFacts,
  shell: fromFacts,
  'systemd-unit': fromFacts,
  markdown: fromFacts,
  'sysfs-conf': fromFacts,
  tmpfiles: fromFacts,
  unknown: unknownKind,
};

/** A scenario file is JSON: by name, or by content for a file without a telling name. */
export function scenarioDocumentKind(fileName: string, text: string, languageId?: string): ScenarioDocumentKind {
  if (/\.json$/i.test(fileName) || languageId === 'json' || text.trimStart().startsWith('{')) return 'scenario';
  return detectKind(fileName, text, languageId);
}

export function scenarioFromDocument(doc: ScenarioDocument, base: Scenario): DocumentScenario {
  return SCENARIO_READERS[doc.kind](doc, base);
}
