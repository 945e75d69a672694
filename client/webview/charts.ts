/**
 * The uPlot charts of the panel. Colours come from the theme's --vscode-charts-* variables,
 * read when a chart is (re)built, so a theme change only needs a rebuild. Run A is drawn solid,
 * run B (the comparison) dashed in the same colour; each run's ksmtuned threshold has its own line.
 */
import uPlot from 'uplot';
import type { RunView } from './protocol';

export interface ChartSpec {
  id: string;
  title: string;
  /** One entry per plotted quantity: label, colour variable, the column, the axis scale. */
  lines: Array<{ label: string; colour: string; value: (run: RunView) => number[]; scale: 'y' | 'y2' }>;
  yLabel: string;
  y2Label?: string;
  /** A horizontal reference line (ksmtuned's threshold), one per run. */
  threshold?: (run: RunView) => number | null;
}

export const CHARTS: ChartSpec[] = [
  { id: 'saved', title: 'Memory saved (GiB)', yLabel: 'GiB', lines: [{ label: 'saved', colour: '--vscode-charts-green', value: (r) => r.series.savedGiB, scale: 'y' }] },
  {
    // The kernel's general_profit: the saving less what KSM's rmap items cost; below zero KSM does not pay.
    id: 'profit',
    title: "generalProfitBytes: saving minus KSM's rmap overhead (GiB)",
    yLabel: 'GiB',
    lines: [{ label: 'generalProfitBytes', colour: '--vscode-charts-purple', value: (r) => r.series.generalProfitGiB, scale: 'y' }],
  },
  {
    id: 'pages',
    title: 'KSM pages',
    yLabel: 'pages',
    lines: [
      { label: 'pages_shared', colour: '--vscode-charts-blue', value: (r) => r.series.pages_shared, scale: 'y' },
      { label: 'pages_sharing', colour: '--vscode-charts-green', value: (r) => r.series.pages_sharing, scale: 'y' },
      { label: 'pages_unshared', colour: '--vscode-charts-orange', value: (r) => r.series.pages_unshared, scale: 'y' },
      { label: 'pages_volatile', colour: '--vscode-charts-purple', value: (r) => r.series.pages_volatile, scale: 'y' },
    ],
  },
  {
    id: 'scan',
    title: 'pages_to_scan and ksmd CPU',
    yLabel: 'pages per batch',
    y2Label: '% of one CPU',
    lines: [
      { label: 'pages_to_scan', colour: '--vscode-charts-blue', value: (r) => r.series.pages_to_scan, scale: 'y' },
      { label: 'ksmd CPU %', colour: '--vscode-charts-red', value: (r) => r.series.ksmdCpuPercent, scale: 'y2' },
    ],
  },
  {
    id: 'free',
    title: "Free memory against ksmtuned's threshold (GiB)",
    yLabel: 'GiB',
    lines: [{ label: 'free (MemFree+Cached)', colour: '--vscode-charts-blue', value: (r) => r.series.freeGiB, scale: 'y' }],
    threshold: (r) => r.thresGiB,
  },
];

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

/** The runs a chart shows; `dim` draws a run faded (out of date, or being replaced by a run in progress). */
export interface ChartRuns {
  a: RunView | undefined;
  b: RunView | undefined;
  dim: { a: boolean; b: boolean };
}

/** Run A solid, run B dashed: the legend's markers show the same dash, so colour alone never tells them apart. */
const DASH = { a: undefined, b: [8, 4] };
/** ksmtuned's thresholds in the foreground colour (readable in every theme): A dotted, B dash-dot. */
const THRESHOLD_DASH = { a: [2, 3], b: [10, 3, 2, 3] };
const DIM_ALPHA = 0.4;

function present(runs: ChartRuns): Array<['a' | 'b', RunView]> {
  return (['a', 'b'] as const).flatMap((slot) => (runs[slot] ? [[slot, runs[slot]!] as ['a' | 'b', RunView]] : []));
}

/** Merges the time axes of A and B (they may differ in duration) into one x column. */
function aligned(spec: ChartSpec, runs: ChartRuns): uPlot.AlignedData {
  const shown = present(runs);
  const xs = Array.from(new Set(shown.flatMap(([, run]) => run.series.t))).sort((x, y) => x - y);
  const column = (run: RunView, values: (r: RunView) => number[]) => {
    const byT = new Map(run.series.t.map((t, i) => [t, values(run)[i]]));
    return xs.map((t) => byT.get(t) ?? null);
  };
  const data: Array<Array<number | null>> = [xs];
  for (const [, run] of shown) for (const line of spec.lines) data.push(column(run, line.value));
  if (spec.threshold) for (const [, run] of shown) data.push(xs.map(() => spec.threshold!(run)));
  return data as uPlot.AlignedData;
}

export function buildChart(spec: ChartSpec, host: HTMLElement, runs: ChartRuns, width: number): uPlot {
  const fg = cssVar('--vscode-foreground', '#888');
  const grid = cssVar('--vscode-charts-lines', cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)'));
  const series: uPlot.Series[] = [{ label: 't (s)' }];
  const shown = present(runs);
  for (const [slot] of shown) {
    for (const line of spec.lines) {
      series.push({
        label: `${slot.toUpperCase()} · ${line.label}`,
        stroke: cssVar(line.colour, '#3794ff'),
        width: 2,
        dash: DASH[slot],
        scale: line.scale,
        alpha: runs.dim[slot] ? DIM_ALPHA : 1,
        value: (_u, v) => (v == null ? '–' : `${+v.toFixed(3)}`),
      });
    }
  }
  if (spec.threshold) {
    for (const [slot, run] of shown) {
      series.push({ label: `${slot.toUpperCase()} · ksmtuned threshold`, stroke: fg, width: 2, dash: THRESHOLD_DASH[slot], scale: 'y', show: spec.threshold(run) !== null, alpha: runs.dim[slot] ? DIM_ALPHA : 1 });
    }
  }
  const axes: uPlot.Axis[] = [
    { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, label: 'seconds' },
    { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, label: spec.yLabel, scale: 'y', values: compactTicks, size: 60 },
  ];
  if (spec.y2Label) axes.push({ stroke: fg, grid: { show: false }, label: spec.y2Label, scale: 'y2', side: 1, values: compactTicks, size: 60 });
  const options: uPlot.Options = {
    title: spec.title,
    width,
    height: 220,
    series,
    axes,
    scales: { x: { time: false }, y: { auto: true }, ...(spec.y2Label ? { y2: { auto: true } } : {}) },
    legend: { show: true, markers: { dash: (u, i) => (u.series[i].dash ? 'dashed' : 'solid') } },
    cursor: { drag: { x: false, y: false } },
  };
  return new uPlot(options, aligned(spec, runs), host);
}

/** Page counts reach millions: "1.5M" fits the axis gutter where "1,500,000" is cut off. */
function compactTicks(_u: uPlot, ticks: number[]): string[] {
  return ticks.map((v) => {
    const abs = Math.abs(v);
    if (abs >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
    if (abs >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
    return `${+v.toFixed(2)}`;
  });
}
