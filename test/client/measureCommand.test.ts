import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { measureArgv, progressOf, shellQuote, sudoMeasureCommand } from '../../client/measure/cliCommand';

test('the sudo command survives a real shell word for word, odd paths included', () => {
  const cmd = sudoMeasureCommand('/opt/VS Code/code', "/home/o'neil/.vscode/extensions/samepage-0.1.0/dist/cli/samepage.js", '/home/me/my host.samepage.json');
  assert.match(cmd, /^sudo env ELECTRON_RUN_AS_NODE=1 /);
  // Replace sudo by printf to see the words the shell hands over.
  const words = spawnSync('sh', ['-c', `printf '%s\\n' ${cmd.replace(/^sudo /, '')}`], { encoding: 'utf8' }).stdout.trimEnd().split('\n');
  assert.deepEqual(words, ['env', 'ELECTRON_RUN_AS_NODE=1', '/opt/VS Code/code', "/home/o'neil/.vscode/extensions/samepage-0.1.0/dist/cli/samepage.js", 'measure', '--out', '/home/me/my host.samepage.json']);
  assert.equal(shellQuote('plain/path-1.json'), 'plain/path-1.json');
  assert.deepEqual(measureArgv('/x/samepage.js', 'o.json'), ['/x/samepage.js', 'measure', '--out', 'o.json']);
});

test('progress lines of the CLI are read; anything else is not', () => {
  assert.deepEqual(progressOf('measure: pass 1: 37% (1.20 of 3.25 GiB of mapped memory)'), { pass: 1, percent: 37 });
  assert.deepEqual(progressOf('measure: pass 4: 100% (x)'), { pass: 4, percent: 100 });
  assert.equal(progressOf('measure: ionice is not available'), undefined);
});
