// `samepage measure` usage errors and dump refusals: no root needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { runCaptured } from './runCaptured';

test('usage errors name the option and exit 2', async () => {
  for (const [args, message] of [
    [['--pid', 'abc'], /--pid takes a process id, not 'abc'/],
    [['--pid', '1', '--dump', 'x.raw'], /--pid and --dump do not go together/],
    [['--interval', '0'], /--interval takes a number above 0/],
    [['--max-cpu', '150'], /--max-cpu takes a number above 0 and at most 100/],
    [['stray'], /Unexpected argument 'stray'/],
  ] as const) {
    const r = await runCaptured(['measure', ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});

test('a file that is not a dump is refused with exit 1 and nothing written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-measure-usage-'));
  try {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'these are my notes\n');
    const out = join(dir, 'x.samepage.json');
    const r = await runCaptured(['measure', '--dump', notes, '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /notes\.txt: not a memory dump: not ELF, and 19 bytes is not a whole number of 4 KiB pages/);
    assert.equal(existsSync(out), false);
    const missing = await runCaptured(['measure', '--dump', join(dir, 'none.raw'), '--out', out]);
    assert.match(missing.stderr, /none\.raw: cannot open \(ENOENT\)/);
    // Devices, FIFOs and folders are refused before a read (a FIFO with no writer used to hang the open).
    const fifo = join(dir, 'dump.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const path of ['/dev/zero', fifo, dir]) {
      const r2 = await runCaptured(['measure', '--dump', path, '--out', out]);
      assert.equal(r2.code, 1, path);
      assert.match(r2.stderr, /not a regular file .*: a guest memory dump is a file/, path);
    }
    assert.equal(existsSync(out), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
