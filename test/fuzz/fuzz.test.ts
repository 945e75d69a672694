// The CI sample of `npm run fuzz`: a few hundred seeded inputs per target, the same checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TARGETS } from './targets';
import { fuzzLsp, lspMessage } from './lspMessages';

const SEED = 15;

for (const [k, target] of TARGETS.entries()) {
  test(`fuzz sample: ${target.name} never crashes and keeps every range inside the input`, () => {
    for (const input of fc.sample(target.input, { numRuns: 150, seed: SEED + k })) {
      assert.doesNotThrow(() => target.check(input), JSON.stringify(input.slice(0, 300)));
    }
  });
}

test('fuzz sample: LSP messages never stop the server, and well-formed ones never make it log an exception', async () => {
  const { failures } = await fuzzLsp(fc.sample(lspMessage, { numRuns: 300, seed: SEED }));
  assert.deepEqual(failures, []);
});
