/**
 * Where the panel's scenario comes from: the one document → scenario function
 * (engine/whatif/documentScenario), run by the language server on the documents it analyses and
 * here on scenario files (JSON, which the server does not get); else the built-in seed scenario.
 */
import * as vscode from 'vscode';
import { scenarioDocumentKind, scenarioFromDocument as readScenario, type DocumentScenario } from '../../engine/whatif/documentScenario';
import type { DocumentFacts } from '../../engine/whatif/fromDocument';
import type { Scenario } from '../../engine/whatif/scenario';
import { seedScenario } from '../../engine/whatif/seed';
import type { ApplyTarget } from './applyTarget';
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
  if (kind !== 'scenario') {
    // Laid over the seed, whose name and description would say the seed experiment ran.
    const scenario = read.raw as Scenario;
    scenario.name = `What-if of ${name}`;
    scenario.description = `${name} on the seed host: what ${name} does not set comes from the seed scenario.`;
  }
  // Apply writes only where it can: a scenario file, the ksmtuned values of a conf, a shell script's KSM writes.
  const target: ApplyTarget | undefined = kind === 'shell' && read.kind !== 'shell' ? undefined : { kind, uri: document.uri.toString(), label: name };
  return { scenario: read.raw, source: { kind, label: name, canApply: target !== undefined }, target, notes: [...read.notes, ...valueFindings(document, read.facts)] };
}

/**
 * The findings on the ksmtuned values the scenario takes from the document (KSM_THRES_COEF=08:
 * "a leading 0 makes bash read an octal number..."), so the panel says why a value it shows as
 * written behaves as it does. Read from the diagnostics VS Code already has for the document.
 */
function valueFindings(document: vscode.TextDocument, facts: DocumentFacts): string[] {
  const diagnostics = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'samepage');
  return Object.entries(facts.ksmtunedAssignments ?? {}).flatMap(([name, at]) => {
    if (!at) return [];
    const value = new vscode.Range(document.positionAt(at.start), document.positionAt(at.end));
    return diagnostics.filter((d) => d.range.intersection(value)).map((d) => `${name} (line ${value.start.line + 1}): ${d.message}`);
  });
}
