import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OrderSample, orderKeyOfPage, positionsInPlace } from '../../../engine/measure/memcmpOrder';
import { measure, type PageSource } from '../../../engine/measure/measure';
import { RESIDENT } from '../../../engine/measure/format';
import { oneProcess } from './syntheticSource';

const PAGE = 4096;

function page(leadingZeros: number, rest: number[]): Uint8Array {
  const p = new Uint8Array(PAGE);
  p.set(rest.slice(0, PAGE - leadingZeros), leadingZeros);
  return p;
}

function key(p: Uint8Array): number {
  return orderKeyOfPage(p, new Uint32Array(p.buffer), 0);
}

test('order keys sort non-zero pages as memcmp does wherever they differ', () => {
  const pages = fc.tuple(fc.integer({ min: 0, max: PAGE - 1 }), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 })).map(([lz, bytes]) => {
    const rest = [1 + (bytes[0] % 255), ...bytes.slice(1)];
    return page(lz, rest);
  });
  fc.assert(
    fc.property(pages, pages, (a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka !== kb) assert.equal(Math.sign(ka - kb), Math.sign(Buffer.compare(a, b)));
    }),
    { numRuns: 2000, seed: 11 },
  );
  // The last byte of a page: 4095 leading zeros, the lowest non-zero pages of all.
  assert.ok(key(page(4095, [1])) < key(page(4094, [1])));
  assert.ok(key(page(0, [0x7f, 0xff])) < key(page(0, [0x80])));
});

test('positions: the fraction of single contents below, strictly increasing in memcmp order', () => {
  const singles = Uint32Array.from([10, 20, 30, 40]);
  const keys = [25, 5, 45, 25];
  const entries = BigUint64Array.from(keys.map((k, i) => (BigInt(k) << 32n) | BigInt(i)));
  const out = positionsInPlace(entries, singles);
  assert.deepEqual([...out], [2 ** 31, 0, 2 ** 32 - 1, 2 ** 31 + 1]);
});

test('the sample keeps single pages only, sorted', () => {
  const s = new OrderSample(10, 4);
  for (let i = 0; i < 10; i++) if (s.wants(i)) s.add(i, 100 - i);
  assert.deepEqual([...s.singleKeys((i) => i !== 3)], [91, 94, 100]); // every third page: 0, 3, 6, 9
});

test('a measurement records where each shared content sorts among the single ones', async () => {
  // Contents by page: shared A (00 00 05 ..), B (7f ..), C (00 90 ..), each on two pages; single
  // pages 01 .., 00 00 00 09 .., c0 ..: memcmp order 00000009 < A < C < 01 < B < c0.
  const A = page(2, [5]);
  const B = page(0, [0x7f]);
  const C = page(1, [0x90]);
  const singles = [page(0, [1]), page(3, [9]), page(0, [0xc0])];
  const layout = [A, singles[0], B, A, C, singles[1], B, C, singles[2]];
  const source: PageSource = {
    pageSize: PAGE,
    live: false,
    processes: [oneProcess([layout.length])],
    read(_p, _r, first, count, batch, states) {
      for (let i = 0; i < count; i++) {
        batch.set(layout[first + i], i * PAGE);
        states[i] = RESIDENT;
      }
    },
  };
  const phases: string[] = [];
  const outcome = await measure(source, { salt: [5n, 6n], onProgress: (p) => phases.push(`${p.phase} ${p.pagesDone}/${p.pagesTotal}`) });
  // The re-read of one page per shared content is reported as its own phase, after the sort.
  assert.deepEqual(phases.slice(-2), ['dedupe 9/9', 'order 9/9']);
  // ids in first-seen order: A = 2, B = 3, C = 4.
  const [a, b, c] = outcome.positions;
  assert.ok(a < c && c < b, `A ${a}, C ${c}, B ${b}`);
  assert.equal(a, Math.floor((1 / 3) * 2 ** 32));
  assert.equal(c, Math.floor((1 / 3) * 2 ** 32) + 1);
  assert.equal(b, Math.floor((2 / 3) * 2 ** 32));
});
