/**
 * The four uPlot charts of the panel. Colours come from the theme's --vscode-charts-* variables,
 * read when a chart is (re)built, so a theme change only needs a rebuild. Run A is drawn solid,
 * run B (the comparison) dashed in the same colour.
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
  /** A horizontal reference line (ksmtuned's threshold) drawn from run A. */
  threshold?: (run: RunView) => number | null;
}

export const CHARTS: ChartSpec[] = [
  { id: 'saved', title: 'Memory saved (GiB)', yLabel: 'GiB', lines: [{ label: 'saved', colour: '--vscode-charts-green', value: (r) => r.series.savedGiB, scale: 'y' }] },
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

/** Merges the time axes of A and B (they may differ in duration) into one x column. */
function aligned(spec: ChartSpec, a: RunView | undefined, b: RunView | undefined): uPlot.AlignedData {
  const xs = Array.from(new Set([...(a?.series.t ?? []), ...(b?.series.t ?? [])])).sort((x, y) => x - y);
  const column = (run: RunView | undefined, values: (r: RunView) => number[]) => {
    if (!run) return xs.map(() => null);
    const byT = new Map(run.series.t.map((t, i) => [t, values(run)[i]]));
    return xs.map((t) => byT.get(t) ?? null);
  };
  const data: Array<Array<number | null>> = [xs];
  for (const run of [a, b]) for (const line of spec.lines) data.push(column(run, line.value));
  if (spec.threshold) {
    const th = a ? spec.threshold(a) : null;
    data.push(xs.map(() => th));
  }
  return data as uPlot.AlignedData;
}

export function buildChart(spec: ChartSpec, host: HTMLElement, a: RunView | undefined, b: RunView | undefined, width: number): uPlot {
  const fg = cssVar('--vscode-foreground', '#888');
  const grid = cssVar('--vscode-charts-lines', cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)'));
  const series: uPlot.Series[] = [{ label: 't (s)' }];
  for (const [which, run] of [['A', a], ['B', b]] as const) {
    for (const line of spec.lines) {
      series.push({
        label: `${line.label} (${which}${run ? `: ${run.label}` : ''})`,
        stroke: cssVar(line.colour, '#3794ff'),
        width: 2,
        dash: which === 'B' ? [6, 4] : undefined,
        scale: line.scale,
        show: run !== undefined,
      });
    }
  }
  if (spec.threshold) series.push({ label: "ksmtuned threshold (A)", stroke: cssVar('--vscode-charts-yellow', '#cca700'), width: 1, dash: [2, 3], scale: 'y', show: a?.thresGiB != null });
  const axes: uPlot.Axis[] = [
    { stroke: fg, grid: { stroke: grid }, ticks: { stroke: grid }, label: 'seconds' },
    { stroke: fg, grid: { stroke: grid }, ticks: { stroke: grid }, label: spec.yLabel, scale: 'y', values: compactTicks },
  ];
  if (spec.y2Label) axes.push({ stroke: fg, grid: { show: false }, label: spec.y2Label, scale: 'y2', side: 1, values: compactTicks });
  const options: uPlot.Options = {
    title: spec.title,
    width,
    height: 220,
    series,
    axes,
    scales: { x: { time: false }, y: { auto: true }, ...(spec.y2Label ? { y2: { auto: true } } : {}) },
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
  };
  return new uPlot(options, aligned(spec, a, b), host);
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
