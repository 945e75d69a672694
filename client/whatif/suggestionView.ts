/** `samepage tune`'s advice as the panel plots it (protocol SuggestionView). */
import type { TuneAdvice, TuneFigures } from '../../engine/whatif/tune';
import type { SuggestionPoint, SuggestionView } from '../webview/protocol';

function point(settings: Record<string, string>, f: TuneFigures): SuggestionPoint {
  return { settings, savedGiB: Number((f.savedBytes / 2 ** 30).toFixed(4)), ksmdCpuPercent: f.ksmdCpuPercent, goalReachedSeconds: f.goalReachedSeconds };
}

export function toSuggestionView(a: TuneAdvice): SuggestionView {
  const chosen = Object.fromEntries(a.whatifSet.filter((s) => !s.startsWith('durationSeconds=')).map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)]));
  return {
    frontier: a.frontier.map((p) => point(p.settings, p)),
    current: point(a.baselineSettings, a.baseline),
    recommended: point(chosen, a.predicted),
    goalReached: a.goalReached,
    sentences: a.sentences,
    format: { format: a.format.format, text: a.format.text.slice(0, 2000) },
  };
}

