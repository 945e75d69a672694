import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitTmpfilesLine, tmpfilesWriteBytes } from '../../../engine/sysfs/tmpfiles';

const ARGUMENTS = ['1', '100', 'hello world', 'a\\nb\\x41', '"quoted"', "'single'", '%%x', '1\\t2', 'trailing  ', '\\\\', '-', 'x\\s y', '\\101'];

test('w arguments produce the bytes systemd-tmpfiles really writes', (t) => {
  if (spawnSync('systemd-tmpfiles', ['--version']).error) return t.skip('no systemd-tmpfiles');
  const dir = mkdtempSync(join(tmpdir(), 'samepage-tmpfiles-'));
  const lines = ARGUMENTS.map((arg, i) => {
    writeFileSync(join(dir, `f${i}`), '');
    return `w ${join(dir, `f${i}`)} - - - - ${arg}`;
  });
  writeFileSync(join(dir, 'test.conf'), lines.join('\n') + '\n');
  spawnSync('systemd-tmpfiles', ['--create', join(dir, 'test.conf')], { encoding: 'utf8' });
  lines.forEach((line, i) => {
    const { type, argument } = splitTmpfilesLine(line);
    const model = tmpfilesWriteBytes(type!, argument);
    const written = readFileSync(join(dir, `f${i}`), 'latin1');
    assert.equal(model ?? '', written, `argument ${JSON.stringify(ARGUMENTS[i])}`);
  });
});
