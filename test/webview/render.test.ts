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
import { formKnowledge } from '../../client/whatif/formKnowledge';
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
    await send({ type: 'init', v: 1, panelId: 'panel-test-1', scenario, source: { kind: 'scenario', label: 'examples/seed-small.json', canApply: true }, form: formKnowledge(), notes: ['Test page.'], keepResults: false });
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
    assert.match(await page.locator('.comparison').innerText(), /^B saves [\d.]+ GiB (more|less) than A/);
    // The charts use the panel's width (not a fixed maximum), and every placeholder fits its input.
    const widths = await page.evaluate(() => ({ host: document.querySelector('.charts')!.clientWidth, canvas: document.querySelector('#chart-saved canvas')!.getBoundingClientRect().width }));
    assert.ok(widths.canvas >= widths.host - 8, `chart ${widths.canvas}px in a ${widths.host}px panel`);
    const cutOff = await page.evaluate(() => {
      const probe = document.createElement('canvas').getContext('2d')!;
      return Array.from(document.querySelectorAll<HTMLInputElement>('input[placeholder]')).flatMap((input) => {
        const style = getComputedStyle(input);
        probe.font = `${style.fontSize} ${style.fontFamily}`;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24; // the number spinner
        return probe.measureText(input.placeholder).width > room ? [input.placeholder] : [];
      });
    });
    assert.deepEqual(cutOff, [], 'placeholders cut off');
    // general_profit over time, and the figures under the JSON result's names, for A and for B.
    await page.waitForFunction(() => document.querySelectorAll('#chart-profit canvas').length > 0);
    assert.match(await page.locator('#chart-profit .u-legend').innerText(), /A · generalProfitBytes[\s\S]*B · generalProfitBytes/);
    const figures = await page.locator('.run-a dl.figures').innerText();
    for (const name of ['generalProfitBytes', 'savedBytesPerCpuSecond', 'ksmdCpuSeconds', 'settledSeconds', 'zeroPageSavedBytes']) assert.match(figures, new RegExp(name));
    assert.match(figures, new RegExp(`generalProfitBytes\\s+${(a.figures.generalProfitBytes / 2 ** 30).toFixed(2)} GiB`));
    assert.equal(await page.locator('.run-a table.per-guest tbody tr').count(), a.figures.perGuest.length);
    assert.match(await page.locator('.run-a table.per-guest').innerText(), /mergingPages\s+zeroPages\s+rmapItems\s+profitBytes/);
    assert.ok(a.series.generalProfitGiB.at(-1)! < a.series.savedGiB.at(-1)!, 'general_profit is the saving less the rmap overhead');
    const legend = await page.locator('#chart-free .u-legend').innerText();
    assert.match(legend, /A · ksmtuned threshold/);
    assert.match(legend, /B · ksmtuned threshold/);
    assert.match(legend, /A · free/);
    assert.match(legend, /B · free/);
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

    // A second identical result for B: the panel says there is no difference.
    await send({ type: 'result', slot: 'b', runId: 3, run: { ...a, label: 'Same again', figures: { ...a.figures, perGuestTotal: 70 } } });
    await page.waitForFunction(() => /No difference/.test(document.querySelector('.comparison')!.textContent ?? ''));
    // A host with more guests than the page lists says how many it left out.
    assert.match(await page.locator('.run-b table.per-guest caption').innerText(), new RegExp(`the first ${a.figures.perGuest.length} of 70 \\(all in the JSON export\\)`));

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
    const state = await page.evaluate(() => (window as unknown as { __state: { v: number; panelId: string } }).__state);
    assert.equal(state.v, 1, 'state persisted with setState');
    assert.equal(state.panelId, 'panel-test-1', 'the panel id is kept, the document is not');

    // The edits above made A and B out of date: both stay, dimmed, with a badge.
    assert.equal(await page.locator('.run.dimmed').count(), 2);
    assert.match(await page.locator('.run-a').innerText(), /Out of date/);
    // A rerun that is cancelled keeps A's previous result and says so; progress shows from the start.
    await send({ type: 'running', slot: 'a', runId: 4 });
    assert.equal(await page.locator('.toolbar progress:not([value])').count(), 1, 'an indeterminate bar while the guests are built');
    assert.match(await page.locator('.status').innerText(), /Preparing A/);
    await send({ type: 'progress', runId: 4, phase: 'simulating', fraction: 0.25 });
    assert.match(await page.locator('.status').innerText(), /Simulating A… 25%/);
    await send({ type: 'cancelled', slot: 'a', runId: 4 });
    assert.match(await page.locator('.status').innerText(), /Cancelled\. A keeps its previous result, which is out of date/);
    assert.match(await page.locator('.run-a .headline').innerText(), /GiB saved/);
    assert.equal(await page.locator('.toolbar progress').count(), 0);
    // The new result replaces the dimmed one.
    await send({ type: 'running', slot: 'a', runId: 5 });
    await send({ type: 'result', slot: 'a', runId: 5, run: a });
    await page.waitForFunction(() => !document.querySelector('.run-a')!.classList.contains('dimmed'));
    await page.screenshot({ path: join(ARTIFACTS, 'whatif-after-rerun.png'), fullPage: true });
    assert.deepEqual(errors.filter((e) => /Content Security Policy|Refused/.test(e)), [], 'no CSP violations');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});
