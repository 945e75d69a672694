/**
 * Apply into a shell script, checked against bash: every edited script is syntax-checked with
 * `bash -n` and run for real in a throw-away directory where /sys/kernel/mm/ksm is a plain folder
 * and qemu-system-x86_64 / sudo are stubs; the knob files it leaves must hold the wanted values,
 * and our own reader must read the same values from the edited text.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scriptApply, scriptKnobEdits, scriptMayConfigureKsm } from '../../../engine/whatif/scriptApply';
import { applyLineEdits as edited } from '../../../engine/whatif/applyEdits';
import { knobsWrittenBy } from '../../../engine/whatif/documentFacts';
import { scenarioFromDocument } from '../../../engine/whatif/documentScenario';
import { seedScenario } from '../../../engine/whatif/seed';
import type { Scenario } from '../../../engine/whatif/scenario';
import { LineIndex } from '../../../engine/text/lineIndex';
import { knobByName } from '../../../engine/knowledge/knobs';

/** The knob files bash leaves when it runs `script` with the KSM folder redirected. */
function runInSandbox(script: string): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'samepage-apply-'));
  try {
    const ksm = join(dir, 'ksm');
    const bin = join(dir, 'bin');
    mkdirSync(ksm);
    mkdirSync(bin);
    for (const [name, body] of [['qemu-system-x86_64', 'exit 0'], ['sudo', 'exec "$@"']]) {
      writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    }
    const file = join(dir, 'script.sh');
    writeFileSync(file, script.replaceAll('/sys/kernel/mm/ksm', ksm));
    const syntax = spawnSync('bash', ['-n', file]);
    assert.equal(syntax.status, 0, `bash -n: ${syntax.stderr}`);
    const run = spawnSync('env', ['-i', `PATH=${bin}:/usr/bin:/bin`, `HOME=${dir}`, 'bash', file], { cwd: dir, timeout: 10_000 });
    assert.equal(run.status, 0, `bash: ${run.stderr}`);
    return Object.fromEntries(readdirSync(ksm).map((k) => [k, readFileSync(join(ksm, k), 'utf8').trim()]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const read = (text: string) => knobsWrittenBy({ fileName: 'x.sh', text, kind: 'shell', index: new LineIndex(text) });

/** Applies, then checks bash and our reader agree on the wanted knobs; returns the edited text. */
function applyAndCheck(text: string, wanted: Record<string, string | number>): string {
  const result = scriptKnobEdits('host.sh', text, wanted);
  assert.ok(result.ok, result.ok ? '' : result.message);
  const out = edited(text, result.edits);
  const files = runInSandbox(out);
  const ours = read(out) as Record<string, unknown>;
  for (const [k, v] of Object.entries(wanted)) {
    assert.equal(files[k], String(v), `bash leaves ${k}`);
    assert.equal(String(ours[k] ?? knobByName(k)?.default), String(v), `our reader reads ${k} (a write of the default changes nothing)`);
  }
  return out;
}

const QEMU = 'qemu-system-x86_64 -m 4096 -machine pc,mem-merge=on -display none\n';

test('a knob the script writes is changed in place in its own quotes; a new one follows in the same style', () => {
  const text = `#!/bin/bash\necho 1 > /sys/kernel/mm/ksm/run\necho "100" > /sys/kernel/mm/ksm/pages_to_scan\n${QEMU}`;
  const out = applyAndCheck(text, { run: 1, pages_to_scan: 5000, sleep_millisecs: 50 });
  assert.equal(out, `#!/bin/bash\necho 1 > /sys/kernel/mm/ksm/run\necho "5000" > /sys/kernel/mm/ksm/pages_to_scan\necho "50" > /sys/kernel/mm/ksm/sleep_millisecs\n${QEMU}`);
  // A kernel default the script does not write is what the host has anyway: nothing is added for it.
  assert.deepEqual(scriptKnobEdits('host.sh', out, { run: 1, pages_to_scan: 5000, sleep_millisecs: 50, max_page_sharing: 256 }), { ok: true, edits: [], written: [], notes: [] });
});

test('sudo tee through a variable path: the new write copies that line', () => {
  const text = `#!/bin/bash\nKSM=/sys/kernel/mm/ksm\necho 1 | sudo tee $KSM/run >/dev/null\n${QEMU}`;
  const out = applyAndCheck(text, { run: 1, pages_to_scan: 20000, sleep_millisecs: 5 });
  assert.match(out, /^echo 20000 \| sudo tee \$KSM\/pages_to_scan >\/dev\/null$/m);
  assert.match(out, /^echo 5 \| sudo tee \$KSM\/sleep_millisecs >\/dev\/null$/m);
});

test('CRLF: new lines keep them; where bash would read the CR into the path, nothing is offered', () => {
  const text = '#!/bin/bash\r\necho 1 > /sys/kernel/mm/ksm/run # start\r\necho done\r\n';
  const result = scriptKnobEdits('host.sh', text, { run: 1, pages_to_scan: 400 });
  assert.ok(result.ok, result.ok ? '' : result.message);
  assert.equal(edited(text, result.edits), '#!/bin/bash\r\necho 1 > /sys/kernel/mm/ksm/run # start\r\necho 400 > /sys/kernel/mm/ksm/pages_to_scan # start\r\necho done\r\n');
  // Without the comment, bash writes to a file named "run\r": the script sets no knob, and no edit can fix that.
  const bare = scriptKnobEdits('host.sh', '#!/bin/bash\r\necho 1 > /sys/kernel/mm/ksm/run\r\n', { run: 1, pages_to_scan: 400 });
  assert.equal(bare.ok, false);
  assert.match(bare.ok ? '' : bare.message, /Windows \(CRLF\) line ends: bash reads the CR into the file name .*convert the script to LF line ends first/);
});

test('no KSM write: the writes go before the first QEMU command line (over its continuation lines), run last', () => {
  const text = '#!/bin/sh\nset -e\n  sudo \\\n  qemu-system-x86_64 -m 2048 \\\n    -machine pc,mem-merge=on\n';
  const out = applyAndCheck(text, { pages_to_scan: 1000, run: 1 });
  assert.equal(out, '#!/bin/sh\nset -e\n  echo 1000 > /sys/kernel/mm/ksm/pages_to_scan\n  echo 1 > /sys/kernel/mm/ksm/run\n  sudo \\\n  qemu-system-x86_64 -m 2048 \\\n    -machine pc,mem-merge=on\n');
});

test('nothing to go by: appended at the end; a script that already writes the values is left alone', () => {
  const out = applyAndCheck('#!/bin/bash\ntrue', { run: 1 });
  assert.equal(out, '#!/bin/bash\ntrue\necho 1 > /sys/kernel/mm/ksm/run\n');
  const unchanged = scriptKnobEdits('host.sh', out, { run: 1 });
  assert.deepEqual(unchanged, { ok: true, edits: [], written: [], notes: [] });
});

test('a write inside an if is not the one bash always runs: a plain write is added after the script\'s own', () => {
  const text = '#!/bin/bash\necho 1 > /sys/kernel/mm/ksm/run\nif [ -e /nonexistent ]; then echo 9 > /sys/kernel/mm/ksm/pages_to_scan; fi\n';
  applyAndCheck(text, { run: 1, pages_to_scan: 300 });
});

test('a value from a variable is left with a note naming its line; the other knobs are still written', () => {
  const text = '#!/bin/bash\nN=$(nproc)\necho $N > /sys/kernel/mm/ksm/pages_to_scan\necho 1 > /sys/kernel/mm/ksm/run\n';
  const result = scriptKnobEdits('host.sh', text, { run: 1, pages_to_scan: 5000, sleep_millisecs: 50 });
  assert.ok(result.ok);
  assert.deepEqual(result.written, ['sleep_millisecs=50']);
  assert.match(result.notes[0], /line 3 writes pages_to_scan with a value known only when the script runs; set it to 5000 there/);
  assert.equal(runInSandbox(edited(text, result.edits)).sleep_millisecs, '50');
});

test('an edit the kernel would refuse is never offered (pages_to_scan while the scan-time advisor runs)', () => {
  const text = '#!/bin/bash\necho 1 > /sys/kernel/mm/ksm/run\necho scan-time > /sys/kernel/mm/ksm/advisor_mode\n';
  const result = scriptKnobEdits('host.sh', text, { run: 1, advisor_mode: 'scan-time', pages_to_scan: 5000 });
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.message, /pages_to_scan=5000.*Edit its KSM writes by hand/);
});

test('switching the advisor off and setting pages_to_scan: the advisor write is changed, pages_to_scan follows it', () => {
  const text = '#!/bin/bash\necho scan-time > /sys/kernel/mm/ksm/advisor_mode\necho 1 > /sys/kernel/mm/ksm/run\n';
  const out = applyAndCheck(text, { run: 1, advisor_mode: 'none', pages_to_scan: 5000 });
  assert.equal(out, '#!/bin/bash\necho none > /sys/kernel/mm/ksm/advisor_mode\necho 1 > /sys/kernel/mm/ksm/run\necho 5000 > /sys/kernel/mm/ksm/pages_to_scan\n');
});

test('new writes of the scan-time advisor: its settings, then advisor_mode, then run', () => {
  const out = applyAndCheck('#!/bin/bash\n', { advisor_mode: 'scan-time', run: 1, advisor_target_scan_time: 60 });
  assert.equal(out, '#!/bin/bash\necho 60 > /sys/kernel/mm/ksm/advisor_target_scan_time\necho scan-time > /sys/kernel/mm/ksm/advisor_mode\necho 1 > /sys/kernel/mm/ksm/run\n');
});

test('from the scenario: a ksmtuned recommendation for a script is said to belong in /etc/ksmtuned.conf', () => {
  // The script leaves run and the scan rate to ksmtuned (a script writing them runs without a controller).
  const text = `#!/bin/bash\necho 0 > /sys/kernel/mm/ksm/use_zero_pages\n${QEMU}`;
  const doc = scenarioFromDocument({ fileName: 'host.sh', text, kind: 'shell', label: 'host.sh' }, seedScenario());
  assert.ok(doc.ok);
  const current = doc.raw as Scenario;
  const next: Scenario = structuredClone(current);
  next.ksmtuned.values = { ...next.ksmtuned.values, KSM_NPAGES_MAX: '5000' };
  next.knobs = { ...next.knobs, use_zero_pages: 1 };
  const result = scriptApply('host.sh', text, next, current);
  assert.ok(result.ok);
  assert.deepEqual(result.written, ['use_zero_pages=1']);
  assert.match(result.notes.join('\n'), /ksmtuned reads KSM_NPAGES_MAX=5000 from \/etc\/ksmtuned\.conf, not from this script/);
  assert.equal(runInSandbox(edited(text, result.edits)).use_zero_pages, '1');
});

test('the code action is offered on scripts that write KSM knobs or start QEMU only', () => {
  assert.equal(scriptMayConfigureKsm('KSM=/sys/kernel/mm/ksm\necho 1 > $KSM/run\n'), true);
  assert.equal(scriptMayConfigureKsm(QEMU), true);
  assert.equal(scriptMayConfigureKsm('#!/bin/sh\necho hello\n'), false);
});
