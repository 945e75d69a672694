import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guestFromArgv, importThisHost, isKsmtuned, ksmtunedIsRunning, libvirtLiveGuests, listQemuProcesses } from '../../../engine/node/hostImport';
import { validateScenario } from '../../../engine/whatif/validate';

test('-m and mem-merge are read as QEMU reads them (last one wins, MiB by default)', () => {
  assert.deepEqual(guestFromArgv(['qemu-system-x86_64', '-enable-kvm']), { memoryMiB: 128, memMerge: true });
  assert.deepEqual(guestFromArgv(['qemu-system-x86_64', '-m', '4G', '-machine', 'pc,mem-merge=off']), { memoryMiB: 4096, memMerge: false });
  assert.deepEqual(guestFromArgv(['qemu-kvm', '-m', 'size=2048,slots=2,maxmem=8G', '-M', 'q35,mem-merge=on']), { memoryMiB: 2048, memMerge: true });
  assert.deepEqual(guestFromArgv(['qemu-kvm', '-m', '1024', '-m', '512M', '--machine', 'pc,mem-merge=no']), { memoryMiB: 512, memMerge: false });
  assert.deepEqual(guestFromArgv(['qemu-kvm', '-m', '1G', '-machine', 'pc,mem-merge=n']), { memoryMiB: 1024, memMerge: false }, "QEMU's short spelling n is off");
  assert.deepEqual(guestFromArgv(['qemu-kvm', '-m', 'lots']), { reason: 'the -m size is not one QEMU reads' });
});

test('QEMU processes are found by comm in a /proc tree, with their RSS', () => {
  const proc = mkdtempSync(join(tmpdir(), 'samepage-proc-'));
  const add = (pid: number, comm: string, argv: string[], rss?: number) => {
    mkdirSync(join(proc, String(pid)));
    writeFileSync(join(proc, String(pid), 'comm'), comm + '\n');
    writeFileSync(join(proc, String(pid), 'cmdline'), argv.join('\0') + '\0');
    writeFileSync(join(proc, String(pid), 'status'), rss === undefined ? 'Name:\tx\n' : `Name:\tx\nVmRSS:\t  ${rss} kB\n`);
  };
  add(10, 'qemu-system-x86', ['/usr/bin/qemu-system-x86_64', '-m', '2G'], 2_100_000);
  add(11, 'qemu-kvm', ['/usr/libexec/qemu-kvm', '-m', '8192'], 8_400_000);
  add(12, 'bash', ['bash', '/usr/sbin/ksmtuned']);
  add(13, 'node', ['node', 'test/qemu-kvm-notes.js']);
  mkdirSync(join(proc, 'self'));
  const found = listQemuProcesses(proc).sort((a, b) => a.pid - b.pid);
  assert.deepEqual(found.map((p) => [p.pid, p.rssKb, p.argv[0]]), [[10, 2_100_000, '/usr/bin/qemu-system-x86_64'], [11, 8_400_000, '/usr/libexec/qemu-kvm']]);
  assert.deepEqual(listQemuProcesses(join(proc, 'missing')), []);
  assert.equal(isKsmtuned(['bash', '/usr/sbin/ksmtuned']), true);
  assert.equal(isKsmtuned(['/usr/sbin/ksmtuned']), true);
  assert.equal(isKsmtuned(['node', 'test/engine/ksmtuned/daemon.test.ts']), false);
  assert.equal(ksmtunedIsRunning(proc), true);
  rmSync(join(proc, '12'), { recursive: true });
  assert.equal(ksmtunedIsRunning(proc), false);
  assert.equal(ksmtunedIsRunning(join(proc, 'missing')), false);
});

test('importing this machine gives a scenario that validates (or says plainly why not)', () => {
  const { scenario, notes } = importThisHost();
  const checked = validateScenario(scenario);
  assert.ok(checked.ok || checked.errors.every((e) => /guests|MemTotal/.test(e)), checked.ok ? '' : checked.errors.join('\n'));
  assert.ok(notes.length > 0);
});

test("libvirt's live XML gives the running domains with their names, pids and mergeable part; a broken file is named", () => {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-libvirt-run-'));
  try {
    const domain = readFileSync('test/fixtures/libvirt/numa-one-cell-shared.xml', 'utf8');
    writeFileSync(join(dir, 'web1.xml'), `<domstatus state='running' pid='4242'>\n${domain}</domstatus>\n`);
    writeFileSync(join(dir, 'broken.xml'), "<domstatus pid='1'><domain type='kvm'><memory unit='GiB'>x</memory></domain></domstatus>");
    writeFileSync(join(dir, 'web1.pid'), '4242');
    const live = libvirtLiveGuests(dir);
    assert.deepEqual(live.guests.map((g) => [g.pid, g.guest.name, g.guest.memoryMiB, g.guest.mergeableMiB]), [[4242, 'numa-one-cell-shared', 4096, 3072]]);
    assert.ok(live.notes.some((n) => /broken\.xml: libvirt refuses it/.test(n)), live.notes.join('\n'));
    assert.deepEqual(libvirtLiveGuests(join(dir, 'missing')), { guests: [], notes: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
