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

function factsOf(doc: ScenarioDocument): DocumentFacts {
  return documentFacts({ fileName: doc.fileName, text: doc.text, kind: doc.kind as DocumentKind, index: new LineIndex(doc.text) });
}

function withFacts(kind: ScenarioDocumentKind, facts: DocumentFacts, base: Scenario, label: string): DocumentScenario {
  const { scenario, notes } = applyDocumentFacts(base, facts, label);
  if (notes.length === 0) notes.push(`${label} says nothing about guests, ksmtuned or KSM knobs; the rest is the base scenario`);
  return { ok: true, kind, raw: scenario, notes, facts };
}

const fromFacts: ScenarioReader = (doc, base) => withFacts(doc.kind, factsOf(doc), base, doc.label);

const unknownKind: ScenarioReader = (doc) => ({
  ok: false,
  kind: doc.kind,
  message: `${doc.label} is not a scenario (*.json), a ksmtuned.conf, a shell script, a systemd unit, Markdown, sysfs.conf, tmpfiles.d file, libvirt domain XML or Proxmox VM config`,
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
  'libvirt-domain': fromFacts,
  'proxmox-vm': fromFacts,
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

/** Kinds that each describe one guest, so a folder of them (/etc/libvirt/qemu, /etc/pve/qemu-server, /run/libvirt/qemu) is a host's guests. */
export const GUEST_DOCUMENT_KINDS: readonly ScenarioDocumentKind[] = ['libvirt-domain', 'proxmox-vm'];

/**
 * A folder of guest definitions: each file read as scenarioFromDocument reads it, the guests of
 * all of them together laid over the base scenario. Files of other kinds are named in the notes.
 */
export function scenarioFromGuestDocuments(docs: ScenarioDocument[], base: Scenario, label: string): DocumentScenario {
  const facts: DocumentFacts = { guests: [], guestsLeftOut: [] };
  const skipped: string[] = [];
  for (const doc of docs) {
    if (!GUEST_DOCUMENT_KINDS.includes(doc.kind)) {
      skipped.push(doc.label);
      continue;
    }
    const one = factsOf(doc);
    facts.guests!.push(...(one.guests ?? []));
    facts.guestsLeftOut!.push(...(one.guestsLeftOut ?? []));
    facts.guestsFrom = one.guestsFrom;
  }
  if (facts.guests!.length === 0 && facts.guestsLeftOut!.length === 0) {
    return { ok: false, kind: 'unknown', message: `${label} holds no libvirt domain XML or Proxmox VM config` };
  }
  const read = withFacts(docs.find((d) => GUEST_DOCUMENT_KINDS.includes(d.kind))!.kind, facts, base, label);
  if (read.ok && skipped.length) read.notes.push(`not guest definitions, left out: ${skipped.slice(0, 10).join(', ')}${skipped.length > 10 ? ` and ${skipped.length - 10} more` : ''}`);
  return read;
}
