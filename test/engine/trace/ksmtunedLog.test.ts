import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeDecision, ksmtunedDecisions, ksmtunedMessage } from '../../../engine/trace/ksmtunedLog';

const at = (t: number, msg: string) => ({ t, line: `Thu Nov 26 19:07:3${t} UTC 2026: ${msg}` });

test('decisions and writes are read from a debug log; inputs are not decisions', () => {
  const log = [
    at(0, 'total 8000000'),
    at(0, 'sleep 20'),
    at(0, 'thres 1600000'),
    at(1, 'committed 0 free 1500000'),
    at(1, '1600000 > 8000000, start ksm'),
    at(1, '1500000 < 1600000, boost'),
    at(1, 'KSMCTL start 300 20'),
    at(2, 'committed 0 free 1700000'),
    at(2, '1600000 > 8000000, start ksm'),
    at(2, '1700000 > 1600000, decay'),
    at(2, 'KSMCTL start 250 20'),
    at(3, '1915344 < 8000000 and free > 1600000, stop ksm'),
  ];
  const d = ksmtunedDecisions(log);
  assert.deepEqual(d.map((x) => describeDecision(x.decision)), [
    'total 8000000', 'sleep 20', 'thres 1600000', 'start', 'boost', 'KSMCTL start 300 20', 'start', 'decay', 'KSMCTL start 250 20', 'stop',
  ]);
  assert.equal(d.at(-1)!.t, 3);
});

test('the date prefix of the real format is dropped, single-digit days included', () => {
  assert.equal(ksmtunedMessage('Mon Dec  1 09:00:00 UTC 2025: sleep 10'), 'sleep 10');
  assert.equal(ksmtunedMessage('no prefix here'), 'no prefix here');
});
