/**
 * Test helpers for the webview page: Debian's chromium (installed on demand, under a lock shared
 * with the integration harness), the page's script bundled fresh with esbuild, and a tiny HTTP
 * server that serves it with the extension's real HTML and CSP.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { renderHtml } from '../../client/whatif/html';

export const CHROMIUM = '/usr/bin/chromium';

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  execFileSync('flock', ['/tmp/samepage-apt.lock', 'apt-get', 'install', '-y', 'chromium'], { stdio: 'inherit' });
}

export async function bundleWebview(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build({ entryPoints: ['client/webview/main.ts'], outfile: join(outDir, 'main.js'), bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'warning' });
}

/** Serves the panel page (nonce'd, strict CSP) plus the bundle, the styles and a theme stylesheet. */
export function servePanel(outDir: string, themeCss: () => string): Promise<{ server: Server; url: string }> {
  const files: Record<string, () => { type: string; body: string | Buffer }> = {
    '/main.js': () => ({ type: 'text/javascript', body: readFileSync(join(outDir, 'main.js')) }),
    '/uPlot.min.css': () => ({ type: 'text/css', body: readFileSync('node_modules/uplot/dist/uPlot.min.css') }),
    '/style.css': () => ({ type: 'text/css', body: readFileSync('client/webview/style.css') }),
    '/theme.css': () => ({ type: 'text/css', body: themeCss() }),
  };
  const server = createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    if (req.url === '/' || req.url === '/index.html') {
      const html = renderHtml({ cspSource: origin, nonce: 'dGVzdG5vbmNldGVzdG5vbmNl', scriptUri: `${origin}/main.js`, styleUris: [`${origin}/theme.css`, `${origin}/uPlot.min.css`, `${origin}/style.css`] });
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    if (req.url === '/favicon.ico') return void res.writeHead(204).end();
    const file = files[req.url ?? ''];
    if (!file) return void res.writeHead(404).end();
    const { type, body } = file();
    res.writeHead(200, { 'content-type': type }).end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

export const ARTIFACTS = resolve('test-artifacts');
