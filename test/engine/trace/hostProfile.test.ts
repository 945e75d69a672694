import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostProfileError, hostProfileFor, parseHostProfile } from '../../../engine/trace/hostProfile';
import type { Trace } from '../../../engine/trace/types';

test('a host profile is an object with the kernel string and an integer cost', () => {
  assert.deepEqual(parseHostProfile('{"kernel":"6.18.44-x","perPageCostNs":9600,"calibratedFrom":"s29"}'), { kernel: '6.18.44-x', perPageCostNs: 9600, calibratedFrom: 's29' });
  for (const bad of ['', '[]', 'null', '{"kernel":"","perPageCostNs":1}', '{"kernel":"k","perPageCostNs":-5}', '{"kernel":"k","perPageCostNs":1.5}', '{"kernel":"k","perPageCostNs":"9600"}', '{"kernel":"k","perPageCostNs":1e12}']) {
    assert.throws(() => parseHostProfile(bad), HostProfileError, bad);
  }
});

test('a profile applies only to traces recorded on its host', () => {
  const trace = (kernel: string) => ({ header: { kernel } }) as unknown as Trace;
  const ours = { kernel: '6.18.44-fc-v782', perPageCostNs: 9600, calibratedFrom: 's29' };
  assert.equal(hostProfileFor(trace('6.18.44-fc-v782'), [ours]), ours);
  assert.equal(hostProfileFor(trace('6.18.44-fc-v657'), [ours]), undefined);
  assert.equal(hostProfileFor(trace(''), [ours]), undefined);
});
