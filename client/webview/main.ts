/**
 * Browser side of the what-if panel. Holds an editable copy of the scenario, asks the extension
 * to run it (message 'run'), and shows each result as words, charts and a plain table. Every
 * message from the extension is checked by parseToWebview before use; state is persisted with
 * setState so a reload (or the panel serializer) restores it. A result stays on screen, dimmed,
 * while it is out of date or being replaced, and survives a cancel.
 */
import type uPlot from 'uplot';
import { CHARTS, buildChart } from './charts';
import { comparisonSentence } from './compare';
import { clear, el } from './dom';
import { buildForm } from './form';
import { controllerSection, knobWritesSection } from './controllers';
import { figuresSection } from './figures';
import { SuggestionsPanel } from './suggestions';
import { parsePersistedState, parseToWebview, type FormKnowledge, type SourceInfo, type ToHost } from './protocol';
import { cancelled, dimmed, edited, emptyRunState, failed, finished, progressed, progressText, started } from './runState';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: ToHost) => vscode.postMessage(message);

type Json = Record<string, any>;
let scenario: Json | undefined;
let panelId: string | undefined;
let source: SourceInfo = { kind: 'default', label: 'built-in seed scenario', canApply: false };
let form: FormKnowledge = { ranges: {}, profiles: [], defaultProfile: '', ksmtunedVariables: [], knobs: [] };
let notes: string[] = [];
const state = emptyRunState();
let charts: uPlot[] = [];

const restored = parsePersistedState(vscode.getState());
if (restored) {
  scenario = restored.scenario as Json;
  panelId = restored.panelId;
  source = restored.source;
  Object.assign(state.runs, restored.runs);
}

function persist(): void {
  if (scenario) vscode.setState({ v: 1, panelId, scenario, source, runs: state.runs });
}

function scenarioChanged(structural: boolean): void {
  edited(state);
  persist();
  post({ type: 'stateChanged', scenario: scenario! });
  // Rebuilding the form would move keyboard focus, so only add/remove of a guest group does it.
  if (structural) renderForm();
  renderResults();
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
const statusLine = el('p', { class: 'status', role: 'status' });
const summaryHost = el('section', { class: 'summary', 'aria-live': 'polite', 'aria-label': 'Result in words' });
const comparisonHost = el('p', { class: 'comparison' });
const chartHost = el('section', { class: 'charts', 'aria-label': 'Charts' });
const tableHost = el('section', { class: 'table-host' });

/** The heading names the source the scenario came from, not the seed it was laid over. */
function heading(): string {
  if (source.kind === 'ksmtuned' || source.kind === 'shell') return `What-if of ${source.label}`;
  if (source.kind === 'host') return 'What-if of this host';
  return typeof scenario?.name === 'string' && scenario.name ? scenario.name : 'What-if';
}

function renderHeader(): void {
  clear(header);
  header.append(el('h1', { text: heading() }), el('p', { class: 'source', text: `Source: ${source.label}` }));
  if (typeof scenario?.description === 'string' && scenario.description) header.append(el('p', { class: 'note', text: scenario.description }));
  for (const n of notes) header.append(el('p', { class: 'note', text: n }));
}

function renderForm(): void {
  clear(formHost);
  if (scenario) formHost.append(controllerSection(scenario, () => scenarioChanged(true), (under) => post({ type: 'run', slot: 'b', scenario: under }), state.running !== undefined), buildForm(scenario, form, scenarioChanged));
}

function renderToolbar(): void {
  clear(toolbar);
  const busy = state.running !== undefined;
  const { runs } = state;
  toolbar.append(
    button('Run what-if', () => post({ type: 'run', slot: 'a', scenario: scenario! }), { primary: true, disabled: !scenario || busy }),
    button('Run as B', () => post({ type: 'run', slot: 'b', scenario: scenario! }), { disabled: !scenario || busy, title: 'Run the edited scenario as the comparison (B), to compare any two' }),
    button('Compare with distribution defaults', () => post({ type: 'compareDefaults', scenario: scenario! }), { disabled: !scenario || busy }),
    button('Cancel', () => post({ type: 'cancel' }), { disabled: !busy }),
    button('Export CSV', () => post({ type: 'export', slot: 'a', format: 'csv' }), { disabled: !runs.a }),
    button('Export JSON', () => post({ type: 'export', slot: 'a', format: 'json' }), { disabled: !runs.a }),
    button('Export B (CSV)', () => post({ type: 'export', slot: 'b', format: 'csv' }), { disabled: !runs.b }),
    button('Apply to file', () => post({ type: 'apply', scenario: scenario! }), { disabled: !source.canApply || !scenario, title: source.canApply ? `Write the edited values into ${source.label} (undoable)` : 'Only ksmtuned.conf, shell scripts and scenario files can be written' }),
    button('Import this host', () => post({ type: 'importHost' })),
  );
  if (state.running) {
    // No value while the guests are built: an indeterminate bar that moves from the first moment.
    const progress = el('progress', { max: '1', 'aria-label': 'Simulation progress' });
    if (state.running.phase === 'simulating') progress.value = state.running.fraction;
    toolbar.append(progress);
  }
  renderStatus();
}

function renderStatus(): void {
  statusLine.textContent = state.running ? `${progressText(state.running)} ${state.status}` : state.status;
}

function renderSummary(): void {
  clear(summaryHost);
  for (const slot of ['a', 'b'] as const) {
    const run = state.runs[slot];
    const name = slot.toUpperCase();
    const card = el('article', { class: `run run-${slot}${run && dimmed(state, slot) ? ' dimmed' : ''}`, 'aria-label': `Run ${name}` });
    card.append(el('h2', { text: `${name}: ${run ? run.label : slot === 'a' ? 'not run yet' : 'no comparison yet'}` }));
    if (run && state.stale[slot]) card.append(el('p', { class: 'badge', text: 'Out of date: the scenario was edited after this run. Run it again to update.' }));
    else if (run && state.running?.slot === slot) card.append(el('p', { class: 'badge', text: 'Being replaced by the run in progress.' }));
    if (run) {
      card.append(el('p', { class: 'headline', text: `${run.savedGiB.toFixed(2)} GiB saved` }));
      for (const s of run.sentences) card.append(el('p', { text: s }));
      card.append(figuresSection(run));
      const writes = knobWritesSection(run);
      if (writes) card.append(writes);
    }
    summaryHost.append(card);
  }
  comparisonHost.textContent = comparisonSentence(state.runs.a, state.runs.b) ?? '';
}

let chartWidth = 0;
function renderCharts(): void {
  for (const c of charts) c.destroy();
  charts = [];
  clear(chartHost);
  const { a, b } = state.runs;
  if (!a && !b) return;
  // The full width of the panel; uPlot's width is the canvas, so the figure's padding is taken off.
  chartWidth = chartHost.clientWidth;
  const width = Math.max(280, chartWidth - 4);
  const dim = { a: dimmed(state, 'a'), b: dimmed(state, 'b') };
  for (const spec of CHARTS) {
    const box = el('figure', { class: 'chart', id: `chart-${spec.id}`, role: 'img', 'aria-label': `${spec.title}; the numbers are in the table below` });
    chartHost.append(box);
    charts.push(buildChart(spec, box, { a, b, dim }, width));
  }
}

function renderTable(): void {
  clear(tableHost);
  const entries = (['a', 'b'] as const).filter((s) => state.runs[s]);
  if (entries.length === 0) return;
  const details = el('details', {}, el('summary', { text: 'Table of the plotted numbers' }));
  for (const slot of entries) {
    const run = state.runs[slot]!;
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
      ['generalProfitBytes (GiB)', run.series.generalProfitGiB],
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

/** Everything that shows results: redrawn when a result arrives, is cancelled or goes out of date. */
function renderResults(): void {
  renderToolbar();
  renderSummary();
  renderCharts();
  renderTable();
}

function renderAll(): void {
  renderHeader();
  renderForm();
  renderResults();
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseToWebview(event.data);
  if (!message) return; // not ours, or malformed: ignored
  switch (message.type) {
    case 'init':
      if (!message.keepResults || !scenario) scenario = structuredClone(message.scenario) as Json;
      panelId = message.panelId;
      source = message.source;
      form = message.form;
      notes = message.notes;
      if (!message.keepResults) {
        delete state.runs.a;
        delete state.runs.b;
        state.stale = {};
        state.status = '';
      }
      persist();
      app.setAttribute('aria-busy', 'false');
      renderAll();
      return;
    case 'running':
      started(state, message.slot, message.runId);
      renderResults();
      return;
    case 'progress':
      if (progressed(state, message.runId, message.phase, message.fraction)) {
        const bar = toolbar.querySelector('progress');
        if (bar && message.phase === 'simulating') bar.value = message.fraction;
        renderStatus();
      }
      return;
    case 'result':
      finished(state, message.slot, message.runId, message.run);
      persist();
      renderResults();
      document.body.dataset.result = 'ready'; // lets tests wait for a rendered result
      return;
    case 'cancelled':
      cancelled(state, message.slot, message.runId);
      renderResults();
      return;
    case 'error':
      failed(state, message.message);
      renderResults();
      return;
    case 'notice':
      state.status = message.message;
      renderStatus();
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
// The charts follow the panel's width (a resized or split editor group), redrawn once it settles.
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  if (Math.abs(chartHost.clientWidth - chartWidth) < 8) return;
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(renderCharts, 150);
}).observe(chartHost);

clear(app);
app.append(header, toolbar, statusLine, summaryHost, comparisonHost, chartHost, suggestions.host, tableHost, formHost);
suggestions.render();
if (scenario) renderAll();
post({ type: 'ready' });
