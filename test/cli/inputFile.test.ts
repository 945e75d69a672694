import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../cli/run';
import { INPUT_LIMITS, readInputFile, InputError } from '../../cli/usage';

async function cli(args: string[], stdin?: Readable): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), stderrIsTty: false, stdin });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'samepage-input-'));
const fifo = join(dir, 'fifo');
execFileSync('mkfifo', [fifo]);
const conf = join(dir, 'ksmtuned.conf');
writeFileSync(conf, 'KSM_THRES_COEF=20\n');

/** Every place a command reads a file, with the other arguments it needs. */
const READERS: Array<(file: string) => string[]> = [
  (f) => ['lint', f],
  (f) => ['lint', '--as', 'ksmtuned', f],
  (f) => ['config', f],
  (f) => ['explain-log', f],
  (f) => ['explain-log', conf, '--conf', f],
  (f) => ['whatif', f],
  (f) => ['replay', f],
  (f) => ['replay', 'test/fixtures/traces/s25_chain_20001_mps2.jsonl', '--host', f],
  (f) => ['fidelity', f],
  (f) => ['calibrate', f],
];

test('every command refuses devices, FIFOs and directories before reading them', async () => {
  for (const args of READERS) {
    for (const [file, reason] of [
      ['/dev/zero', /not a regular file/],
      ['/dev/urandom', /not a regular file/],
      [fifo, /not a regular file/],
      [dir, /it is a directory/],
      [join(dir, 'missing'), /ENOENT/],
    ] as const) {
      const r = await cli(args(file));
      assert.equal(r.code, 1, `${args(file).join(' ')}: ${r.err}`);
      if (args(file)[0] === 'whatif' && file === dir) {
        // whatif reads a folder as libvirt domains / Proxmox VM configs; this one holds none
        assert.match(r.err, /holds no libvirt domain XML or Proxmox VM config/);
        continue;
      }
      assert.match(r.err, new RegExp(`^samepage ${args(file)[0]}: cannot read ${file.replace(/[/.]/g, '\\$&')}: ${reason.source}`), args(file).join(' '));
    }
  }
});

test('a file larger than what it can hold is refused from its size, before it is read', async () => {
  const big = join(dir, 'big.conf');
  writeFileSync(big, '');
  truncateSync(big, INPUT_LIMITS.text.maxBytes + 1); // sparse: costs no disk
  const r = await cli(['config', big]);
  assert.equal(r.code, 1);
  assert.match(r.err, /^samepage config: cannot read .*big\.conf: 5\.0 MiB, more than a configuration file or script can be \(limit 5\.0 MiB\)\n$/);
});

test('- reads standard input with the same cap (lint, config, explain-log)', async () => {
  const lint = await cli(['lint', '--as', 'ksmtuned', '-'], Readable.from(['KSM_NPAGES_MAX=1\u0000\n']));
  assert.equal(lint.code, 1);
  assert.match(lint.out, /^-:1:17: error \[samepage\/binary-content\]/m);
  const config = await cli(['config', '-', '--json', '--mem-total-kb', '8000000'], Readable.from(['KSM_THRES_COEF=20\n']));
  assert.equal(config.code, 0);
  assert.equal(JSON.parse(config.out).thres, '1600000');
  const log = await cli(['explain-log', '-'], Readable.from(['Thu Nov 26 19:07:34 UTC 2026: total 131809228\nThu Nov 26 19:08:34 UTC 2026: committed 0 free 93409576\nThu Nov 26 19:08:34 UTC 2026: 26361845 < 131809228 and free > 26361845, stop ksm\n']));
  assert.equal(log.code, 0, log.err);
  const endless = Readable.from((function* () {
    for (;;) yield Buffer.alloc(1 << 20);
  })());
  const capped = await cli(['config', '-'], endless);
  assert.equal(capped.code, 1);
  assert.match(capped.err, /^samepage config: cannot read -: more than a configuration file or script can be \(limit 5\.0 MiB\)\n$/);
  assert.match((await cli(['config', '-'])).err, /cannot read -: no standard input/);
});

test('readInputFile reads /proc files, whose size says 0', async () => {
  const text = await readInputFile('test', '/proc/self/status', INPUT_LIMITS.text);
  assert.match(text, /^Name:/);
  await assert.rejects(readInputFile('test', '/proc/self/status', { maxBytes: 10, what: 'a tiny file' }), InputError);
});

test('lint checks and reports every readable file when another cannot be read, names it on stderr and exits 1', async () => {
  const clean = join(dir, 'clean.conf');
  writeFileSync(clean, 'KSM_THRES_COEF=20\n');
  const broken = join(dir, 'broken.conf');
  writeFileSync(broken, 'KSM_NPAGES_MAX=1\u0000\n');
  const missing = join(dir, 'missing.conf');
  const text = await cli(['lint', '--as', 'ksmtuned', broken, missing, clean, '/dev/zero']);
  assert.equal(text.code, 1);
  assert.match(text.out, /broken\.conf:1:17: error \[samepage\/binary-content\]/);
  assert.match(text.err, new RegExp(`^samepage lint: cannot read ${missing.replace(/[/.]/g, '\\$&')}: ENOENT$`, 'm'));
  assert.match(text.err, /^samepage lint: cannot read \/dev\/zero: not a regular file/m);
  assert.match(text.err, /finding\(s\), \d+ error\(s\) in 2 file\(s\); 2 file\(s\) could not be read\n$/);
  // Unreadable files alone still exit 1 even without findings; JSON output stays valid JSON.
  const json = await cli(['lint', '--format', 'json', clean, missing]);
  assert.equal(json.code, 1);
  assert.deepEqual(JSON.parse(json.out), []);
  assert.match(json.err, /cannot read .*missing\.conf: ENOENT/);
});
