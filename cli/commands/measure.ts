import { spawnSync } from 'node:child_process';
import { hostname, setPriority } from 'node:os';
import { MeasureSetupError, runMeasurement } from '../../engine/node/measureRun';
import { DumpFormatError } from '../../engine/measure/dumpLayout';
import { MeasurementFormatError } from '../../engine/measure/format';
import { MeasurementScenarioError } from '../../engine/measure/toScenario';
import type { MeasureProgress } from '../../engine/measure/measure';
import { parseOptions } from '../options';
import { InputError, UsageError, type CliCommand, type CliIo } from '../usage';

const MAX_INTERVAL_SECONDS = 7 * 24 * 3600;

/** Progress on stderr once the run has taken a second: redrawn in place on a terminal, a line every 2 s otherwise. */
function progressReporter(io: CliIo): (p: MeasureProgress) => void {
  const started = Date.now();
  let last = 0;
  return (p) => {
    const now = Date.now();
    const dedupe = p.phase === 'dedupe';
    if (now - started < 1000 || (!dedupe && now - last < (io.stderrIsTty ? 200 : 2000))) return;
    last = now;
    const gib = (pages: number) => ((pages * 4096) / 2 ** 30).toFixed(2);
    const line = dedupe
      ? `measure: sorting the fingerprints of ${gib(p.pagesTotal)} GiB into content ids`
      : p.phase === 'order'
        ? `measure: reading one page of each shared content again for where it sorts: ${Math.floor((100 * p.pagesDone) / Math.max(1, p.pagesTotal))}%`
        : `measure: pass ${p.pass}: ${Math.floor((100 * p.pagesDone) / Math.max(1, p.pagesTotal))}% (${gib(p.pagesDone)} of ${gib(p.pagesTotal)} GiB of mapped memory)`;
    io.stderr(io.stderrIsTty ? `\r${line}\x1b[K` : `${line}\n`);
  };
}

/** Gentle on a production host: lowest CPU priority but one step, idle I/O class. */
function beGentle(io: CliIo): void {
  try {
    setPriority(10);
  } catch {
    // not permitted: keep the priority
  }
  const ionice = spawnSync('ionice', ['-c', '3', '-p', String(process.pid)], { stdio: 'ignore' });
  if (ionice.status !== 0) io.stderr('measure: ionice is not available: reading at normal I/O priority\n');
}

function positive(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0) || n > max) throw new UsageError(`measure: --${name} takes a number above 0 and at most ${max}, not '${value}'`);
  return n;
}

export const measureCommand: CliCommand = {
  name: 'measure',
  summary: 'read what KSM would see on this host (or in guest memory dumps) and write a scenario that whatif runs',
  usage:
    'samepage measure [--pid PID]... [--dump FILE]... [--interval SECONDS] [--max-cpu PERCENT] [--out FILE] [--json]\n' +
    '  Reads, as root and without changing anything, the memory ksmd would scan: every mergeable area of\n' +
    '  every process (madvise or prctl) and the guest RAM of every QEMU process, mem-merge=off included;\n' +
    '  resident pages only. Writes FILE (default measured-HOST.samepage.json), a scenario for\n' +
    '  `samepage whatif`, and beside it the page contents as ids (FILE with .samepage-content), mode 0600,\n' +
    '  owned by the user who ran sudo. No page content and no reusable hash is stored.\n' +
    '  --pid PID        measure these processes only (repeatable)\n' +
    '  --dump FILE      a guest memory dump instead of the live host: raw (pmemsave) or ELF\n' +
    '                   (dump-guest-memory, virsh dump --memory-only); one guest per file (repeatable)\n' +
    '  --interval S     watch for S seconds, reading again pass after pass, and record which pages change\n' +
    '  --max-cpu P      use at most P% of one core (default 100: one core); runs at nice 10, idle I/O class\n' +
    '  --json           print the result as JSON on stdout\n' +
    '  Exit status 1 when there is nothing to measure, not root, or a dump is refused.',
  async run(args, io) {
    const { values } = parseOptions(
      'measure',
      args,
      {
        pid: { type: 'string', multiple: true },
        dump: { type: 'string', multiple: true },
        interval: { type: 'string' },
        'max-cpu': { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
      },
      false,
    );
    const pids = values.pid?.map((p) => {
      if (!/^[1-9]\d{0,9}$/.test(p)) throw new UsageError(`measure: --pid takes a process id, not '${p}'`);
      return Number(p);
    });
    if (pids && values.dump) throw new UsageError('measure: --pid and --dump do not go together (a live host or dumps)');
    const intervalSeconds = positive('interval', values.interval, MAX_INTERVAL_SECONDS) ?? 0;
    const maxCpu = (positive('max-cpu', values['max-cpu'], 100) ?? 100) / 100;
    const out = values.out ?? `measured-${hostname().replace(/[^\w.-]/g, '_') || 'host'}.samepage.json`;
    beGentle(io);
    try {
      const r = await runMeasurement({ pids, dumps: values.dump, intervalSeconds, maxCpu, out, onProgress: progressReporter(io) });
      if (io.stderrIsTty) io.stderr('\r\x1b[K');
      if (values.json) {
        io.stdout(JSON.stringify({ scenarioFile: r.scenarioFile, contentFile: r.contentFile, passes: r.passes, windowSeconds: r.windowSeconds, total: r.total, perProcess: r.perProcess, sentences: r.sentences, notes: r.notes }, null, 2) + '\n');
      } else {
        const names = r.scenario.guests.map((g) => `${g.name} (guest)`).concat(r.scenario.processes.map((p) => `${p.name} (${p.merge})`));
        io.stdout(
          [
            ...(r.scenario.description ? [r.scenario.description] : []),
            `Measured: ${names.join(', ')}.`,
            ...r.notes.map((n) => `Note: ${n}`),
            `Wrote ${r.scenarioFile} and ${r.contentFile} (mode 0600). Predict with: samepage whatif ${r.scenarioFile}`,
          ].join('\n') + '\n',
        );
      }
      return 0;
    } catch (error) {
      if (error instanceof MeasureSetupError || error instanceof DumpFormatError || error instanceof MeasurementFormatError || error instanceof MeasurementScenarioError) {
        throw new InputError(`measure: ${error.message}`);
      }
      throw error;
    }
  },
};
