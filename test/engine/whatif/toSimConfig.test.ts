import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioToSimConfig, guestContent } from '../../../engine/whatif/toSimConfig';
import { seedScenario } from '../../../engine/whatif/seed';
import { GUEST_PROFILE_IDS } from '../../../engine/knowledge/guestProfiles';
import type { Scenario } from '../../../engine/whatif/scenario';
import { mixOf } from '../sim/simHarness';

test('the seed becomes four qemu-kvm processes of 8 GiB that the RHEL ksmtuned can match', () => {
  const config = scenarioToSimConfig(seedScenario());
  assert.equal(config.processes.length, 4);
  for (const p of config.processes) {
    assert.equal(p.argv[0], '/usr/libexec/qemu-kvm');
    assert.equal(p.comm, 'qemu-kvm');
    assert.match(p.comm!, /^qemu(-(kvm|system-.+)|:.{1,11})$/); // the Fedora/RHEL pgrep pattern
    assert.ok(p.argv.includes('-m') && p.argv[p.argv.indexOf('-m') + 1] === '8192');
    assert.ok(p.argv.some((a) => a.includes('mem-merge=on')));
    assert.equal(p.merge, 'madvise');
    assert.equal(p.regions[0].pages, 2097152);
    assert.equal(p.regions[0].thp, true);
  }
  assert.deepEqual(new Set(config.processes.map((p) => p.name)).size, 4);
  assert.equal(config.host.hz, 1000);
  assert.equal(config.host.kernel, '3.10');
  assert.equal(config.ksmtuned?.variant, 'fedora');
  assert.equal(config.ksmtuned?.values.KSM_THRES_COEF, '95');
  assert.deepEqual(Object.keys(config.ksmtuned!.values).sort(), ['DEBUG', 'KSM_THRES_COEF'], 'defaults are left to the daemon; DEBUG for the log');
  assert.equal(config.knobs.run, 1, 'ksm.service starts KSM at boot when ksmtuned is enabled');
  assert.equal(config.durationSeconds, 600);
});

test('ksmtuned sees the free memory of the measured log when the guests are resident', () => {
  const s = seedScenario();
  const c = scenarioToSimConfig(s);
  const rss = c.processes.reduce((n, p) => n + p.regions[0].pages * 4 + (p.extraRssKb ?? 0), 0);
  assert.equal(c.host.memTotalKb - c.host.otherUsedKb - rss, 93409576);
});

test('every profile fills the region exactly, with non-negative classes', () => {
  for (const profile of GUEST_PROFILE_IDS) {
    for (const thp of [true, false]) {
      for (const memoryMiB of [64, 1024, 8192]) {
        const g = guestContent({ name: 'g', count: 1, memoryMiB, profile, memMerge: true, thp }, 'g-1', 4096);
        const c = g.content;
        const total = c.zeroPages + c.uniquePages + c.pools.reduce((n, p) => n + p.pages, 0);
        assert.equal(total, g.pages, `${profile} ${memoryMiB} MiB thp=${thp}`);
        assert.ok(c.zeroPages >= 0 && c.uniquePages >= 0 && c.pools.every((p) => p.pages > 0 && p.distinct >= 1 && p.distinct <= p.pages));
      }
    }
  }
});

test('guests of one profile share the image pool; within-guest duplicates do not', () => {
  const c = scenarioToSimConfig(seedScenario());
  const images = c.processes.map((p) => mixOf(p.regions[0]).pools.find((x) => x.pool.endsWith('/image')));
  assert.ok(images.every((x) => x && x.pool === images[0]!.pool && x.distinct === images[0]!.distinct));
  const dups = c.processes.map((p) => mixOf(p.regions[0]).pools.find((x) => x.pool.endsWith('/dup'))!.pool);
  assert.equal(new Set(dups).size, 4);
});

test('mem-merge=off guests are never registered; the 2on-2off split is kept', () => {
  const s: Scenario = seedScenario();
  s.guests = [{ ...s.guests[0], name: 'on', count: 2 }, { ...s.guests[0], name: 'off', count: 2, memMerge: false }];
  const c = scenarioToSimConfig(s);
  assert.deepEqual(c.processes.map((p) => p.merge), ['madvise', 'madvise', 'none', 'none']);
  assert.ok(c.processes[2].argv.some((a) => a.includes('mem-merge=off')));
});

test('a hand-run QEMU gets -enable-kvm so the Debian ksmtuned pattern matches; libvirt-style paths do not', () => {
  const s: Scenario = seedScenario();
  s.guests[0].binary = undefined;
  s.ksmtuned.variant = 'debian';
  const argv = scenarioToSimConfig(s).processes[0].argv;
  assert.match(argv.join(' '), /^qemu-system.*-enable-kvm/);
  s.guests[0].binary = '/usr/bin/qemu-system-x86_64';
  assert.doesNotMatch(scenarioToSimConfig(s).processes[0].argv.join(' '), /^qemu-system.*-enable-kvm/);
});

test('knobs a 3.10 kernel lacks are dropped; no ksmtuned means no run=1 is invented', () => {
  const s: Scenario = seedScenario();
  s.knobs = { smart_scan: 0, pages_to_scan: 500 };
  s.ksmtuned.enabled = false;
  const c = scenarioToSimConfig(s);
  assert.deepEqual(c.knobs, { pages_to_scan: 500 });
  assert.equal(c.ksmtuned, undefined);
});
