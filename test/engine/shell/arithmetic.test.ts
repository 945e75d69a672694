import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateArithmetic } from '../../../engine/shell/arithmetic';

function ev(expr: string, vars: Record<string, string> = {}): string {
  const r = evaluateArithmetic(expr, new Map(Object.entries(vars)));
  return r.ok ? r.value.toString() : `ERR ${r.error} [${r.token}]`;
}

test('integer constants: octal, hex, base#n and bash errors', () => {
  assert.equal(ev('010'), '8');
  assert.equal(ev('0x1F'), '31');
  assert.equal(ev('2#101'), '5');
  assert.equal(ev('64#_'), '63');
  assert.equal(ev('36#z'), '35');
  assert.equal(ev('08'), 'ERR value too great for base [08]');
  assert.equal(ev('1x'), 'ERR value too great for base [1x]');
  assert.equal(ev('5.5'), 'ERR syntax error: invalid arithmetic operator [.5]');
  assert.equal(ev('1+'), 'ERR syntax error: operand expected [+]');
  assert.equal(ev(''), '0');
});

test('64-bit wrap-around, precedence and division', () => {
  assert.equal(ev('9223372036854775807 + 1'), '-9223372036854775808');
  assert.equal(ev('2 + 3 * 4 ** 2'), '50');
  assert.equal(ev('-7 / 2'), '-3');
  assert.equal(ev('-7 % 2'), '-1');
  assert.equal(ev('1 / 0').startsWith('ERR division by 0'), true);
  assert.equal(ev('1 << 64'), '1');
  assert.equal(ev('5 > 3 && 0 || 7'), '1');
  assert.equal(ev('0 ? 1/0 : 4'), '4', 'the untaken branch is not evaluated');
});

test('variables hold expressions; empty and unset are 0; assignment updates the map', () => {
  const vars = new Map([['KSM_SLEEP_MSEC', '5*2'], ['total', '8000000'], ['e', '']]);
  const r = evaluateArithmetic('KSM_SLEEP_MSEC * 16 * 1024 * 1024 / total + e + unset', vars);
  assert.ok(r.ok && r.value === 20n);
  const s = evaluateArithmetic('x = 3, x += 2, y++', vars);
  assert.ok(s.ok && s.value === 0n);
  assert.equal(vars.get('x'), '5');
  assert.equal(vars.get('y'), '1');
  assert.equal(ev('a', { a: 'a' }).startsWith('ERR expression recursion level exceeded'), true);
  assert.equal(ev('v * 2', { v: '08' }), 'ERR value too great for base [08]');
});
