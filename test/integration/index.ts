// Mocha entry point that the VS Code extension host loads (extensionTestsPath). It runs every test
// file listed in tests.json (written by scripts/integration/build-tests.mjs, one per
// test/integration/**/*.test.ts) and writes the counts to $SAMEPAGE_IT_RESULTS for the runner,
// which prints the summary line. Resolving means all passed; rejecting makes the host exit 1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, grep: process.env.SAMEPAGE_IT_GREP || undefined });
  const files: string[] = JSON.parse(fs.readFileSync(path.join(__dirname, 'tests.json'), 'utf8'));
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  const results: SuiteResults = { passed: 0, failed: 0, pending: 0, failures: [] };
  try {
    await new Promise<void>((resolve) => {
      mocha
        .run(() => resolve())
        .on('pass', () => results.passed++)
        .on('pending', () => results.pending++)
        .on('fail', (test, err) => {
          results.failed++;
          results.failures.push({ title: test.fullTitle(), error: String(err?.message ?? err).split('\n')[0] });
        });
    });
  } finally {
    // Also when loading a test file throws: the runner then sees failed = 0 and no passes, i.e. a failure.
    if (process.env.SAMEPAGE_IT_RESULTS) fs.writeFileSync(process.env.SAMEPAGE_IT_RESULTS, JSON.stringify(results, null, 2));
  }
  if (results.failed > 0) throw new Error(`${results.failed} integration test(s) failed`);
  if (results.passed === 0) throw new Error('no integration test ran');
}
