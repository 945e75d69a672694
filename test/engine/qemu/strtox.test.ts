import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSize, parseWholeSigned, parseWholeUnsigned } from '../../../engine/qemu/strtox';

const G = 1n << 30n;

test('sizes follow qemu_strtosz: suffixes, fractions, hex, whitespace', () => {
  assert.equal(parseSize('2G').value, 2n * G);
  assert.equal(parseSize('2g').value, 2n * G);
  assert.equal(parseSize('1.5G').value, 3n * (G / 2n));
  assert.equal(parseSize(' 2G').value, 2n * G);
  assert.equal(parseSize('010').value, 10n);
  assert.equal(parseSize('1.').value, 1n);
  assert.equal(parseSize('1.0').value, 1n);
  assert.equal(parseSize('0x10').value, 16n);
  assert.equal(parseSize('0x1B').value, 27n, 'B is a hex digit after 0x');
  const hex = parseSize('0x1G');
  assert.equal(hex.value, G);
  assert.equal(hex.hexWithSuffix, true);
  for (const bad of ['', 'abc', '2Gb', '2GiB', '-1', '1e9', '1.5', '16E', ' ', '1.5e3G', '0x1.5G', '1Z']) {
    assert.equal(parseSize(bad).ok, false, bad);
  }
  assert.equal(parseSize('16E').error, 'range');
  assert.equal(parseSize('15E').value, 15n << 60n);
});

test('integers follow strtoll/strtoull with base 0', () => {
  const hex = parseWholeSigned('0x10');
  assert.ok(hex.ok && hex.value === 16n);
  const octal = parseWholeSigned('010');
  assert.ok(octal.ok && octal.value === 8n);
  const negative = parseWholeUnsigned('-1');
  assert.ok(negative.ok && negative.value === (1n << 64n) - 1n, 'strtoull wraps negative input');
  assert.equal(parseWholeSigned('9223372036854775808').ok, false);
  assert.equal(parseWholeSigned('1k').ok, false);
  assert.equal(parseWholeSigned('').ok, false);
  assert.equal(parseWholeSigned('08').ok, false, '8 is not an octal digit');
});
