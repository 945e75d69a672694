// Runs the node:test suites (engine, server over JSON-RPC, CLI, ...) from TypeScript sources via tsx.
// Usage: node scripts/run-tests.mjs [PATH-FILTER...]; prints "unit: N passed, N failed" last.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (path !== join('test', 'integration') && name !== 'fixtures') out.push(...collect(path));
    } else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = collect('test').filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(2);
}
// A private TAP file: several runs in one checkout at once must not count each other's tests.
const tapDir = mkdtempSync(join(tmpdir(), 'samepage-unit-'));
const tap = join(tapDir, 'unit.tap');
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
  {
    stdio: 'inherit',
    // Browsers and tools started by tests keep their config, caches and crash reports here, not in $HOME.
    env: { ...process.env, XDG_CONFIG_HOME: join(tapDir, 'config'), XDG_CACHE_HOME: join(tapDir, 'cache'), XDG_DATA_HOME: join(tapDir, 'data') },
  },
);
const text = readFileSync(tap, 'utf8');
rmSync(tapDir, { recursive: true, force: true });
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
const passed = count('pass');
// A test that did not run did not pass: a skip (missing tool, missing fixture) counts as a failure.
const skipped = count('skipped');
const todo = count('todo');
const failed = count('fail') + count('cancelled') + skipped;
if (skipped > 0) console.log(`unit: ${skipped} skipped test(s) counted as failed (see "# SKIP" above)`);
if (todo > 0) console.log(`unit: ${todo} known deviation(s) reported as todo, not counted as passed (see "# TODO" above)`);
console.log(`unit: ${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
