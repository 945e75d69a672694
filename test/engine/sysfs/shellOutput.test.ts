import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { echoOutput, printfOutput } from '../../../engine/sysfs/shellOutput';

/** Runs a builtin in the real shell with literal arguments and returns its stdout bytes as Latin-1 characters. */
function real(shell: 'bash' | 'dash', args: string[]): string | undefined {
  const r = spawnSync(shell, ['-c', '"$@"', shell, ...args], { encoding: 'latin1' });
  return r.error ? undefined : r.stdout;
}

const ECHO_CASES = [['5'], ['-n', '5'], ['-e', '5\\n'], ['-n', '-e', 'a\\tb'], ['-ne', '1\\c2'], ['-E', '1\\n'], ['1', '2'], ['-x', '5'], ['-e', '\\0101\\x41\\e'], ['--', '5'], ['-e', 'a\\\\b'], [], ['-n'], ['-e', '\\u00e9']];
const PRINTF_CASES = [['%s', '5'], ['%s\\n', '5'], ['%d', '010'], ['%d', '0x10'], ['%d\\n', '-3'], ['%s %s\\n', 'a', 'b', 'c'], ['\\101\\0123'], ['%b', 'x\\ny'], ['100%%'], ['%c', 'abc'], ['%s', ''], ['%u', '-1'], ['a\\cb'], ['%d', "'A"], ['%5d', '3'], ['%q', 'x']];

test('echo output matches the real bash and dash byte for byte', (t) => {
  if (real('bash', ['echo']) === undefined) return t.skip('no bash');
  for (const args of ECHO_CASES) {
    const model = echoOutput(args, 'bash');
    if (model !== undefined) assert.equal(model, real('bash', ['echo', ...args]), `bash echo ${JSON.stringify(args)}`);
  }
  if (real('dash', ['echo']) === undefined) return;
  for (const args of ECHO_CASES) {
    const model = echoOutput(args, 'dash');
    if (model !== undefined) assert.equal(model, real('dash', ['echo', ...args]), `dash echo ${JSON.stringify(args)}`);
  }
});

test('printf output matches the real bash byte for byte, or is reported unknown', (t) => {
  if (real('bash', ['echo']) === undefined) return t.skip('no bash');
  let known = 0;
  for (const [format, ...args] of PRINTF_CASES) {
    const model = printfOutput(format, args);
    if (model === undefined) continue;
    known++;
    assert.equal(model, real('bash', ['printf', format, ...args]), `printf ${JSON.stringify([format, ...args])}`);
  }
  assert.ok(known >= PRINTF_CASES.length - 2, `${known} of ${PRINTF_CASES.length} modelled`);
});
