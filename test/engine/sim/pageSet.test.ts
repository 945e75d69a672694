import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PageSet } from '../../../engine/sim/pageSet';

test('a page set walks its pages in address order and wraps, as a list of them would', () => {
  const start = 1000;
  const pages = [1000, 1031, 1032, 1033, 1100, 1199];
  const set = new PageSet(start, 1200);
  for (const p of [...pages, 1032]) set.add(p);
  assert.equal(set.size, pages.length);
  assert.ok(set.has(1033) && !set.has(1034) && !set.has(999) && !set.has(1200));
  const walked: number[] = [];
  let cursor = start;
  for (let k = 0; k < 2 * pages.length + 1; k++) {
    const p = set.nextFrom(cursor);
    walked.push(p);
    cursor = p + 1;
  }
  assert.deepEqual(walked, [...pages, ...pages, pages[0]]);
  assert.equal(set.nextFrom(1101), 1199);
  assert.equal(set.nextFrom(1200), 1000);
  assert.equal(new PageSet(0, 10).nextFrom(0), -1);
});
