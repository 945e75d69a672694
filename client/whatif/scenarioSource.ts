/**
 * Where the panel's scenario comes from: the one document → scenario function
 * (engine/whatif/documentScenario), run by the language server on the documents it analyses and
 * here on scenario files (JSON, which the server does not get); else the built-in seed scenario.
 */
import * as vscode from 'vscode';
import { scenarioDocumentKind, scenarioFromDocument as readScenario, type DocumentScenario } from '../../engine/whatif/documentScenario';
import { seedScenario } from '../../engine/whatif/seed';
import type { PanelInput } from './panel';

/** Asks the language server for a document's scenario (undefined when it cannot answer). */
export type ServerScenario = (uri: vscode.Uri, label: string) => Promise<DocumentScenario | null | undefined>;

function label(document: vscode.TextDocument): string {
  return vscode.workspace.asRelativePath(document.uri, false);
}

/** What a document stands for as a scenario, read by the engine's one function. */
export async function readDocumentScenario(document: vscode.TextDocument, server: ServerScenario): Promise<DocumentScenario | undefined> {
  const text = document.getText();
  const kind = scenarioDocumentKind(document.fileName, text, document.languageId);
  if (kind === 'scenario') return readScenario({ fileName: document.fileName, text, kind, label: label(document) }, seedScenario());
  return (await server(document.uri, label(document))) ?? undefined;
}

const SEED_SOURCE = { kind: 'default', label: 'built-in seed scenario', canApply: false } as const;

export async function scenarioFromDocument(document: vscode.TextDocument | undefined, server: ServerScenario): Promise<PanelInput> {
  if (!document) return { scenario: seedScenario(), source: SEED_SOURCE, notes: ['No file is open: this is the seed experiment.'] };
  const name = label(document);
  const read = await readDocumentScenario(document, server);
  if (!read) return { scenario: seedScenario(), source: SEED_SOURCE, notes: [`Samepage could not read ${name}; showing the seed scenario.`] };
  if (!read.ok) return { scenario: seedScenario(), source: SEED_SOURCE, notes: [`${read.message}; showing the seed scenario.`] };
  const kind = read.kind === 'scenario' || read.kind === 'ksmtuned' ? read.kind : 'shell';
  return { scenario: read.raw, source: { kind, label: name, canApply: kind !== 'shell', uri: document.uri.toString() }, notes: read.notes };
}
