/**
 * Collects what the checks of one QEMU command line find: findings (each error quoting what QEMU
 * prints) and hover tokens (what each key, value and machine type means).
 */
import type { Finding, Fix, Severity, TextRange } from '../language/types';

/** When QEMU would notice the problem: while parsing options (in command-line order) or later. */
export type Stage = 'parse' | 'apply';

export interface HoverToken {
  range: TextRange;
  markdown: () => string;
}

interface PendingFinding {
  finding: Finding;
  stage: Stage;
  /** Position of the option in the command line, for parse-stage problems. */
  order: number;
}

export class Report {
  private readonly pending: PendingFinding[] = [];
  readonly tokens: HoverToken[] = [];
  /** Option index of the first `help` that makes QEMU print help and exit 0. */
  helpAt?: { order: number; range: TextRange };

  constructor(readonly program: string) {}

  /** An error QEMU reports: `qemuMessage` is what it prints after "<program>: ", `why` explains it. */
  qemuError(ruleId: string, range: TextRange, qemuMessage: string, why: string, opts: { fixes?: Fix[]; stage?: Stage; order?: number; echo?: string } = {}): void {
    const prefix = opts.echo ? `${this.program}: ${opts.echo}: ` : `${this.program}: `;
    this.push('error', ruleId, range, `QEMU stops with "${prefix}${qemuMessage}". ${why}`, opts);
  }

  add(severity: Severity, ruleId: string, range: TextRange, message: string, opts: { fixes?: Fix[]; stage?: Stage; order?: number; tags?: Finding['tags'] } = {}): void {
    this.push(severity, ruleId, range, message, opts);
  }

  hover(range: TextRange, markdown: () => string): void {
    this.tokens.push({ range, markdown });
  }

  private push(severity: Severity, ruleId: string, range: TextRange, message: string, opts: { fixes?: Fix[]; stage?: Stage; order?: number; tags?: Finding['tags'] }): void {
    const finding: Finding = { ruleId, severity, message, range };
    if (opts.fixes?.length) finding.fixes = opts.fixes;
    if (opts.tags?.length) finding.tags = opts.tags;
    this.pending.push({ finding, stage: opts.stage ?? 'apply', order: opts.order ?? Number.MAX_SAFE_INTEGER });
  }

  /**
   * The findings. When an option asks for help, QEMU prints it and exits 0 before applying
   * anything, so only the parse errors of earlier options still matter.
   */
  findings(): Finding[] {
    const help = this.helpAt;
    if (!help) return this.pending.map((p) => p.finding);
    const kept = this.pending.filter((p) => p.finding.severity !== 'error' || (p.stage === 'parse' && p.order < help.order)).map((p) => p.finding);
    if (!this.pending.some((p) => p.finding.severity === 'error' && p.stage === 'parse' && p.order < help.order)) {
      kept.push({
        ruleId: 'qemu/help-exits',
        severity: 'information',
        message: 'QEMU prints help for this option and exits with status 0 here; it starts no guest and checks nothing after this point.',
        range: help.range,
      });
    }
    return kept;
  }

  hasErrors(): boolean {
    return this.findings().some((f) => f.severity === 'error');
  }
}

export function replaceFix(title: string, range: TextRange, newText: string, preferred = true): Fix {
  return { title, edits: [{ range, newText }], preferred };
}
