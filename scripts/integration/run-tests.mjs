// Runs the integration suite (out/integration) inside a VS Code extension host through
// @vscode/test-electron's runTests(). The executable is a real VS Code desktop build when
// SAMEPAGE_VSCODE_EXECUTABLE names one (run under xvfb-run on a display-less machine), otherwise
// scripts/code-headless (VS Code server + headless Chromium).
//
// The suite writes its counts to a results file; this runner prints the one summary line
// "integration: N passed, N failed". Exit status 0 only when the host exited 0, the suite reported,
// at least one test ran and none failed or was skipped.
import { runTests } from '@vscode/test-electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const executable = process.env.SAMEPAGE_VSCODE_EXECUTABLE || path.join(root, 'scripts/code-headless');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samepage-it-run-'));

// Tests may edit and save files: give them a scratch copy of the fixture workspace.
const workspace = path.join(tmp, 'workspace');
fs.cpSync(path.join(root, 'test/integration/fixtures/workspace'), workspace, { recursive: true });
const resultsFile = path.join(tmp, 'results.json');

let hostError;
try {
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/integration/index.js'),
    launchArgs: [
      workspace,
      '--disable-extensions',
      `--user-data-dir=${path.join(tmp, 'user-data')}`,
      `--extensions-dir=${path.join(tmp, 'extensions')}`,
    ],
    extensionTestsEnv: {
      SAMEPAGE_IT_RESULTS: resultsFile,
      SAMEPAGE_IT_FORCE_FAIL: process.env.SAMEPAGE_IT_FORCE_FAIL ?? '',
      SAMEPAGE_IT_GREP: process.env.SAMEPAGE_IT_GREP ?? '',
      SAMEPAGE_IT_SCREENSHOTS: process.env.SAMEPAGE_IT_SCREENSHOTS ?? '',
    },
  });
} catch (err) {
  hostError = err;
}

const results = readResults();
let { passed = 0, failed = 0 } = results ?? {};
const problems = [];
if (!results) problems.push('the suite never reported (did not start, or crashed while loading)');
if (results?.pending > 0) problems.push(`${results.pending} test(s) skipped; a skipped test never counts as passing`);
if (results && passed + failed === 0) problems.push('no test ran');
if (hostError && failed === 0) problems.push(`extension host: ${hostError.message ?? hostError}`);
// Anything wrong besides failed tests counts as one more failure, so the total never looks green.
if (problems.length > 0 && failed === 0) failed = 1;
for (const problem of problems) console.log(`[integration] ${problem}`);
for (const f of results?.failures ?? []) console.log(`[integration] FAILED ${f.title}: ${f.error}`);
console.log(`integration: ${passed} passed, ${failed} failed`);
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(failed === 0 && passed > 0 ? 0 : 1);

function readResults() {
  try {
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  } catch {
    return undefined;
  }
}
