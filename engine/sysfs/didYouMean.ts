/** The closest knob names to a misspelling, by edit distance. */
import { KNOB_NAMES } from '../knowledge/knobs';

export function editDistance(a: string, b: string): number {
  if (a.length > 200 || b.length > 200) return Math.abs(a.length - b.length) + 200;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** Up to `max` knob names within a distance that grows with the name's length, closest first. */
export function suggestKnobs(name: string, candidates: readonly string[] = KNOB_NAMES, max = 3): string[] {
  const lower = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 3));
  return candidates
    .map((c) => ({ c, d: c === lower ? 0 : editDistance(lower, c) }))
    .filter((x) => x.d <= limit || x.c.includes(lower) && lower.length >= 4)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, max)
    .map((x) => x.c);
}
