/** Kernel release strings ("6.18", "6.18.44-fc-v782", "2.6.32") as comparable number tuples. */
const parsed = new Map<string, number[] | undefined>();

export function parseKernelVersion(release: string): number[] | undefined {
  if (parsed.has(release)) return parsed.get(release);
  const version = parseUncached(release);
  if (parsed.size < 1000) parsed.set(release, version);
  return version;
}

function parseUncached(release: string): number[] | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/** Negative, zero or positive like a sort comparator; unparsable versions sort as the newest. */
export function compareKernelVersions(a: string, b: string): number {
  const x = parseKernelVersion(a) ?? [Infinity, 0, 0];
  const y = parseKernelVersion(b) ?? [Infinity, 0, 0];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

/** "X.Y" of a release string, e.g. "6.18.44-fc" → "6.18". */
export function majorMinor(release: string): string | undefined {
  const v = parseKernelVersion(release);
  return v ? `${v[0]}.${v[1]}` : undefined;
}
