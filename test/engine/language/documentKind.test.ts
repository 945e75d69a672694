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

test('XML is a libvirt domain only when its root element is <domain> (or libvirt\'s live <domstatus>)', () => {
  assert.equal(detectKind('/etc/libvirt/qemu/web1.xml', "<domain type='kvm'>\n  <name>web1</name>\n</domain>\n"), 'libvirt-domain');
  assert.equal(detectKind('dump.xml', "<?xml version='1.0' encoding='UTF-8'?>\n<!--\nWARNING: THIS IS AN AUTO-GENERATED FILE.\n-->\n<domain type='kvm'/>", 'xml'), 'libvirt-domain');
  assert.equal(detectKind('/run/libvirt/qemu/web1.xml', "<domstatus state='running' pid='77'>\n<domain type='kvm'/></domstatus>"), 'libvirt-domain');
  assert.equal(detectKind('pom.xml', '<project><domain/></project>', 'xml'), 'unknown');
  assert.equal(detectKind('net.xml', "<network><name>default</name></network>", 'xml'), 'unknown');
  assert.equal(detectKind('x.xml', '<!-- a -- b --><!-- '.repeat(500) + '<pom/>'), 'unknown', 'many comments do not make the check slow');
});
