/**
 * Runs the real ksmtuned script (when the ksmtuned package is installed) against a fake
 * /proc/meminfo, a fake sysfs folder and fake pgrep/ps/date, calling its own adjust() once per
 * given memory state instead of looping. Paths are rewritten in a temporary copy; the installed
 * script is only read. Returns the startup lines, and per adjustment the debug lines and writes.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const INSTALLED_KSMTUNED = '/usr/sbin/ksmtuned';

export function realKsmtunedAvailable(): boolean {
  return existsSync(INSTALLED_KSMTUNED) && spawnSync('bash', ['-c', 'true']).status === 0;
}

export interface MemState {
  freeKb: number;
  /** RSS of one qemu-system process that the Debian pattern counts (0: no such process). */
  committedKb: number;
}

export interface ScriptRun {
  startup: string[];
  iterations: Array<{ log: string[]; writes: string[] }>;
}

const meminfo = (total: number, free: number) => `MemTotal:       ${total} kB\nMemFree:        ${free} kB\nMemAvailable:   ${free} kB\nBuffers:               0 kB\nCached:                0 kB\n`;

export function runRealKsmtuned(conf: string, memTotalKb: number, states: MemState[]): ScriptRun {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-ksmtuned-'));
  try {
    const bin = join(dir, 'bin');
    const ksm = join(dir, 'ksm');
    mkdirSync(bin);
    mkdirSync(ksm);
    writeFileSync(join(dir, 'ksmtuned.conf'), conf);
    writeFileSync(join(dir, 'meminfo'), meminfo(memTotalKb, states[0]?.freeKb ?? 0));
    states.forEach((s, i) => writeFileSync(join(dir, `state.${String(i).padStart(4, '0')}`), `${meminfo(memTotalKb, s.freeKb)}`));
    states.forEach((s, i) => writeFileSync(join(dir, `rss.${String(i).padStart(4, '0')}`), String(s.committedKb)));
    const fake = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    fake('date', 'echo DATE');
    fake('pgrep', `[ "$(cat ${dir}/rss)" != 0 ] && echo 4242 || exit 1`);
    fake('ps', `cat ${dir}/rss; echo`);
    let script = readFileSync(INSTALLED_KSMTUNED, 'utf8');
    script = script.split('/etc/ksmtuned.conf').join(join(dir, 'ksmtuned.conf'));
    script = script.split('/proc/meminfo').join(join(dir, 'meminfo'));
    script = script.split('/sys/kernel/mm/ksm/').join(ksm + '/');
    script = script.split('/bin/date').join('date');
    const tail = script.indexOf('PIDFILE=${PIDFILE-');
    script = script.slice(0, tail) +
      [
        `for state in ${dir}/state.*; do`,
        `  cp "$state" ${dir}/meminfo; cp "\${state/state./rss.}" ${dir}/rss; rm -f ${ksm}/*`,
        '  echo ITER',
        '  adjust',
        `  for k in pages_to_scan sleep_millisecs run; do [ -f ${ksm}/$k ] && printf 'W %s=%s\\n' $k "$(cat ${ksm}/$k)"; done`,
        'done',
        '',
      ].join('\n');
    writeFileSync(join(dir, 'ksmtuned'), script);
    writeFileSync(join(dir, 'rss'), String(states[0]?.committedKb ?? 0));
    const result = spawnSync('env', ['-i', `HOME=${dir}`, `PATH=${bin}:/usr/bin:/bin`, 'bash', join(dir, 'ksmtuned')], { cwd: dir, timeout: 20_000 });
    const run: ScriptRun = { startup: [], iterations: [] };
    for (const line of result.stdout.toString().split('\n')) {
      if (line === 'ITER') run.iterations.push({ log: [], writes: [] });
      else if (line.startsWith('DATE: ')) (run.iterations.length ? run.iterations[run.iterations.length - 1].log : run.startup).push(line.slice(6));
      else if (line.startsWith('W ')) run.iterations[run.iterations.length - 1]?.writes.push(line.slice(2));
    }
    return run;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
