import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectKind } from '../../../engine/language/documentKind';

test('file names pick the document kind', () => {
  assert.equal(detectKind('/etc/ksmtuned.conf', ''), 'ksmtuned');
  assert.equal(detectKind('ksmtuned.conf.dpkg-dist', ''), 'ksmtuned');
  assert.equal(detectKind('/etc/sysfs.d/ksm.conf', ''), 'sysfs-conf');
  assert.equal(detectKind('/etc/sysfs.conf', ''), 'sysfs-conf');
  assert.equal(detectKind('/usr/lib/tmpfiles.d/ksm.conf', ''), 'tmpfiles');
  assert.equal(detectKind('ksm.service', ''), 'systemd-unit');
  assert.equal(detectKind('start-vm.sh', ''), 'shell');
  assert.equal(detectKind('NOTES.md', ''), 'markdown');
});

test('content decides when the name says nothing, and an explicit kind wins', () => {
  assert.equal(detectKind('start-vm', '#!/bin/bash\nqemu-system-x86_64 -M q35\n'), 'shell');
  assert.equal(detectKind('tuned', '# settings\nKSM_THRES_COEF=20\n'), 'ksmtuned');
  assert.equal(detectKind('x', 'kernel/mm/ksm/run = 1\n'), 'sysfs-conf');
  assert.equal(detectKind('x', 'w /sys/kernel/mm/ksm/run - - - - 1\n'), 'tmpfiles');
  assert.equal(detectKind('x', 'hello'), 'unknown');
  assert.equal(detectKind('/etc/ksmtuned.conf', '', undefined, 'shell'), 'shell');
  assert.equal(detectKind('untitled:Untitled-1', '', 'ksmtuned'), 'ksmtuned');
});
