/**
 * The reference for the ksmtuned conf tests: real bash sources a conf the way ksmtuned starts
 * (source, `${VAR:-default}`, `${PIDFILE-...}`, then the sleep/thres arithmetic on a given
 * MemTotal) and prints the values. Only ever run on confs from test/fixtures/ksmtuned or made by
 * the tests themselves, with an empty environment (`env -i`) in a throw-away directory.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KSMTUNED_VARIABLES } from '../../../engine/knowledge/ksmtunedVariables';

export interface OracleResult {
  /** null: unset. Absent entirely when bash exited before printing (e.g. `exit` in the conf). */
  values?: Record<string, string | null>;
  stderr: string;
  exited: boolean;
}

const NAMES = [...KSMTUNED_VARIABLES.map((v) => v.name), 'sleep', 'thres'];

function startupScript(): string {
  const defaults = KSMTUNED_VARIABLES.filter((v) => v.default !== undefined && v.defaulting === ':-')
    .map((v) => `${v.name}=\${${v.name}:-${v.default}}`)
    .join('\n');
  return [
    '. "$SAMEPAGE_CONF"',
    defaults,
    'total=$SAMEPAGE_TOTAL',
    'sleep=$[KSM_SLEEP_MSEC * 16 * 1024 * 1024 / total]',
    '[ $sleep -le 10 ] && sleep=10',
    'thres=$[total * KSM_THRES_COEF / 100]',
    'if [ $KSM_THRES_CONST -gt $thres ]; then',
    '    thres=$KSM_THRES_CONST',
    'fi',
    'PIDFILE=${PIDFILE-/var/run/ksmtune.pid}',
    `for samepage_name in ${NAMES.join(' ')}; do`,
    '  if [ -n "${!samepage_name+x}" ]; then printf "%s\\0%s\\0" "$samepage_name" "${!samepage_name}"; else printf "%s\\0\\1\\0" "$samepage_name"; fi',
    'done',
    'printf "__END__\\0"',
  ].join('\n');
}

export function bashAvailable(): boolean {
  return spawnSync('bash', ['-c', 'true']).status === 0;
}

export function runBashOracle(confText: string | Buffer, memTotalKb: number): OracleResult {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-oracle-'));
  try {
    const conf = join(dir, 'ksmtuned.conf');
    writeFileSync(conf, confText);
    const harness = join(dir, 'harness.sh');
    writeFileSync(harness, startupScript());
    const result = spawnSync('env', ['-i', `HOME=${dir}`, `TMPDIR=${dir}`, 'PATH=/usr/bin:/bin', `SAMEPAGE_CONF=${conf}`, `SAMEPAGE_TOTAL=${memTotalKb}`, 'bash', harness], {
      cwd: dir,
      timeout: 10_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const out = result.stdout.toString('utf8');
    const stderr = result.stderr.toString('utf8');
    const fields = out.split('\0');
    const end = fields.indexOf('__END__');
    if (end === -1) return { stderr, exited: true };
    const values: Record<string, string | null> = {};
    // output may start with whatever the conf printed; the pairs are the last 2*NAMES.length fields
    const pairs = fields.slice(end - NAMES.length * 2, end);
    for (let i = 0; i < pairs.length; i += 2) values[pairs[i].replace(/^[\s\S]*\n/, '')] = pairs[i + 1] === '\u0001' ? null : pairs[i + 1];
    return { values, stderr, exited: false };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
