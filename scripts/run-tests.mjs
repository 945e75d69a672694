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
  { stdio: 'inherit' },
);
const text = readFileSync(tap, 'utf8');
rmSync(tapDir, { recursive: true, force: true });
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
const passed = count('pass');
const failed = count('fail') + count('cancelled');
console.log(`unit: ${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
