/**
 * Where the panel's scenario comes from: a scenario JSON file as it is, a ksmtuned.conf or a shell
 * script through the language server's facts (one parser), else the built-in seed scenario.
 */
import * as vscode from 'vscode';
import { applyDocumentFacts } from '../../engine/whatif/fromDocument';
import { seedScenario } from '../../engine/whatif/seed';
import type { ScenarioFactsResult } from '../../server/protocol';
import type { ApplyTarget } from './applyTarget';
import type { PanelInput } from './panel';

export function isScenarioFile(document: vscode.TextDocument): boolean {
  return /\.samepage\.json$/i.test(document.fileName) || (document.languageId === 'json' && /"guests"\s*:/.test(document.getText(new vscode.Range(0, 0, 200, 0))));
}

function label(document: vscode.TextDocument): string {
  return vscode.workspace.asRelativePath(document.uri, false);
}

export async function scenarioFromDocument(
  document: vscode.TextDocument | undefined,
  facts: (uri: vscode.Uri) => Promise<ScenarioFactsResult | undefined>,
): Promise<PanelInput> {
  if (!document) return { scenario: seedScenario(), source: { kind: 'default', label: 'built-in seed scenario', canApply: false }, notes: ['No file is open: this is the seed experiment.'] };
  const name = label(document);
  if (isScenarioFile(document)) {
    let scenario: unknown;
    try {
      scenario = JSON.parse(document.getText());
    } catch (error) {
      return {
        scenario: seedScenario(),
        source: { kind: 'default', label: 'built-in seed scenario', canApply: false },
        notes: [`${name} is not valid JSON (${error instanceof Error ? error.message : String(error)}); showing the seed scenario.`],
      };
    }
    return { scenario, source: { kind: 'scenario', label: name, canApply: true }, target: { kind: 'scenario', uri: document.uri.toString(), label: name }, notes: [] };
  }
  const result = await facts(document.uri);
  if (!result) {
    return { scenario: seedScenario(), source: { kind: 'default', label: 'built-in seed scenario', canApply: false }, notes: [`Samepage could not read ${name}; showing the seed scenario.`] };
  }
  const { scenario, notes } = applyDocumentFacts(seedScenario(), result.facts, name);
  // The seed's name and description would say the seed experiment ran; it is the document's run.
  scenario.name = `What-if of ${name}`;
  scenario.description = `${name} on the seed host: what ${name} does not set comes from the seed scenario.`;
  const kind = result.kind === 'ksmtuned' ? 'ksmtuned' : 'shell';
  if (notes.length === 0) notes.push(`${name} says nothing about guests, ksmtuned or KSM knobs; the rest is the seed scenario.`);
  const target: ApplyTarget | undefined = kind === 'ksmtuned' ? { kind, uri: document.uri.toString(), label: name } : undefined;
  return { scenario, source: { kind, label: name, canApply: target !== undefined }, target, notes };
}
