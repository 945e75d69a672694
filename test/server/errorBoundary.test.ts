import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import { createMessageConnection, ErrorCodes, ResponseError, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { ErrorBoundary } from '../../server/errorBoundary';

function pair() {
  const up = new PassThrough();
  const down = new PassThrough();
  const server = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  const client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  return { server, client };
}

test('a throwing or rejecting request handler is answered with an InternalError and logged; the connection keeps serving', async () => {
  const { server, client } = pair();
  const logged: string[] = [];
  const boundary = new ErrorBoundary((m) => logged.push(m));
  server.onRequest('test/throws', boundary.request('throws', () => {
    throw new Error('boom');
  }));
  server.onRequest('test/rejects', boundary.request('rejects', async () => Promise.reject(new Error('later'))));
  server.onRequest('test/works', boundary.request('works', (p: { n: number }) => p.n + 1));
  server.listen();
  client.listen();
  for (const [method, text] of [['test/throws', 'throws failed: boom'], ['test/rejects', 'rejects failed: later']]) {
    await assert.rejects(client.sendRequest(method, {}), (e: unknown) => e instanceof ResponseError && e.code === ErrorCodes.InternalError && e.message === text);
  }
  assert.equal(await client.sendRequest('test/works', { n: 1 }), 2);
  assert.equal(logged.length, 2);
  assert.match(logged[0], /^throws failed: boom\nError: boom\n\s+at /);
  client.dispose();
  server.dispose();
});

test('a throwing timer callback is logged instead of ending the process', async () => {
  const logged: string[] = [];
  const boundary = new ErrorBoundary((m) => logged.push(m));
  await new Promise<void>((resolve) => {
    setTimeout(boundary.callback('tick', () => {
      throw new URIError('URI malformed');
    }), 1);
    setTimeout(resolve, 20);
  });
  assert.match(logged[0], /^tick failed: URI malformed/);
});

test('a log that itself fails (the connection is gone) does not escape the boundary', () => {
  const boundary = new ErrorBoundary(() => {
    throw new Error('Connection is disposed.');
  });
  assert.doesNotThrow(() => boundary.callback('x', () => {
    throw new Error('first');
  })());
});

/** Handlers are registered with `.onXxx(`; timers with setTimeout/setInterval. */
const REGISTRATION = /\.on[A-Z]\w*\(\s*(?:[A-Z_]+,\s*)?|\bset(?:Timeout|Interval)\(\s*/g;

test('every handler, event and timer in server/ is registered through the error boundary', () => {
  const offences: string[] = [];
  let registrations = 0;
  for (const name of readdirSync('server')) {
    const text = readFileSync(join('server', name), 'utf8');
    for (const match of text.matchAll(REGISTRATION)) {
      registrations += 1;
      const argument = text.slice(match.index + match[0].length, match.index + match[0].length + 40);
      if (!/^(?:state\.)?boundary\.(?:request|callback)\(/.test(argument)) offences.push(`${name}: ${match[0]}${argument.split('\n')[0]}`);
    }
  }
  assert.deepEqual(offences, []);
  assert.ok(registrations >= 12, `only ${registrations} registrations found: the pattern no longer sees them`);
});
