// libvirt domain XML (VS Code's own xml language, recognised by its <domain> root) and Proxmox VM
// configs (our proxmox-vm language) in a real extension host.
import * as assert from 'node:assert/strict';
import { activateSamepage, closeAllEditors, openFixture, waitForRule } from './helpers';

suite('guest definitions', () => {
  teardown(closeAllEditors);

  test('a libvirt domain in an .xml file gets the never-merges diagnostic on its shared NUMA cell', async () => {
    await activateSamepage();
    const { document } = await openFixture('web1.xml');
    assert.equal(document.languageId, 'xml');
    const diagnostic = await waitForRule(document.uri, 'libvirt/never-merges');
    assert.match(document.lineAt(diagnostic.range.start.line).text, /cell id='1'/);
  });

  test('qemu-server/VMID.conf opens as proxmox-vm and huge pages give their findings', async () => {
    await activateSamepage();
    const { document } = await openFixture('qemu-server/101.conf');
    assert.equal(document.languageId, 'proxmox-vm');
    const diagnostic = await waitForRule(document.uri, 'proxmox/never-merges');
    assert.equal(diagnostic.range.start.line, 3);
  });
});
