import { checkTargets, traceFidelity, type TargetCheck, type TraceFidelity } from '../../engine/trace/fidelity';
import { parseOptions } from '../options';
import { InputError, UsageError, type CliCommand, type CliIo } from '../usage';
import { readTrace, replayFile, replayOptions, REPLAY_OPTIONS, REPLAY_OPTIONS_USAGE } from './traceInput';

export const fidelityCommand: CliCommand = {
  name: 'fidelity',
  summary: 'replay recorded KSM traces and compare the simulated counters with the real ones',
  usage:
    'samepage fidelity TRACE.jsonl... [--json | --summary] [--hz N] [--per-page-cost-ns N] [--host FILE] [--variant debian|fedora]\n' +
    '  per trace and counter: final value real vs simulated, mean absolute error over time relative to the\n' +
    '  real peak, first merge time real vs simulated, ksmtuned decisions, and the fidelity targets.\n' +
    '  --json     one JSON object per trace (with the target checks)\n' +
    '  --summary  one Markdown table row per trace\n' +
    REPLAY_OPTIONS_USAGE +
    '\n  Exit status 1 when a trace cannot be read or replayed.',
  async run(args, io) {
    const { values, positionals } = parseOptions('fidelity', args, { json: { type: 'boolean' }, summary: { type: 'boolean' }, ...REPLAY_OPTIONS });
    if (positionals.length === 0) throw new UsageError('fidelity: name at least one TRACE file');
    if (values.json && values.summary) throw new UsageError('fidelity: --json and --summary exclude each other');
    const options = await replayOptions('fidelity', values, io);
    let failed = 0;
    if (values.summary) io.stdout(SUMMARY_HEAD);
    for (const file of positionals) {
      let fidelity: TraceFidelity;
      try {
        const trace = await readTrace('fidelity', file, io);
        fidelity = traceFidelity(trace, await replayFile('fidelity', file, trace, options, io));
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        io.stderr(`samepage ${error.message}\n`);
        failed += 1;
        continue;
      }
      const checks = checkTargets(fidelity);
      if (values.json) io.stdout(JSON.stringify({ file, ...fidelity, targets: checks }) + '\n');
      else if (values.summary) io.stdout(summaryRow(fidelity, checks));
      else printReport(io, file, fidelity, checks);
    }
    return failed > 0 ? 1 : 0;
  },
};

function printReport(io: CliIo, file: string, f: TraceFidelity, checks: TargetCheck[]): void {
  io.stdout(`${f.trace} (${file}, ${f.samples} samples)\n`);
  io.stdout(`  ${'counter'.padEnd(20)} ${'real final'.padStart(12)} ${'sim final'.padStart(12)} ${'error'.padStart(10)} ${'error %'.padStart(8)} ${'MAE/peak %'.padStart(10)}\n`);
  for (const c of f.counters) {
    io.stdout(
      `  ${c.counter.padEnd(20)} ${String(c.realFinal).padStart(12)} ${String(c.simFinal).padStart(12)} ${signed(c.finalError).padStart(10)} ` +
        `${pct(c.finalRelError).padStart(8)} ${pct(c.meanAbsErrorOfPeak).padStart(10)}\n`,
    );
  }
  io.stdout(`  first merge: real ${time(f.firstMerge.real)}, sim ${time(f.firstMerge.sim)}\n`);
  if (f.ksmtuned) {
    io.stdout(`  ksmtuned: ${f.ksmtuned.identical ? 'identical' : 'DIFFERENT'} (real: ${f.ksmtuned.real.join('; ') || 'none'})\n`);
    if (!f.ksmtuned.identical) io.stdout(`            sim: ${f.ksmtuned.sim.join('; ') || 'none'}\n`);
  }
  for (const c of checks) io.stdout(`  ${c.ok ? 'ok  ' : 'MISS'} ${c.target}: ${c.detail}\n`);
  io.stdout('\n');
}

const SUMMARY_HEAD =
  '| trace | shared real/sim | sharing real/sim | chains real/sim | dups real/sim | zero_pages real/sim | full_scans real/sim | 1st merge real/sim s | sharing MAE % of peak | targets met |\n' +
  '|---|---|---|---|---|---|---|---|---|---|\n';

function summaryRow(f: TraceFidelity, checks: TargetCheck[]): string {
  const by = new Map(f.counters.map((c) => [c.counter, c]));
  const pair = (name: string) => {
    const c = by.get(name);
    return c ? `${c.realFinal} / ${c.simFinal}` : '-';
  };
  const merge = `${f.firstMerge.real === null ? '-' : f.firstMerge.real.toFixed(2)} / ${f.firstMerge.sim === null ? '-' : f.firstMerge.sim.toFixed(2)}`;
  const mae = by.get('pages_sharing')?.meanAbsErrorOfPeak;
  const ok = checks.filter((c) => c.ok).length;
  const missed = checks.filter((c) => !c.ok).map((c) => c.target.replace(/ within .*| ≤ .*| identical$/, ''));
  const targets = `${ok}/${checks.length}${missed.length ? ` (missed: ${missed.join(', ')})` : ''}`;
  return `| ${f.trace} | ${pair('pages_shared')} | ${pair('pages_sharing')} | ${pair('stable_node_chains')} | ${pair('stable_node_dups')} | ${pair('ksm_zero_pages')} | ${pair('full_scans')} | ${merge} | ${mae === undefined || mae === null ? '-' : (100 * mae).toFixed(2)} | ${targets} |\n`;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function pct(x: number | null): string {
  return x === null ? '-' : (100 * x).toFixed(2);
}

function time(t: number | null): string {
  return t === null ? 'none' : `${t.toFixed(2)} s`;
}
