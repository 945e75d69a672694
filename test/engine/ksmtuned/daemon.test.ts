import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KsmtunedDaemon, countsAsCommitted } from '../../../engine/ksmtuned/daemon';
import { effectiveKsmtunedValues } from '../../../engine/ksmtuned/effectiveValues';
import { realKsmtunedAvailable, runRealKsmtuned, type MemState } from './ksmtunedScript';

const host = (total: number, free: number, committed = 0) => ({
  memTotalKb: total,
  memFreeKb: free,
  buffersKb: 0,
  cachedKb: 0,
  processes: committed ? [{ argv: ['qemu-system-x86_64', '-m', '4G', '-enable-kvm'], comm: 'qemu-system-x86', rssKb: committed }] : [],
});

test('the seed example: total 131809228 with the default conf stops ksm at free 93409576', () => {
  const d = new KsmtunedDaemon({ DEBUG: '1' }, 'debian', 131809228);
  assert.deepEqual(d.startupLog(), ['total 131809228', 'sleep 10', 'thres 26361845']);
  const r = d.adjust(host(131809228, 93409576));
  assert.deepEqual(r.log, ['committed 0 free 93409576', '26361845 < 131809228 and free > 26361845, stop ksm']);
  assert.deepEqual(r.writes, [{ knob: 'run', value: '0' }]);
});

test('boost sequence, clamp at MAX, decay to MIN, and DEBUG gating', () => {
  const d = new KsmtunedDaemon({ DEBUG: '1' }, 'debian', 8000000);
  assert.deepEqual(d.startupLog(), ['total 8000000', 'sleep 20', 'thres 1600000']);
  const npages = Array.from({ length: 6 }, () => d.adjust(host(8000000, 1500000)).writes[0].value);
  assert.deepEqual(npages, ['300', '600', '900', '1200', '1250', '1250']);
  const decays = Array.from({ length: 30 }, () => d.adjust(host(8000000, 1600000, 7000000)).writes[0].value);
  assert.equal(decays[0], '1200');
  assert.equal(decays[decays.length - 1], '64');
  const quiet = new KsmtunedDaemon({}, 'debian', 8000000);
  assert.deepEqual(quiet.startupLog(), []);
  assert.deepEqual(quiet.adjust(host(8000000, 1500000)).log, []);
  assert.equal(new KsmtunedDaemon({ DEBUG: '0' }, 'debian', 8000000).startupLog().length, 3, 'DEBUG=0 enables debugging');
});

test('broken values: clamp skipped on 100\\r, empty sleep, empty PIDFILE, busy loop', () => {
  const d = new KsmtunedDaemon({ KSM_NPAGES_MAX: '100\r', KSM_SLEEP_MSEC: '08', PIDFILE: '', KSM_MONITOR_INTERVAL: '0' }, 'debian', 8000000);
  assert.equal(d.startsDaemon, false);
  assert.ok(d.intervalSeconds > 0 && d.intervalSeconds < 0.1);
  const writes = Array.from({ length: 8 }, () => d.adjust(host(8000000, 1500000)).writes);
  assert.equal(writes[7][0].value, '2400', 'npages grows without bound');
  assert.deepEqual(writes[0][1], { knob: 'sleep_millisecs', value: '' });
  assert.equal(new KsmtunedDaemon({ KSM_MONITOR_INTERVAL: '2m' }, 'debian', 8000000).intervalSeconds, 120);
});

test('process matching: Debian full command line vs Fedora comm', () => {
  const p = (argv: string[], comm: string) => ({ argv, comm, rssKb: 1 });
  assert.ok(countsAsCommitted(p(['qemu-system-x86_64', '-enable-kvm'], 'qemu-system-x86'), 'debian'));
  assert.ok(!countsAsCommitted(p(['/usr/bin/qemu-system-x86_64', '-accel', 'kvm'], 'qemu-system-x86'), 'debian'));
  assert.ok(countsAsCommitted(p(['/usr/bin/qemu-system-x86_64', '-accel', 'kvm'], 'qemu-system-x86'), 'fedora'));
  assert.ok(countsAsCommitted(p(['x'], 'qemu:vm1'), 'fedora'));
  assert.ok(!countsAsCommitted(p(['qemu-system-x86_64', '-enable-kvm'], 'python3'), 'fedora'));
});

const CONFS = [
  '',
  'DEBUG=0\n',
  'KSM_NPAGES_MIN=500\nKSM_NPAGES_MAX=200\n',
  'KSM_NPAGES_MAX=100\r\n',
  'KSM_NPAGES_MIN=1x\n',
  'KSM_NPAGES_BOOST=abc\n',
  'KSM_NPAGES_BOOST=1x\n',
  'KSM_NPAGES_BOOST="5 7"\nKSM_NPAGES_DECAY=2*-10\n',
  'KSM_SLEEP_MSEC=08\n',
  'KSM_SLEEP_MSEC=010\nKSM_THRES_COEF=012\n',
  'KSM_THRES_COEF=5.5\n',
  'KSM_THRES_CONST=2k\n',
  'KSM_THRES_CONST=99999999\n',
  'KSM_THRES_COEF=150\n',
  'KSM_NPAGES_MIN=010\nKSM_NPAGES_DECAY=-1\n',
  'KSM_NPAGES_MIN=-10\nKSM_NPAGES_DECAY=-500\n',
  'sleep=33\nthres=44\nKSM_SLEEP_MSEC=08\nKSM_THRES_COEF=1.5\n',
];
const STATES: MemState[] = [
  { freeKb: 1_500_000, committedKb: 0 },
  { freeKb: 1_500_000, committedKb: 0 },
  { freeKb: 7_000_000, committedKb: 0 },
  { freeKb: 1_600_000, committedKb: 7_000_000 },
  { freeKb: 3_000_000, committedKb: 7_000_000 },
  { freeKb: 100_000, committedKb: 7_500_000 },
  { freeKb: 100_000, committedKb: 0 },
  { freeKb: 1_500_000, committedKb: 0 },
];

test('the daemon model logs and writes exactly what the installed ksmtuned script does', { skip: !realKsmtunedAvailable() && 'ksmtuned not installed' }, () => {
  let compared = 0;
  for (const conf of CONFS) {
    for (const total of [8_000_000, 131_809_228]) {
      const text = `DEBUG=1\n${conf}`;
      const real = runRealKsmtuned(text, total, STATES);
      const daemon = new KsmtunedDaemon(effectiveKsmtunedValues(text).daemonValues(), 'debian', total);
      assert.deepEqual(daemon.startupLog(), real.startup, `startup, conf ${JSON.stringify(conf)} @${total}`);
      STATES.forEach((s, i) => {
        const r = daemon.adjust(host(total, s.freeKb, s.committedKb));
        const expected = real.iterations[i] ?? { log: [], writes: [] };
        assert.deepEqual(r.log, expected.log, `log, conf ${JSON.stringify(conf)} @${total}, step ${i}`);
        assert.deepEqual(r.writes.map((w) => `${w.knob}=${w.value}`), expected.writes, `writes, conf ${JSON.stringify(conf)} @${total}, step ${i}`);
        compared++;
      });
    }
  }
  assert.equal(compared, CONFS.length * 2 * STATES.length);
});
