/**
 * Browser side of the what-if panel. Holds an editable copy of the scenario, asks the extension
 * to run it (message 'run'), and shows each result as words, charts and a plain table. Every
 * message from the extension is checked by parseToWebview before use; state is persisted with
 * setState so a reload (or the panel serializer) restores it.
 */
import type uPlot from 'uplot';
import { CHARTS, buildChart } from './charts';
import { clear, el } from './dom';
import { buildForm } from './form';
import { controllerSection, knobWritesSection } from './controllers';
import { SuggestionsPanel } from './suggestions';
import { parsePersistedState, parseToWebview, type Ranges, type RunView, type Slot, type SourceInfo, type ToHost } from './protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: ToHost) => vscode.postMessage(message);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let scenario: Record<string, any> | undefined;
let source: SourceInfo = { kind: 'default', label: 'built-in seed scenario', canApply: false };
let ranges: Ranges = {};
let notes: string[] = [];
const runs: Partial<Record<Slot, RunView>> = {};
let running: { slot: Slot; runId: number; fraction: number } | undefined;
let status = '';
let charts: uPlot[] = [];

const restored = parsePersistedState(vscode.getState());
if (restored) {
  scenario = restored.scenario as Record<string, unknown>;
  source = restored.source;
  Object.assign(runs, restored.runs);
}

function persist(): void {
  if (scenario) vscode.setState({ v: 1, scenario, source, runs });
}

function scenarioChanged(structural: boolean): void {
  persist();
  post({ type: 'stateChanged', scenario: scenario! });
  // Rebuilding the form would move keyboard focus, so only add/remove of a guest group does it.
  if (structural) renderForm();
}

function button(text: string, onClick: () => void, options: { primary?: boolean; disabled?: boolean; title?: string } = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', class: options.primary ? 'primary' : 'secondary', text, title: options.title });
  if (options.disabled) b.disabled = true;
  b.addEventListener('click', onClick);
  return b;
}

const app = document.getElementById('app')!;
const suggestions = new SuggestionsPanel(post, () => scenario, () => source.canApply);
const header = el('header');
const formHost = el('section', { class: 'form-host', 'aria-label': 'Scenario editor' });
const toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'What-if actions' });
const summaryHost = el('section', { class: 'summary', 'aria-live': 'polite', 'aria-label': 'Result in words' });
const chartHost = el('section', { class: 'charts', 'aria-label': 'Charts' });
const tableHost = el('section', { class: 'table-host' });

function renderHeader(): void {
  clear(header);
  header.append(
    el('h1', { text: typeof scenario?.name === 'string' ? scenario.name : 'What-if' }),
    el('p', { class: 'source', text: `Source: ${source.label}` }),
    ...notes.map((n) => el('p', { class: 'note', text: n })),
  );
}

function renderForm(): void {
  clear(formHost);
  if (scenario) formHost.append(controllerSection(scenario, () => scenarioChanged(true), (under) => post({ type: 'run', slot: 'b', scenario: under }), running !== undefined), buildForm(scenario, ranges, scenarioChanged));
}

function renderToolbar(): void {
  clear(toolbar);
  const busy = running !== undefined;
  toolbar.append(
    button('Run what-if', () => post({ type: 'run', slot: 'a', scenario: scenario! }), { primary: true, disabled: !scenario || busy }),
    button('Run as B', () => post({ type: 'run', slot: 'b', scenario: scenario! }), { disabled: !scenario || busy, title: 'Run the edited scenario as the comparison (B), to compare any two' }),
    button('Compare with distribution defaults', () => post({ type: 'compareDefaults', scenario: scenario! }), { disabled: !scenario || busy }),
    button('Cancel', () => post({ type: 'cancel' }), { disabled: !busy }),
    button('Export CSV', () => post({ type: 'export', slot: 'a', format: 'csv' }), { disabled: !runs.a }),
    button('Export JSON', () => post({ type: 'export', slot: 'a', format: 'json' }), { disabled: !runs.a }),
    button('Export B (CSV)', () => post({ type: 'export', slot: 'b', format: 'csv' }), { disabled: !runs.b }),
    button('Apply to file', () => post({ type: 'apply', scenario: scenario! }), { disabled: !source.canApply || !scenario, title: source.canApply ? `Write the edited values into ${source.label} (undoable)` : 'Only ksmtuned.conf and scenario files can be written' }),
    button('Import this host', () => post({ type: 'importHost' })),
  );
  if (running) {
    const progress = el('progress', { max: '1', 'aria-label': 'Simulation progress' });
    progress.value = running.fraction;
    toolbar.append(progress);
  }
  if (status) toolbar.append(el('span', { class: 'status', role: 'status', text: status }));
}

function renderSummary(): void {
  clear(summaryHost);
  for (const slot of ['a', 'b'] as const) {
    const run = runs[slot];
    const card = el('article', { class: `run run-${slot}`, 'aria-label': slot === 'a' ? 'Run A' : 'Run B' });
    card.append(el('h2', { text: `${slot === 'a' ? 'A' : 'B'}: ${run ? run.label : slot === 'a' ? 'not run yet' : 'no comparison yet'}` }));
    if (run) {
      card.append(el('p', { class: 'headline', text: `${run.savedGiB.toFixed(2)} GiB saved` }));
      for (const s of run.sentences) card.append(el('p', { text: s }));
      const writes = knobWritesSection(run);
      if (writes) card.append(writes);
    }
    summaryHost.append(card);
  }
}

function renderCharts(): void {
  for (const c of charts) c.destroy();
  charts = [];
  clear(chartHost);
  if (!runs.a && !runs.b) return;
  const width = Math.max(320, Math.min(900, (chartHost.clientWidth || app.clientWidth || 800) - 16));
  for (const spec of CHARTS) {
    const box = el('figure', { class: 'chart', id: `chart-${spec.id}`, role: 'img', 'aria-label': `${spec.title}; the numbers are in the table below` });
    chartHost.append(box);
    charts.push(buildChart(spec, box, runs.a, runs.b, width));
  }
}

function renderTable(): void {
  clear(tableHost);
  const entries = (['a', 'b'] as const).filter((s) => runs[s]);
  if (entries.length === 0) return;
  const details = el('details', {}, el('summary', { text: 'Table of the plotted numbers' }));
  for (const slot of entries) {
    const run = runs[slot]!;
    const table = el('table', { class: 'data' }, el('caption', { text: `${slot.toUpperCase()}: ${run.label}` }));
    const cols: Array<[string, number[]]> = [
      ['t (s)', run.series.t],
      ['saved GiB', run.series.savedGiB],
      ['pages_shared', run.series.pages_shared],
      ['pages_sharing', run.series.pages_sharing],
      ['pages_unshared', run.series.pages_unshared],
      ['pages_volatile', run.series.pages_volatile],
      ['pages_to_scan', run.series.pages_to_scan],
      ['ksmd CPU %', run.series.ksmdCpuPercent],
      ['free GiB', run.series.freeGiB],
    ];
    table.append(el('thead', {}, el('tr', {}, ...cols.map(([h]) => el('th', { scope: 'col', text: h })))));
    const body = el('tbody');
    const step = Math.max(1, Math.ceil(run.series.t.length / 200));
    for (let i = 0; i < run.series.t.length; i += step) body.append(el('tr', {}, ...cols.map(([, c]) => el('td', { text: String(c[i]) }))));
    table.append(body);
    details.append(table);
  }
  tableHost.append(details);
}

function renderAll(): void {
  renderHeader();
  renderToolbar();
  renderForm();
  renderSummary();
  renderCharts();
  renderTable();
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseToWebview(event.data);
  if (!message) return; // not ours, or malformed: ignored
  switch (message.type) {
    case 'init':
      if (!message.keepResults || !scenario) scenario = structuredClone(message.scenario) as Record<string, unknown>;
      source = message.source;
      ranges = message.ranges;
      notes = message.notes;
      if (!message.keepResults) {
        delete runs.a;
        delete runs.b;
      }
      status = '';
      persist();
      app.setAttribute('aria-busy', 'false');
      renderAll();
      return;
    case 'running':
      running = { slot: message.slot, runId: message.runId, fraction: 0 };
      status = 'Simulating…';
      renderToolbar();
      return;
    case 'progress':
      if (running && running.runId === message.runId) {
        running.fraction = message.fraction;
        const bar = toolbar.querySelector('progress');
        if (bar) bar.value = message.fraction;
      }
      return;
    case 'result':
      runs[message.slot] = message.run;
      persist();
      if (running?.runId === message.runId) running = undefined;
      status = `Run ${message.slot.toUpperCase()} finished.`;
      renderToolbar();
      renderSummary();
      renderCharts();
      renderTable();
      document.body.dataset.result = 'ready'; // lets tests wait for a rendered result
      return;
    case 'error':
      running = undefined;
      status = message.message;
      renderToolbar();
      return;
    case 'applied':
      status = message.message;
      renderToolbar();
      return;
    case 'suggestProgress':
      suggestions.onProgress(message.done, message.total);
      return;
    case 'suggestion':
      suggestions.onSuggestion(message.advice);
      return;
  }
});

// Theme change: VS Code swaps the body class; chart colours are re-read by rebuilding the charts.
new MutationObserver(() => renderCharts()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(renderCharts, 150);
});

clear(app);
app.append(header, toolbar, summaryHost, chartHost, suggestions.host, tableHost, formHost);
suggestions.render();
if (scenario) renderAll();
post({ type: 'ready' });
