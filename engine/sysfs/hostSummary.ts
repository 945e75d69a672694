/**
 * Derived figures of a /sys/kernel/mm/ksm snapshot (raw strings by file name): memory saved,
 * sharing ratios, ksmd state. Pure; the hover, `samepage.showHostKsm` and the status bar share it.
 */
export type KsmdState = 'stopped' | 'running' | 'unmerged' | 'offlining' | 'unknown';

export interface KsmHostSummary {
  ksmdState: KsmdState;
  run?: number;
  pageSize: number;
  pagesShared?: number;
  pagesSharing?: number;
  pagesUnshared?: number;
  pagesVolatile?: number;
  zeroPages?: number;
  fullScans?: number;
  /** (pages_sharing + ksm_zero_pages) × page size. */
  savedBytes?: number;
  /** general_profit: saving minus KSM's metadata, may be negative. */
  profitBytes?: number;
  /** pages_sharing / pages_shared: extra mappings per KSM page. */
  sharingRatio?: number;
  /** pages_unshared / pages_sharing: wasted effort per saved page. */
  unsharedRatio?: number;
  advisorMode?: string;
}

/** Parses a decimal counter; undefined for missing or non-numeric text. */
export function counterValue(ksm: Record<string, string> | undefined, name: string): number | undefined {
  const text = ksm?.[name]?.trim();
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** The active word of advisor_mode's "[none] scan-time" display. */
export function activeAdvisorMode(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return /\[([^\]]*)\]/.exec(text)?.[1] ?? text.trim();
}

export function ksmdStateOf(run: number | undefined): KsmdState {
  if (run === undefined) return 'unknown';
  if (run & 4) return 'offlining';
  return run === 1 ? 'running' : run === 2 ? 'unmerged' : run === 0 ? 'stopped' : 'unknown';
}

export function summarizeKsm(ksm: Record<string, string> | undefined, pageSize = 4096): KsmHostSummary | undefined {
  if (!ksm || Object.keys(ksm).length === 0) return undefined;
  const get = (name: string) => counterValue(ksm, name);
  const run = get('run');
  const pagesShared = get('pages_shared');
  const pagesSharing = get('pages_sharing');
  const pagesUnshared = get('pages_unshared');
  const zeroPages = get('ksm_zero_pages');
  const saved = pagesSharing === undefined ? undefined : (pagesSharing + (zeroPages ?? 0)) * pageSize;
  return {
    ksmdState: ksmdStateOf(run),
    run,
    pageSize,
    pagesShared,
    pagesSharing,
    pagesUnshared,
    pagesVolatile: get('pages_volatile'),
    zeroPages,
    fullScans: get('full_scans'),
    savedBytes: saved,
    profitBytes: get('general_profit'),
    sharingRatio: pagesShared && pagesSharing !== undefined ? pagesSharing / pagesShared : undefined,
    unsharedRatio: pagesSharing && pagesUnshared !== undefined ? pagesUnshared / pagesSharing : undefined,
    advisorMode: activeAdvisorMode(ksm.advisor_mode),
  };
}

/** "1.5 GiB", "812 MiB", "12 KiB", "0 B"; negative values keep their sign. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${sign}${value.toFixed(digits)} ${units[unit]}`;
}

export function formatMiB(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

export function formatRatio(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? 'n/a' : ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(2);
}

const STATE_WORDS: Record<KsmdState, string> = {
  stopped: 'ksmd stopped (run=0)',
  running: 'ksmd running (run=1)',
  unmerged: 'ksmd stopped, pages unmerged (run=2)',
  offlining: 'ksmd paused while memory is offlined',
  unknown: 'ksmd state unknown',
};

export function describeKsmdState(state: KsmdState): string {
  return STATE_WORDS[state];
}

/** One line for a status bar: "KSM 1.2 GiB saved · 39.5× · running". */
export function statusBarText(s: KsmHostSummary): string {
  const saved = s.savedBytes === undefined ? '?' : formatBytes(s.savedBytes);
  const ratio = s.sharingRatio === undefined ? '' : ` · ${formatRatio(s.sharingRatio)}×`;
  return `KSM ${saved} saved${ratio} · ${s.ksmdState}`;
}

/** Markdown report of every figure, for the command and hovers. */
export function summaryMarkdown(s: KsmHostSummary, ksm: Record<string, string>): string {
  const lines = [
    `**${describeKsmdState(s.ksmdState)}**${s.advisorMode ? `, advisor_mode ${s.advisorMode}` : ''}`,
    '',
    `- Memory saved: ${s.savedBytes === undefined ? 'unknown' : `${formatBytes(s.savedBytes)} (${formatMiB(s.savedBytes)}: (pages_sharing + ksm_zero_pages) × ${s.pageSize} B)`}`,
  ];
  if (s.profitBytes !== undefined) lines.push(`- Net profit after metadata (general_profit): ${formatBytes(s.profitBytes)}`);
  lines.push(`- Sharing ratio pages_sharing / pages_shared: ${formatRatio(s.sharingRatio)}`);
  lines.push(`- Unshared ratio pages_unshared / pages_sharing: ${formatRatio(s.unsharedRatio)}`);
  lines.push('', '| file | value |', '|---|---|');
  for (const name of Object.keys(ksm).sort()) lines.push(`| ${name} | ${ksm[name].replace(/\|/g, '\\|')} |`);
  return lines.join('\n');
}
