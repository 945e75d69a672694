/**
 * Re-derives every decision in a ksmtuned debug log from its own "committed C free F" lines and a
 * conf, by replaying the daemon model, and points out the lines the conf cannot explain.
 */
import { KsmtunedDaemon } from './daemon';

export interface LogLineExplanation {
  /** 1-based line number in the log. */
  line: number;
  text: string;
  /** The message part, after the date prefix. */
  message: string;
  explained: boolean;
  /** What the line means, or why it does not fit. */
  explanation: string;
  /** What ksmtuned with this conf would have logged instead, when it differs. */
  expected?: string;
}

export interface LogExplanation {
  lines: LogLineExplanation[];
  explained: number;
  unexplained: number;
  /** Lines that are nothing ksmtuned writes: all of them means the input is not a ksmtuned log. */
  notKsmtuned: number;
  /** MemTotal used, from the log's "total" line or the caller. */
  memTotalKb?: number;
  decisions: { stop: number; boost: number; decay: number };
}

/** `date` in the C locale: "Thu Nov 26 19:07:34 UTC 2026" (day of month space-padded). */
const DATE_PREFIX = /^([A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d [A-Za-z0-9+-]+ \d{4}): (.*)$/;

const NOT_KSMTUNED = 'not a line ksmtuned logs';

export function splitLogLine(text: string): { date?: string; message: string } {
  const m = DATE_PREFIX.exec(text);
  return m ? { date: m[1], message: m[2] } : { message: text };
}

export interface ExplainOptions {
  /** The conf's effective values (effectiveKsmtunedValues(...).daemonValues()); DEBUG is forced on, since a log exists. */
  values: Record<string, string>;
  variant?: 'debian' | 'fedora';
  /** MemTotal in kB when the log has no "total" line. */
  memTotalKb?: number;
}

export function explainKsmtunedLog(logText: string, options: ExplainOptions): LogExplanation {
  const values = { ...options.values };
  if (!values.DEBUG) values.DEBUG = '1';
  const rawLines = logText.split('\n');
  if (rawLines[rawLines.length - 1] === '') rawLines.pop();
  const lines: LogLineExplanation[] = [];
  const decisions = { stop: 0, boost: 0, decay: 0 };
  let memTotalKb = options.memTotalKb;
  let daemon: KsmtunedDaemon | undefined;
  let startup: string[] = [];
  /** Lines the model expects next, in order, after a "committed" line. */
  let pending: string[] = [];
  let pendingDecision: string | undefined;

  const firstTotalInLog = rawLines.map((l) => /^total (\d+)$/.exec(splitLogLine(l.replace(/\r$/, '')).message)).find(Boolean);
  const totalFromDecision = rawLines.map((l) => / (\d+) and free > |^\d+ > (\d+), start ksm$/.exec(splitLogLine(l).message)).find(Boolean);
  memTotalKb ??= firstTotalInLog ? Number(firstTotalInLog[1]) : totalFromDecision ? Number(totalFromDecision[1] ?? totalFromDecision[2]) : undefined;
  let synced = false;

  rawLines.forEach((raw, i) => {
    const text = raw.replace(/\r$/, '');
    const { message } = splitLogLine(text);
    const add = (explained: boolean, explanation: string, expected?: string) => lines.push({ line: i + 1, text, message, explained, explanation, ...(expected !== undefined ? { expected } : {}) });
    if (message.trim() === '') return;

    const total = /^total (\d+)$/.exec(message);
    if (total) {
      memTotalKb = options.memTotalKb ?? Number(total[1]);
      daemon = new KsmtunedDaemon(values, options.variant ?? 'debian', memTotalKb);
      startup = daemon.startupLog().slice(1);
      pending = [];
      synced = true;
      if (options.memTotalKb !== undefined && Number(total[1]) !== options.memTotalKb) add(false, `ksmtuned started with MemTotal ${total[1]} kB, not the ${options.memTotalKb} kB given`);
      else add(true, `ksmtuned (re)started: MemTotal ${total[1]} kB, read once at startup; npages starts at 0`);
      return;
    }
    if (/^(sleep|thres)( |$)/.test(message) && startup.length) {
      const expected = startup.shift()!;
      if (expected === message) {
        const what = message.startsWith('sleep') ? 'KSM_SLEEP_MSEC × 16 GiB / MemTotal, at least 10 ms' : 'KSM_THRES_COEF % of MemTotal, at least KSM_THRES_CONST kB';
        add(true, `startup value: ${what}`);
      } else add(false, 'the conf gives a different startup value', expected);
      return;
    }
    const committed = /^committed (\d+) free (\d+)$/.exec(message);
    if (committed) {
      if (!daemon) {
        if (memTotalKb === undefined) {
          add(false, 'no "total" line before this and no MemTotal given (--mem-total-kb): cannot re-derive decisions');
          return;
        }
        daemon = new KsmtunedDaemon(values, options.variant ?? 'debian', memTotalKb);
        synced = false;
      }
      for (const missing of pending) add(false, 'ksmtuned would have logged this line here, but the log does not have it', missing);
      const c = Number(committed[1]);
      const f = Number(committed[2]);
      const processes = c > 0 ? [{ argv: ['qemu-system-x86_64', '-enable-kvm'], comm: 'qemu-system-x86', rssKb: c }] : [];
      const result = daemon.adjust({ memTotalKb: memTotalKb!, memFreeKb: f, buffersKb: 0, cachedKb: 0, processes });
      pending = result.log.slice(1);
      pendingDecision = result.decision;
      add(true, `an adjustment: QEMU processes hold ${c} kB, free (MemFree+Buffers+Cached) is ${f} kB`);
      return;
    }
    if (pending.length) {
      let expected = pending.shift()!;
      // A log that starts mid-run: take npages from the first KSMCTL line instead of guessing it.
      const ksmctl = /^KSMCTL start (\S*) (\S*)$/.exec(message);
      if (!synced && ksmctl && expected.startsWith('KSMCTL start') && expected !== message && daemon) {
        daemon.setNpages(ksmctl[1]);
        expected = message;
        synced = true;
      }
      if (expected === message) {
        if (/stop ksm$/.test(message)) decisions.stop++;
        else if (/, boost$/.test(message)) decisions.boost++;
        else if (/, decay$/.test(message)) decisions.decay++;
        add(true, describe(message, pendingDecision));
      } else {
        add(false, 'the conf and the committed/free line above lead to a different line', expected);
        pending = [];
      }
      return;
    }
    add(false, /^(committed|total|sleep|thres|KSMCTL|\d+ [<>])/.test(message) ? 'out of sequence: ksmtuned does not log this line here' : NOT_KSMTUNED);
  });
  for (const missing of pending) lines.push({ line: rawLines.length + 1, text: '', message: '', explained: false, explanation: 'the log ends before this line ksmtuned would have written', expected: missing });
  const explained = lines.filter((l) => l.explained).length;
  const notKsmtuned = lines.filter((l) => l.explanation === NOT_KSMTUNED).length;
  return { lines, explained, unexplained: lines.length - explained, notKsmtuned, memTotalKb, decisions };
}

function describe(message: string, decision: string | undefined): string {
  if (/stop ksm$/.test(message)) return 'committed + thres < MemTotal and free > thres: ksmtuned writes 0 to run (KSM pauses, merged pages stay merged)';
  if (/start ksm$/.test(message)) return 'the stop test failed, so KSM runs (ksmtuned prints ">" even when the sum is smaller)';
  if (/, boost$/.test(message)) return 'free < thres: npages += KSM_NPAGES_BOOST, then clamped to [KSM_NPAGES_MIN, KSM_NPAGES_MAX]';
  if (/, decay$/.test(message)) return 'free ≥ thres: npages += KSM_NPAGES_DECAY, then clamped to [KSM_NPAGES_MIN, KSM_NPAGES_MAX]';
  if (/^KSMCTL start/.test(message)) return 'writes npages to pages_to_scan, sleep to sleep_millisecs and 1 to run';
  return decision ?? '';
}
