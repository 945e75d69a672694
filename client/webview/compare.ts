/** One sentence comparing A and B: how much more or less B saves, or that they do not differ at all. */
import type { RunView } from './protocol';

function sameSeries(a: RunView, b: RunView): boolean {
  return JSON.stringify(a.series) === JSON.stringify(b.series);
}

export function comparisonSentence(a: RunView | undefined, b: RunView | undefined): string | undefined {
  if (!a || !b) return undefined;
  if (a.savedGiB === b.savedGiB && a.ksmdCpuMeanPercent === b.ksmdCpuMeanPercent && a.thresGiB === b.thresGiB && sameSeries(a, b)) {
    return 'No difference: A and B give the same result, sample for sample.';
  }
  const delta = b.savedGiB - a.savedGiB;
  const cpu = b.ksmdCpuMeanPercent - a.ksmdCpuMeanPercent;
  const saved = Math.abs(delta) < 0.005 ? 'B saves as much memory as A' : `B saves ${Math.abs(delta).toFixed(2)} GiB ${delta > 0 ? 'more' : 'less'} than A`;
  const cost = Math.abs(cpu) < 0.005 ? 'at the same ksmd CPU' : `with ksmd using ${Math.abs(cpu).toFixed(2)} points of one CPU ${cpu > 0 ? 'more' : 'less'}`;
  return `${saved}, ${cost}.`;
}
