/**
 * A run's figures under the names of the JSON result (summary and perGuest), so what the panel
 * shows is what `samepage whatif --json` and the CSV export call it: general_profit, saved per ksmd
 * CPU-second, when merging settled, the zero-page part, and each guest as its ksm_stat shows it.
 */
import { el } from './dom';
import type { RunView } from './protocol';

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

export function figuresSection(run: RunView): HTMLElement {
  const f = run.figures;
  const rows: Array<[string, string]> = [
    ['generalProfitBytes', `${gib(f.generalProfitBytes)}${f.generalProfitBytes < 0 ? ' (KSM costs more than it saves)' : ''}`],
    ['savedBytesPerCpuSecond', f.savedBytesPerCpuSecond === null ? 'ksmd did not run' : `${gib(f.savedBytesPerCpuSecond)} per CPU-second`],
    ['ksmdCpuSeconds', `${f.ksmdCpuSeconds.toFixed(1)} s`],
    ['settledSeconds', f.settledSeconds === null ? 'not settled by the end' : `${Math.round(f.settledSeconds)} s`],
    ['zeroPageSavedBytes', gib(f.zeroPageSavedBytes)],
  ];
  const list = el('dl', { class: 'figures' });
  for (const [name, value] of rows) list.append(el('dt', { text: name }), el('dd', { text: value }));
  const section = el('div', { class: 'figures-host' }, list);
  if (f.perGuest.length) {
    const cols = ['name', 'mergingPages', 'zeroPages', 'rmapItems', 'profitBytes'] as const;
    const shown = f.perGuest.length < f.perGuestTotal ? `, the first ${f.perGuest.length} of ${f.perGuestTotal} (all in the JSON export)` : '';
    const table = el('table', { class: 'per-guest' }, el('caption', { text: `perGuest at the end (/proc/PID/ksm_merging_pages and ksm_stat)${shown}` }));
    table.append(el('thead', {}, el('tr', {}, ...cols.map((c) => el('th', { scope: 'col', text: c })))));
    const body = el('tbody');
    for (const g of f.perGuest) body.append(el('tr', {}, ...cols.map((c) => el('td', { text: c === 'profitBytes' ? gib(g.profitBytes) : String(g[c]) }))));
    table.append(body);
    section.append(table);
  }
  return section;
}
