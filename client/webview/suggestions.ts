/**
 * "Suggest settings": starts the settings search (the host runs `samepage tune`'s search), plots the
 * saved-memory-versus-ksmd-CPU frontier with the current settings marked, lets the user pick a
 * point, and Apply writes the picked values into the source file (the host's one undoable edit).
 * The advice in the controller's own format is shown to copy.
 */
import { setScenarioValue } from '../../engine/whatif/setValue';
import { clear, el } from './dom';
import type { SuggestionPoint, SuggestionView, ToHost } from './protocol';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag: string, attrs: Record<string, string>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

const describe = (p: SuggestionPoint) => Object.entries(p.settings).map(([k, v]) => `${k}=${v}`).join(' ') || 'as given';

/** A scatter of saved GiB against CPU %: frontier points as circles, the current settings as a square. */
function frontierPlot(s: SuggestionView, picked: number): SVGElement {
  const W = 420;
  const H = 220;
  const pad = 40;
  const all = [...s.frontier, s.current];
  const maxX = Math.max(1, ...all.map((p) => p.ksmdCpuPercent)) * 1.1;
  const maxY = Math.max(0.01, ...all.map((p) => p.savedGiB)) * 1.1;
  const x = (v: number) => pad + (v / maxX) * (W - 2 * pad);
  const y = (v: number) => H - pad - (v / maxY) * (H - 2 * pad);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: String(W), height: String(H), role: 'img', 'aria-label': 'Saved memory against ksmd CPU; the points are listed below', class: 'frontier' });
  root.append(svg('line', { x1: String(pad), y1: String(H - pad), x2: String(W - pad), y2: String(H - pad), class: 'axis' }), svg('line', { x1: String(pad), y1: String(pad), x2: String(pad), y2: String(H - pad), class: 'axis' }));
  root.append(svg('text', { x: String(W / 2), y: String(H - 8), 'text-anchor': 'middle' }, 'ksmd CPU, % of one CPU (average)'), svg('text', { x: '4', y: String(pad - 12) }, 'saved GiB'));
  root.append(svg('text', { x: String(W - pad), y: String(H - pad + 14), 'text-anchor': 'end' }, maxX.toFixed(1)), svg('text', { x: String(pad - 4), y: String(pad + 4), 'text-anchor': 'end' }, maxY.toFixed(2)));
  s.frontier.forEach((p, i) => root.append(svg('circle', { cx: String(x(p.ksmdCpuPercent)), cy: String(y(p.savedGiB)), r: i === picked ? '6' : '4', class: i === picked ? 'picked' : 'point' }, describe(p))));
  const c = s.current;
  root.append(svg('rect', { x: String(x(c.ksmdCpuPercent) - 5), y: String(y(c.savedGiB) - 5), width: '10', height: '10', class: 'current' }));
  return root;
}

export class SuggestionsPanel {
  readonly host = el('section', { class: 'suggestions', 'aria-label': 'Suggested settings' });
  private suggestion: SuggestionView | undefined;
  private progress = '';
  private picked = 0;

  constructor(
    private readonly post: (m: ToHost) => void,
    private readonly scenario: () => Json | undefined,
    private readonly canApply: () => boolean,
  ) {}

  onProgress(done: number, total: number): void {
    this.progress = `Searching: ${done} of ${total} runs`;
    this.render();
  }

  onSuggestion(s: SuggestionView): void {
    this.suggestion = s;
    this.progress = '';
    const rec = s.frontier.findIndex((p) => describe(p) === describe(s.recommended));
    this.picked = rec >= 0 ? rec : 0;
    this.render();
  }

  render(): void {
    clear(this.host);
    const start = el('button', { type: 'button', class: 'secondary', text: 'Suggest settings', title: 'Search the settings of this controller with the simulator (one run per point; progress in the notification, where it can be cancelled)' });
    start.addEventListener('click', () => {
      const s = this.scenario();
      if (!s) return;
      this.progress = 'Searching…';
      this.render();
      this.post({ type: 'suggest', scenario: s });
    });
    this.host.append(el('h2', { text: 'Suggested settings' }), start);
    if (this.progress) this.host.append(el('p', { role: 'status', text: this.progress }));
    const s = this.suggestion;
    if (!s) return;
    for (const line of s.sentences) this.host.append(el('p', { text: line }));
    this.host.append(frontierPlot(s, this.picked));
    const list = el('fieldset', {}, el('legend', { text: 'Pick a point (square on the plot: the current settings)' }));
    s.frontier.forEach((p, i) => {
      const id = `pick-${i}`;
      const radio = el('input', { type: 'radio', name: 'pick', id, value: String(i) });
      radio.checked = i === this.picked;
      radio.addEventListener('change', () => {
        this.picked = i;
        this.render();
      });
      const goal = p.goalReachedSeconds === null ? 'goal not reached' : `goal at ${Math.round(p.goalReachedSeconds)} s`;
      list.append(el('div', { class: 'field' }, radio, el('label', { for: id, text: `${p.savedGiB.toFixed(2)} GiB, ${p.ksmdCpuPercent.toFixed(1)}% CPU, ${goal}: ${describe(p)}` })));
    });
    this.host.append(list);
    const apply = el('button', { type: 'button', class: 'primary', text: 'Apply', title: this.canApply() ? 'Write the picked values into the file (one undoable edit)' : 'This scenario has no ksmtuned.conf, shell script or scenario file to write into; copy the values below' });
    apply.disabled = !this.canApply() || s.frontier.length === 0;
    apply.addEventListener('click', () => {
      let next: unknown = this.scenario();
      for (const [k, v] of Object.entries(s.frontier[this.picked].settings)) next = setScenarioValue(next, `${k}=${v}`);
      this.post({ type: 'apply', scenario: next });
    });
    this.host.append(apply);
    if (s.format.text) this.host.append(el('p', { text: `The recommended settings as ${s.format.format}, to copy:` }), el('pre', { class: 'advice', text: s.format.text }));
  }
}
