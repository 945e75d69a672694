import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sedFields } from '../../../engine/sysfs/sysfsConf';

/** The init script's sed expression, as a regular expression: the reference on short lines (it backtracks cubically on long ones). */
const SED = /^[ \t\r\f\v]*([^= \t\r\f\v]*)[ \t\r\f\v]*([^= \t\r\f\v]*)[ \t\r\f\v]*=[ \t\r\f\v]*([\s\S]*)$/d;

test('sedFields splits a line exactly as the sed expression does', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '/', '=', ' ', '\t', '\r', '\f', '\v', 'é', '#'), maxLength: 24 }), (line) => {
      const m = SED.exec(line) as (RegExpExecArray & { indices: Array<[number, number]> }) | null;
      const fields = sedFields(line);
      if (!m) return assert.equal(fields, undefined, JSON.stringify(line));
      assert.ok(fields, JSON.stringify(line));
      for (const g of [1, 2, 3]) {
        assert.equal(fields[g - 1].text, m[g], `${JSON.stringify(line)} field ${g}`);
        if (m[g] !== '') assert.equal(fields[g - 1].start, m.indices[g][0], `${JSON.stringify(line)} start of field ${g}`);
      }
    }),
    { numRuns: 20_000, seed: 15 },
  );
});
