import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from './runCaptured';
import { createWhatifCommand } from '../../cli/commands/whatif';
import { InputError } from '../../cli/usage';
import { KSM_COUNTERS } from '../../engine/sim/api';
import { smallScenario } from '../engine/whatif/smallScenario';
import { checkAgainstSchema } from '../jsonSchemaCheck';

const resultSchema = JSON.parse(readFileSync('schemas/whatif-result.schema.json', 'utf8'));

const cli = (args: string[], tty = false) => runCaptured(['whatif', ...args], tty);

const dir = mkdtempSync(join(tmpdir(), 'samepage-whatif-'));
function scenarioFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

test('usage errors exit 2', async () => {
  for (const args of [['--json', '--csv'], ['a.json', 'b.json'], ['--bogus'], ['--set', 'nokey'], ['--set', '__proto__.x=1']]) {
    const r = await cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^samepage whatif: .*\nUsage: samepage whatif/s);
  }
  assert.match((await cli(['--set', 'x'])).stderr, /^samepage whatif: --set takes KEY=VALUE, not 'x'\n/);
});

test('a bad scenario exits 1 with a clear message', async () => {
  let r = await cli([join(dir, 'missing.json')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot read .*missing\.json: ENOENT/);
  r = await cli([scenarioFile('broken.json', '{"host": ')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /is not valid JSON/);
  r = await cli([scenarioFile('hostile.json', '{"__proto__": {"x": 1}, "host": 5}')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /invalid scenario/);
  const huge = smallScenario();
  huge.host.memTotalKb = 2 ** 50;
  r = await cli([scenarioFile('huge.json', huge)]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /host\.memTotalKb: .* out of range/);
  r = await cli([scenarioFile('small.json', smallScenario()), '--set', 'guests[0].count=-3']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /guests\[0\]\.count: -3 is out of range/);
  assert.equal(r.stdout, '');
});

test('a run estimated at hours is refused with the estimate and the way round it', async () => {
  const long = smallScenario();
  long.knobs = { run: 1, pages_to_scan: 100000, sleep_millisecs: 0 };
  long.durationSeconds = 86400;
  long.sampleIntervalSeconds = 60;
  // A machine that runs the reference loop at 10 ns per iteration (ours: 4.3 idle, up to 12 when busy).
  const command = createWhatifCommand(() => assert.fail('refused runs never start'), () => 10);
  const io = { stdout: () => assert.fail('nothing on stdout'), stderr: () => undefined, stderrIsTty: false };
  await assert.rejects(async () => command.run([scenarioFile('long.json', long)], io), (e: Error) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /^whatif: this run would take about 96 min and 0.1 GiB of memory \(262144 pages, up to [\d.e+]+ page visits.*--force$/);
    return true;
  });
  // --force skips the estimate (the simulator stub proves the run starts).
  await assert.rejects(async () => command.run([scenarioFile('long.json', long), '--force'], io), /refused runs never start/);
});

test('--json prints the versioned result: schema 1, the resolved scenario, summary, final counters and one series entry per sample', async () => {
  const r = await cli([scenarioFile('small.json', smallScenario()), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(checkAgainstSchema(out, resultSchema), []);
  assert.equal(out.schemaVersion, 1);
  assert.equal(out.kind, 'samepage.whatif.result');
  assert.equal(out.mode, 'exact');
  assert.match(out.producer, /^samepage \d+\.\d+\.\d+/);
  assert.deepEqual(out.scenario.guests, smallScenario().guests);
  for (const name of [...KSM_COUNTERS, 'savedBytes']) assert.equal(typeof out.final[name], 'number', name);
  assert.equal(out.series.length, 120 / 5 + 1);
  assert.equal(out.series[0].t, 0);
  assert.equal(out.series.at(-1).t, 120);
  assert.equal(out.final.savedBytes, out.final.pages_sharing * 4096);
  assert.equal(out.summary.savedBytes, out.final.savedBytes);
  assert.deepEqual({ ...out.series.at(-1), t: undefined }, { ...out.final, t: undefined });
  assert.ok(out.final.pages_sharing > 0, 'two Windows guests at 1000 pages per 20 ms merge within 2 minutes');
});

test('the resolved scenario of a --json result reproduces the result when run again', async () => {
  const conf = scenarioFile('ksmtuned.conf', 'KSM_THRES_COEF=95\nKSM_NPAGES_MAX=1250\n');
  const first = JSON.parse((await cli([conf, '--set', 'durationSeconds=60', '--json'])).stdout);
  assert.ok(first.notes.some((n: string) => /KSM_THRES_COEF=95/.test(n)), first.notes.join('; '));
  const again = JSON.parse((await cli([scenarioFile('resolved.json', first.scenario), '--json'])).stdout);
  assert.deepEqual(again.final, first.final);
  assert.deepEqual(again.scenario, first.scenario);
});

test('--set changes the scenario before the run', async () => {
  const r = await cli([scenarioFile('small2.json', smallScenario()), '--set', 'durationSeconds=30', '--set', 'guests[0].memMerge=off', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.series.at(-1).t, 30);
  assert.equal(out.final.pages_sharing, 0);
  assert.equal(out.final.pages_volatile + out.final.pages_unshared, 0, 'mem-merge=off: nothing registered, nothing scanned');
});

test('--csv prints a header and one row per sample; the text form has the summary and a chart', async () => {
  const csv = await cli([scenarioFile('small3.json', smallScenario()), '--csv', '--set', 'durationSeconds=20']);
  assert.equal(csv.code, 0);
  const lines = csv.stdout.trim().split('\n');
  assert.match(lines[0], /^t,pages_shared,pages_sharing,/);
  assert.equal(lines.length, 1 + 20 / 5 + 1);
  const text = await cli([scenarioFile('small4.json', smallScenario()), '--ascii']);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /KSM saves [\d.]+ GiB after 2 min/);
  assert.match(text.stdout, /ksmtuned is not running/);
  assert.match(text.stdout, /GiB \|.*#/);
  assert.doesNotMatch(text.stdout.split('\n').find((l) => l.startsWith('0.8 GiB') || /^\d\.\d GiB \|/.test(l)) ?? '', /# +#/, 'no gaps between columns');
  assert.match(text.stdout, /final: pages_shared=\d+ pages_sharing=\d+/);
  assert.equal(text.stderr, '', 'no progress bar when stderr is not a terminal');
});

test('a ksmtuned.conf or a shell script is laid over the seed scenario', async () => {
  const conf = scenarioFile('ksmtuned.conf', 'KSM_THRES_COEF=20\n');
  const r = await cli([conf, '--set', 'durationSeconds=90']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /ksmtuned \(fedora: KSM_THRES_COEF=20; already running at the start\)/);
  assert.match(r.stdout, /ksmtuned stopped KSM/);
  const script = scenarioFile('guests.sh', '#!/bin/bash\nqemu-system-x86_64 -enable-kvm -m 1G -M pc,mem-merge=off &\nqemu-system-x86_64 -enable-kvm -m 1G &\n');
  const s = await cli([script, '--set', 'durationSeconds=30']);
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stdout, /2 guests: 1× 1 GiB windows10-idle \(mem-merge=off\), 1× 1 GiB windows10-idle \(mem-merge=on\)/);
});

test('samepage whatif notes.md runs the guests of its code blocks; --json carries the notes of what was left out', async () => {
  const md = scenarioFile('notes.md', '# Guests\n\n```bash\nsudo /usr/libexec/qemu-kvm -m 2G -machine pc,mem-merge=n\nqemu-kvm -m "$RAM"\n```\n');
  const r = await cli([md, '--set', 'durationSeconds=30', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.scenario.guests.map((g: { memoryMiB: number; memMerge: boolean }) => [g.memoryMiB, g.memMerge]), [[2048, false]]);
  assert.ok(out.notes.some((n: string) => /left out.*line 5 \(qemu-kvm\).*"\$RAM".*variable/.test(n)), out.notes.join('\n'));
  const text = await cli([md, '--set', 'durationSeconds=30']);
  assert.match(text.stdout, /note: QEMU command line left out/, 'the text form says it too');
  const unknown = await cli([scenarioFile('list.txt', 'hello\n')]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /list\.txt is not a scenario/);
});

test('--set ksmtuned.state: running resumes ksmtuned, fresh starts it, anything else exits 1 naming the field', async () => {
  const base = scenarioFile('state.json', { ...smallScenario(), ksmtuned: { enabled: true, variant: 'fedora', values: { KSM_THRES_COEF: '95' } }, knobs: {}, durationSeconds: 61 });
  const running = await cli([base, '--set', 'ksmtuned.state=running', '--csv']);
  assert.equal(running.code, 0, running.stderr);
  const firstRow = running.stdout.split('\n')[1].split(',');
  const cols = running.stdout.split('\n')[0].split(',');
  assert.equal(firstRow[cols.indexOf('pages_to_scan')], '1250', 'at t=0 the knobs hold the running ksmtuned\'s last write');
  const fresh = await cli([base, '--set', 'ksmtuned.state=fresh', '--csv']);
  assert.equal(fresh.stdout.split('\n')[1].split(',')[cols.indexOf('pages_to_scan')], '100', 'kernel default until the first check');
  const text = await cli([base, '--set', 'ksmtuned.state=running']);
  assert.match(text.stdout, /already running at the start/);
  for (const bad of ['warm', 'Running', '1', 'true']) {
    const r = await cli([base, '--set', `ksmtuned.state=${bad}`]);
    assert.equal(r.code, 1, bad);
    assert.match(r.stderr, /ksmtuned\.state: expected one of 'fresh', 'running'/);
  }
});

test('samepage whatif FOLDER takes one guest per libvirt domain in it, by name; a folder without any says so', async () => {
  const folder = mkdtempSync(join(dir, 'qemu-'));
  for (const name of ['unit-2gb.xml', 'numa-one-cell-shared.xml', 'nosharepages.xml']) writeFileSync(join(folder, name), readFileSync(`test/fixtures/libvirt/${name}`));
  writeFileSync(join(folder, 'README.conf'), 'not a guest\n');
  const r = await cli([folder, '--set', 'durationSeconds=30', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(
    out.scenario.guests.map((g: { name: string; memoryMiB: number; memMerge: boolean; mergeableMiB?: number }) => [g.name, g.memoryMiB, g.memMerge, g.mergeableMiB ?? null]),
    [['nosharepages', 1024, false, null], ['numa-one-cell-shared', 4096, true, 3072], ['unit-2gb', 1908, true, null]],
  );
  assert.ok(out.notes.some((n: string) => /left out: .*README\.conf/.test(n)), out.notes.join('\n'));
  const empty = await cli([mkdtempSync(join(dir, 'empty-'))]);
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /holds no libvirt domain XML or Proxmox VM config/);
});
