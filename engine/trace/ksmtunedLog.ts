/**
 * ksmtuned's debug log, reduced to what it decided and wrote. Lines look like
 * "Thu Nov 26 19:25:03 UTC 2026: committed 2103608 free 22024568"; the date prefix is dropped.
 */
export type KsmtunedDecision =
  | { kind: 'startup'; name: 'total' | 'sleep' | 'thres'; value: number }
  | { kind: 'stop' }
  | { kind: 'start' }
  | { kind: 'boost' }
  | { kind: 'decay' }
  | { kind: 'write'; npages: number; sleep: number };

export interface TimedDecision {
  t: number;
  decision: KsmtunedDecision;
}

const DATE_PREFIX = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d [A-Z]+ \d{4}: /;

export function ksmtunedMessage(line: string): string {
  return line.replace(DATE_PREFIX, '');
}

/** The decisions and sysfs writes in a ksmtuned log; committed/free lines are inputs, not decisions. */
export function ksmtunedDecisions(lines: Array<{ t: number; line: string }>): TimedDecision[] {
  const out: TimedDecision[] = [];
  for (const { t, line } of lines) {
    const msg = ksmtunedMessage(line);
    let m: RegExpExecArray | null;
    if ((m = /^(total|sleep|thres) (-?\d+)$/.exec(msg))) out.push({ t, decision: { kind: 'startup', name: m[1] as 'total', value: Number(m[2]) } });
    else if (/, stop ksm$/.test(msg)) out.push({ t, decision: { kind: 'stop' } });
    else if (/, start ksm$/.test(msg)) out.push({ t, decision: { kind: 'start' } });
    else if (/, boost$/.test(msg)) out.push({ t, decision: { kind: 'boost' } });
    else if (/, decay$/.test(msg)) out.push({ t, decision: { kind: 'decay' } });
    else if ((m = /^KSMCTL start (-?\d+) (-?\d+)$/.exec(msg))) out.push({ t, decision: { kind: 'write', npages: Number(m[1]), sleep: Number(m[2]) } });
  }
  return out;
}

export function describeDecision(d: KsmtunedDecision): string {
  switch (d.kind) {
    case 'startup':
      return `${d.name} ${d.value}`;
    case 'write':
      return `KSMCTL start ${d.npages} ${d.sleep}`;
    default:
      return d.kind;
  }
}
