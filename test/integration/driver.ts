// Client of the harness's driver (scripts/integration/headless-host.mjs): what a test cannot do
// from the extension host, because it needs the workbench's DOM: read or click inside the what-if
// webview, wait for a workbench widget, take a screenshot. Only the headless harness serves it.
import * as assert from 'node:assert/strict';

type Request =
  | { action: 'webviewText' | 'webviewClick' | 'webviewWait' | 'webviewScroll'; selector: string; timeoutMs?: number }
  | { action: 'webviewFill'; selector: string; value: string; timeoutMs?: number }
  | { action: 'workbenchWait'; selector: string; timeoutMs?: number }
  | { action: 'screenshot'; path: string };

async function drive(request: Request): Promise<{ text?: string }> {
  const url = process.env.SAMEPAGE_IT_DRIVER;
  assert.ok(url, 'SAMEPAGE_IT_DRIVER is set (the headless harness serves the driver; a desktop build has none)');
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(request) });
  const reply = (await response.json()) as { ok: boolean; text?: string; error?: string };
  if (!reply.ok) throw new Error(`driver ${request.action}: ${reply.error}`);
  return reply;
}

/** innerText of the first element matching `selector` in the what-if page (waits for it). */
export async function webviewText(selector: string, timeoutMs?: number): Promise<string> {
  return (await drive({ action: 'webviewText', selector, timeoutMs })).text ?? '';
}

export async function webviewClick(selector: string, timeoutMs?: number): Promise<void> {
  await drive({ action: 'webviewClick', selector, timeoutMs });
}

/** Scrolls the what-if page so that `selector` is at the top. */
export async function webviewScroll(selector: string): Promise<void> {
  await drive({ action: 'webviewScroll', selector });
}

/** Types `value` into the what-if page's input `selector` and leaves it (Tab), as a user edits a field. */
export async function webviewFill(selector: string, value: string, timeoutMs?: number): Promise<void> {
  await drive({ action: 'webviewFill', selector, value, timeoutMs });
}

/** The what-if form's input labelled `label`. */
export function field(label: string): string {
  return `.field:has(> label:text-is("${label}")) > input`;
}

/** Waits until an element matching `selector` exists in the what-if page. */
export async function webviewWait(selector: string, timeoutMs?: number): Promise<void> {
  await drive({ action: 'webviewWait', selector, timeoutMs });
}

/** Waits until a workbench element (a hover, the quick-fix menu) is visible. */
export async function workbenchWait(selector: string, timeoutMs?: number): Promise<void> {
  await drive({ action: 'workbenchWait', selector, timeoutMs });
}

/** A PNG of the whole workbench, written by the harness to `path` (inside the checkout). */
export async function screenshot(path: string): Promise<void> {
  await drive({ action: 'screenshot', path });
}
