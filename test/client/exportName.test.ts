import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportFileName } from '../../client/whatif/exportName';

test('Export proposes samepage-whatif-<source> file names', () => {
  assert.equal(exportFileName({ kind: 'ksmtuned', label: 'ksmtuned.conf', canApply: true }, 'a', 'csv'), 'samepage-whatif-ksmtuned.csv');
  assert.equal(exportFileName({ kind: 'scenario', label: 'examples/seed-coef95.json', canApply: true }, 'b', 'csv'), 'samepage-whatif-seed-coef95-b.csv');
  assert.equal(exportFileName({ kind: 'scenario', label: 'lab/big host.samepage.json', canApply: true }, 'a', 'json'), 'samepage-whatif-big-host.json');
  assert.equal(exportFileName({ kind: 'shell', label: 'start-vms.sh', canApply: false }, 'a', 'json'), 'samepage-whatif-start-vms.json');
  assert.equal(exportFileName({ kind: 'host', label: 'this host', canApply: false }, 'a', 'csv'), 'samepage-whatif-this-host.csv');
  assert.equal(exportFileName({ kind: 'default', label: 'built-in seed scenario', canApply: false }, 'a', 'csv'), 'samepage-whatif-seed.csv');
  assert.equal(exportFileName({ kind: 'shell', label: '../..', canApply: false }, 'a', 'csv'), 'samepage-whatif-scenario.csv');
});
