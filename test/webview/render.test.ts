/**
 * The what-if page in headless Chromium, with the extension's real HTML and CSP and a stub
 * acquireVsCodeApi: it must say 'ready', render a real run's result as charts, words and a table,
 * keep working across a theme switch, and show no CSP violation. Screenshots go to test-artifacts/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { simulate } from '../../engine/sim/simulate';
import { runWhatIf } from '../../engine/whatif/run';
import { seedScenario, withDistributionDefaults } from '../../engine/whatif/seed';
import type { Scenario } from '../../engine/whatif/scenario';
import { toRunView } from '../../client/whatif/runView';
import { scenarioRanges } from '../../client/whatif/ranges';
import { ARTIFACTS, bundleWebview, CHROMIUM, ensureChromium, servePanel } from './browser';
import { themeCss } from './themes';

/** A small version of the seed (four 1 GiB Windows guests on a 16 GiB host) so the test runs fast. */
function smallScenario(): Scenario {
  const s = seedScenario();
  s.name = 'Four 1 GiB Windows 10 guests, 16 GiB host';
  s.host = { ...s.host, memTotalKb: 16 * 2 ** 20, otherUsedKb: 2 ** 20, cachedKb: 2 ** 19 };
  s.guests = [{ ...s.guests[0], memoryMiB: 1024 }];
  s.knobs = { run: 1, pages_to_scan: 1000, sleep_millisecs: 20 };
  s.durationSeconds = 300;
  return s;
}

test('the what-if page renders a run in light, dark and high-contrast themes under its CSP', { timeout: 180_000 }, async () => {
  ensureChromium();
  const outDir = join('out', 'webview-test');
  await bundleWebview(outDir);
  const { server, url } = await servePanel(outDir, () => themeCss('light') + themeCss('dark') + themeCss('high-contrast'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const scenario = smallScenario();
  const a = toRunView(runWhatIf(scenario, simulate), 'Edited configuration');
  const b = toRunView(runWhatIf({ ...withDistributionDefaults(scenario), knobs: { run: 1 } }, simulate), 'Distribution defaults');

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1700 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    // A string, not a function: the test runner's transpiler would add helpers the page lacks.
    await page.addInitScript(`
      window.__posted = [];
      window.__state = undefined;
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__posted.push(m),
        getState: () => window.__state,
        setState: (s) => { window.__state = s; },
      });
      document.addEventListener('DOMContentLoaded', () => document.body.classList.add('vscode-light'));
    `);
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));

    const send = (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message);
    await send({ type: 'init', v: 1, scenario, source: { kind: 'scenario', label: 'examples/seed-small.json', canApply: true, uri: 'file:///w/seed-small.json' }, ranges: scenarioRanges(), notes: ['Test page.'], keepResults: false });
    await send({ type: 'this is not a message' }); // must be ignored
    await send({ type: 'result', slot: 'a', runId: 1, run: a });
    await send({ type: 'result', slot: 'b', runId: 2, run: b });
    await page.waitForSelector('body[data-result="ready"]');
    await page.waitForFunction(() => document.querySelectorAll('#chart-saved canvas').length > 0);

    assert.equal(await page.locator('.charts canvas').count() >= 4, true, 'four uPlot canvases');
    const summary = await page.locator('.summary').innerText();
    assert.match(summary, /A: Edited configuration/);
    assert.match(summary, /B: Distribution defaults/);
    assert.match(summary, /KSM saves .* GiB after 5 min|KSM saves nothing/);
    assert.match(summary, /ksmd uses/);
    assert.equal(await page.locator('table.data').count(), 2);
    // The controller part: every controller offered, and the same host runnable as B under another.
    assert.equal(await page.locator('#controller option').count(), 8);
    assert.equal(await page.locator('#compare-controller option').count(), 8);
    assert.ok((await page.locator('table.data tbody tr').count()) > 10);
    assert.equal(await page.getAttribute('.summary', 'aria-live'), 'polite');
    await page.screenshot({ path: join(ARTIFACTS, 'whatif-light.png'), fullPage: true });

    // Theme switch: the charts are rebuilt with the dark palette.
    const strokeBefore = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--vscode-charts-green').trim());
    await page.evaluate(() => {
      document.body.classList.remove('vscode-light');
      document.body.classList.add('vscode-dark');
    });
    await page.waitForFunction(() => document.querySelectorAll('.charts canvas').length >= 4);
    const strokeAfter = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--vscode-charts-green').trim());
    assert.notEqual(strokeBefore, strokeAfter);
    await page.screenshot({ path: join(ARTIFACTS, 'whatif-dark.png'), fullPage: true });
    await page.evaluate(() => {
      document.body.classList.remove('vscode-dark');
      document.body.classList.add('vscode-high-contrast');
    });
    await page.waitForFunction(() => document.querySelectorAll('.charts canvas').length >= 4);
    await page.screenshot({ path: join(ARTIFACTS, 'whatif-high-contrast.png'), fullPage: true });

    // Editing: values are clamped to the ranges and focus stays where the keyboard user is.
    const coef = page.getByLabel('KSM_THRES_COEF', { exact: true });
    await coef.fill('50');
    await coef.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), await page.getByLabel('KSM_THRES_CONST', { exact: true }).getAttribute('id'));
    const count = page.getByLabel('Count', { exact: true });
    await count.fill('5000');
    await count.press('Tab');
    assert.equal(await count.inputValue(), '1024', 'clamped to the largest guest count');

    // Keyboard: the Run button answers Enter and posts the edited scenario.
    await page.focus('.toolbar button.primary');
    await page.keyboard.press('Enter');
    const posted = await page.evaluate(() => (window as unknown as { __posted: Array<{ type: string; slot?: string; scenario?: { ksmtuned: { values: Record<string, string> }; guests: Array<{ count: number }> } }> }).__posted);
    const runMessage = posted.find((m) => m.type === 'run' && m.slot === 'a');
    assert.ok(runMessage);
    assert.equal(runMessage.scenario!.ksmtuned.values.KSM_THRES_COEF, '50');
    assert.equal(runMessage.scenario!.guests[0].count, 1024);
    const state = await page.evaluate(() => (window as unknown as { __state: { v: number } }).__state);
    assert.equal(state.v, 1, 'state persisted with setState');
    assert.deepEqual(errors.filter((e) => /Content Security Policy|Refused/.test(e)), [], 'no CSP violations');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});
