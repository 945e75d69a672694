import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { effectiveKsmtunedValues } from '../../../engine/ksmtuned/effectiveValues';
import { bashAvailable, runBashOracle } from './bashOracle';

const FIXTURES = join('test', 'fixtures', 'ksmtuned');
const MEM_TOTALS = [8_000_000, 131_809_228, 1_000];

/** The engine's prediction, in the oracle's shape: undefined where it says "only run time can tell". */
function predict(text: string, memTotalKb: number): { exits: boolean; values: Record<string, string | null | undefined> } {
  const conf = effectiveKsmtunedValues(text);
  const startup = conf.startup(memTotalKb);
  const values: Record<string, string | null | undefined> = {};
  for (const [name, v] of Object.entries(conf.values)) values[name] = v.known ? (v.source === 'unset' ? null : v.value) : undefined;
  values.sleep = startup.sleep;
  values.thres = startup.thres;
  return { exits: conf.sourced.exits, values };
}

test('effective values and sleep/thres agree with bash on every fixture conf', { skip: !bashAvailable() && 'bash not installed' }, () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.conf')).sort();
  assert.ok(files.length >= 40, `corpus has ${files.length} confs`);
  let compared = 0;
  let unknown = 0;
  const mismatches: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    for (const total of MEM_TOTALS) {
      const bash = runBashOracle(text, total);
      const engine = predict(text, total);
      assert.equal(engine.exits, bash.exited, `${file}: does sourcing end the shell?`);
      if (!bash.values) continue;
      for (const [name, expected] of Object.entries(bash.values)) {
        const actual = engine.values[name];
        if (actual === undefined) {
          unknown++;
          continue;
        }
        compared++;
        if (actual !== expected) mismatches.push(`${file} @${total}: ${name} bash=${JSON.stringify(expected)} engine=${JSON.stringify(actual)}`);
      }
    }
  }
  assert.deepEqual(mismatches, []);
  assert.ok(compared > 1500, `compared ${compared}`);
  assert.ok(unknown < compared / 20, `unknown ${unknown} of ${compared}`);
  console.log(`bash agreement: ${files.length} confs × ${MEM_TOTALS.length} MemTotal values, ${compared} values identical, ${unknown} left to run time`);
});

test('hostile confs do what bash does, and their commands only ever touch the sandbox', { skip: !bashAvailable() && 'bash not installed' }, () => {
  const bash = runBashOracle(readFileSync(join(FIXTURES, 'hostile-touch.conf'), 'utf8'), 8_000_000);
  assert.equal(bash.values?.KSM_NPAGES_MIN, '32');
  const engine = effectiveKsmtunedValues(readFileSync(join(FIXTURES, 'hostile-touch.conf'), 'utf8'));
  assert.equal(engine.values.KSM_NPAGES_MIN.value, '32');
  assert.ok(engine.sourced.events.some((e) => e.kind === 'command' && e.message.includes('touch')));
});
