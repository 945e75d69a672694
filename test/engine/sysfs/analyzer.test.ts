import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS, type AnalysisContext, type Finding, type HostFacts } from '../../../engine/language/types';

function ctxWith(host: HostFacts = {}, kernelVersion?: string): AnalysisContext {
  return { settings: { ...DEFAULT_SETTINGS, kernelVersion }, host };
}

function lint(fileName: string, text: string, ctx = ctxWith()): Finding[] {
  return analyzeDocument(text, { fileName }, ctx).findings.filter((f) => f.ruleId.startsWith('sysfs/'));
}

function rules(findings: Finding[]): string[] {
  return findings.map((f) => f.ruleId);
}

function applyFix(text: string, finding: Finding, which = 0): string {
  const fix = finding.fixes?.[which];
  assert.ok(fix, `no fix on ${finding.ruleId}`);
  let out = text;
  for (const edit of [...fix.edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, edit.range.start) + edit.newText + out.slice(edit.range.end);
  return out;
}

test('echo writes a newline, echo -n and printf %s do not; all are judged on those bytes', () => {
  const f = lint('/x/a.sh', 'echo 0x10 > /sys/kernel/mm/ksm/pages_to_scan\necho -n " 5" > /sys/kernel/mm/ksm/sleep_millisecs\nprintf "%s\\n\\n" 7 > /sys/kernel/mm/ksm/sleep_millisecs\n');
  assert.deepEqual(rules(f), ['sysfs/einval', 'sysfs/einval', 'sysfs/einval']);
  assert.match(f[0].message, /"0x10\\n"/);
  assert.match(f[1].message, /echo -n writes " 5"/);
  assert.match(f[2].message, /"7\\n\\n"/);
});

test('quick fixes: hex to decimal, yes to 1, unmerge before merge_across_nodes, rename a misspelled knob', () => {
  const text = '#!/bin/bash\necho 0x10 > /sys/kernel/mm/ksm/pages_to_scan\necho yes > /sys/kernel/mm/ksm/run\n  echo 0 > /sys/kernel/mm/ksm/merge_across_nodes\necho 1 > /sys/kernel/mm/ksm/sleep_milisecs\n';
  const f = lint('/x/a.sh', text);
  assert.deepEqual(rules(f), ['sysfs/einval', 'sysfs/einval', 'sysfs/ebusy', 'sysfs/unknown-knob']);
  assert.match(applyFix(text, f[0]), /^echo 16 > \/sys\/kernel\/mm\/ksm\/pages_to_scan$/m);
  assert.match(applyFix(text, f[1]), /^echo 1 > \/sys\/kernel\/mm\/ksm\/run$/m);
  const unmerged = applyFix(text, f[2]);
  assert.match(unmerged, /\n {2}echo 2 > \/sys\/kernel\/mm\/ksm\/run\n {2}echo 0 > \/sys\/kernel\/mm\/ksm\/merge_across_nodes/);
  assert.deepEqual(rules(lint('/x/a.sh', unmerged)).filter((r) => r === 'sysfs/ebusy'), []);
  assert.match(applyFix(text, f[3]), /sleep_millisecs\n$/);
});

test('order matters: run=2 before clears EBUSY, run=1 in between brings it back; scan-time blocks pages_to_scan', () => {
  const ok = lint('/x/a.sh', 'echo 2 > /sys/kernel/mm/ksm/run\necho 0 > /sys/kernel/mm/ksm/merge_across_nodes\necho 512 > /sys/kernel/mm/ksm/max_page_sharing\necho 1 > /sys/kernel/mm/ksm/run\n');
  assert.deepEqual(rules(ok), []);
  const again = lint('/x/a.sh', 'echo 2 > /sys/kernel/mm/ksm/run\necho 1 > /sys/kernel/mm/ksm/run\necho 512 > /sys/kernel/mm/ksm/max_page_sharing\n');
  assert.deepEqual(rules(again), ['sysfs/ebusy']);
  assert.match(again[0].message, /line 2/);
  const same = lint('/x/a.sh', 'echo 1 > /sys/kernel/mm/ksm/merge_across_nodes\necho 256 > /sys/kernel/mm/ksm/max_page_sharing\n');
  assert.deepEqual(rules(same), [], 'writing the value in force is a no-op');
  const advisor = lint('/x/a.sh', 'echo scan-time > /sys/kernel/mm/ksm/advisor_mode\necho 100 > /sys/kernel/mm/ksm/pages_to_scan\necho none > /sys/kernel/mm/ksm/advisor_mode\necho 100 > /sys/kernel/mm/ksm/pages_to_scan\n');
  assert.deepEqual(rules(advisor), ['sysfs/advisor-owns-pages-to-scan']);
  assert.equal(advisor[0].severity, 'error');
  const maybe = lint('/x/a.sh', 'if [ -n "$X" ]; then echo scan-time > /sys/kernel/mm/ksm/advisor_mode; fi\necho 100 > /sys/kernel/mm/ksm/pages_to_scan\n');
  assert.deepEqual(maybe.map((f) => f.severity), ['warning']);
});

test('variables, tee pipelines, here-strings, here-documents and sh -c are followed', () => {
  const text = [
    'KSM=/sys/kernel/mm/ksm',
    'echo 3 > "$KSM/run"',
    'echo 3 | sudo tee $KSM/run >/dev/null',
    'cat <<< 3 > ${KSM}/run',
    'cat > $KSM/run <<EOF',
    '3',
    'EOF',
    "sh -c 'echo 3 > /sys/kernel/mm/ksm/run'",
    'echo "$N" > $KSM/run',
    '',
  ].join('\n');
  const f = lint('/x/a.sh', text);
  assert.deepEqual(rules(f), ['sysfs/einval', 'sysfs/einval', 'sysfs/einval', 'sysfs/einval', 'sysfs/einval']);
  const lines = f.map((x) => text.slice(0, x.range.start).split('\n').length);
  assert.deepEqual(lines, [2, 3, 4, 5, 8]);
});

test('helper functions called with literal arguments are followed into their body', () => {
  const text = 'set_knob() {\n  echo "$2" > "/sys/kernel/mm/ksm/$1"\n}\nset_knob pages_to_scan 0x20\nset_knob run 1\nset_knob sleep_milisecs 10\nset_knob "$K" 5\n';
  const f = lint('/x/a.sh', text);
  assert.deepEqual(rules(f), ['sysfs/einval', 'sysfs/unknown-knob']);
  assert.equal(text.slice(f[0].range.start, f[0].range.end), '0x20');
  assert.match(applyFix(text, f[0]), /set_knob pages_to_scan 32/);
  assert.match(applyFix(text, f[1]), /set_knob sleep_millisecs 10/);
});

test('read-only counters, knobs missing from the configured kernel, removed knobs', () => {
  assert.deepEqual(rules(lint('/x/a.sh', 'echo 0 > /sys/kernel/mm/ksm/pages_shared\n')), ['sysfs/read-only']);
  assert.deepEqual(rules(lint('/x/a.sh', 'echo 1 > /sys/kernel/mm/ksm/smart_scan\n', ctxWith({}, '6.6'))), ['sysfs/knob-not-in-kernel']);
  assert.deepEqual(rules(lint('/x/a.sh', 'echo 1 > /sys/kernel/mm/ksm/smart_scan\n', ctxWith({ kernelRelease: '6.1.0-13-amd64' }))), ['sysfs/knob-not-in-kernel'], 'the running kernel is the default');
  assert.deepEqual(rules(lint('/x/a.sh', 'echo 1 > /sys/kernel/mm/ksm/smart_scan\n', ctxWith({ kernelRelease: '6.1.0' }, '6.8'))), [], 'the setting wins');
  const removed = lint('/x/a.sh', 'echo 100 > /sys/kernel/mm/ksm/max_kernel_pages\n');
  assert.match(removed[0].message, /2\.6\.33/);
});

test('sysfs.conf: printf then echo, one-word values, comments, absolute paths, syntax errors stop the file', () => {
  const text = '# KSM\nkernel/mm/ksm/run = 1 # on\n/sys/kernel/mm/ksm/sleep_millisecs = 10\nkernel/mm/ksm/pages_to_scan = "100"\nkernel/mm/ksm/run = 1 2\nkernel/mm/ksm/run = 7\nmode kernel/mm/ksm/run = 0644\n';
  const f = lint('/etc/sysfs.conf', text);
  assert.deepEqual(rules(f), ['sysfs/conf-absolute-path', 'sysfs/einval', 'sysfs/conf-syntax']);
  assert.match(applyFix(text, f[0]), /^kernel\/mm\/ksm\/sleep_millisecs = 10$/m);
  assert.match(applyFix(text, f[1]), /^kernel\/mm\/ksm\/pages_to_scan = 100$/m);
  const crlf = lint('/etc/sysfs.d/ksm.conf', 'kernel/mm/ksm/run = 1\r\n');
  assert.deepEqual(rules(crlf), ['sysfs/einval'], 'a CR stays in the value');
  assert.deepEqual(rules(lint('/etc/sysfs.d/ksm.conf', 'kernel/mm/ksm/run 1\nkernel/mm/ksm/*_millisecs = 10\nkernel/mm/ksm/nothing* = 1\n')), ['sysfs/unknown-knob']);
});

test('tmpfiles: w and w+ write without a newline after unescaping; a missing argument is reported', () => {
  const f = lint('/etc/tmpfiles.d/ksm.conf', 'w /sys/kernel/mm/ksm/run - - - - 1\nw+ /sys/kernel/mm/ksm/pages_to_scan - - - - 1\\n\\n\nw /sys/kernel/mm/ksm/smart_scan - - - - -\nw /sys/kernel/mm/ksm/max_page_sharing - - - - 1\n');
  assert.deepEqual(rules(f), ['sysfs/einval', 'sysfs/tmpfiles-no-argument', 'sysfs/einval']);
});

test('unit files: sh -c scripts are analysed; redirection without a shell is reported with a fix', () => {
  const text = "[Service]\nExecStartPre=/bin/sh -c 'echo 0x1 > /sys/kernel/mm/ksm/run'\nExecStart=/bin/echo 1 > /sys/kernel/mm/ksm/run\n";
  const f = lint('/etc/systemd/system/ksm.service', text);
  assert.deepEqual(rules(f), ['sysfs/einval', 'sysfs/unit-no-shell']);
  assert.equal(text.slice(f[0].range.start, f[0].range.end), '0x1');
  assert.match(applyFix(text, f[1]), /ExecStart=\/bin\/sh -c '\/bin\/echo 1 > \/sys\/kernel\/mm\/ksm\/run'/);
});

test('hover: facts, reading advice, live values with MiB saved and ratios; proc files; markdown and ksmtuned.conf', () => {
  const host: HostFacts = { pageSize: 4096, kernelRelease: '6.18.44', ksm: { run: '1', pages_shared: '60', pages_sharing: '14940', pages_unshared: '30', ksm_zero_pages: '0', sleep_millisecs: '20', pages_to_scan: '100' } };
  const text = 'cat /sys/kernel/mm/ksm/pages_sharing /proc/self/ksm_stat\n';
  const analysis = analyzeDocument(text, { fileName: '/x/a.sh' }, ctxWith(host));
  const hover = analysis.hoverAt(text.indexOf('pages_sharing') + 3);
  assert.ok(hover);
  assert.match(hover.markdown, /read-only/);
  assert.match(hover.markdown, /page size/);
  assert.match(hover.markdown, /14940/);
  assert.match(hover.markdown, /58\.4 MiB saved/);
  assert.match(hover.markdown, /249/);
  const dir = analyzeDocument('KSM=/sys/kernel/mm/ksm\n', { fileName: '/x/a.sh' }, ctxWith(host)).hoverAt(8);
  assert.match(dir!.markdown, /13 writable knobs and 11 read-only counters/);
  assert.match(dir!.markdown, /ksmd running/);
  const viaVariable = 'KSM=/sys/kernel/mm/ksm\necho 1 > $KSM/run\nset_knob() { echo "$2" > /sys/kernel/mm/ksm/$1; }\nset_knob sleep_millisecs 5\n';
  const resolved = analyzeDocument(viaVariable, { fileName: '/x/a.sh' }, ctxWith(host));
  assert.match(resolved.hoverAt(viaVariable.indexOf('run') + 1)!.markdown, /Master switch/);
  assert.match(resolved.hoverAt(viaVariable.lastIndexOf('sleep_millisecs') + 1)!.markdown, /ksm\/sleep_millisecs/);
  const proc = analysis.hoverAt(text.indexOf('ksm_stat'));
  assert.match(proc!.markdown, /ksm_process_profit/);
  const md = analyzeDocument('Set `max_page_sharing` before\n\n```\necho 1 > /sys/kernel/mm/ksm/run\n```\n', { fileName: '/x/README.md' }, ctxWith());
  assert.match(md.hoverAt(8)!.markdown, /Default.*256|default \| `256`/i);
  assert.equal(md.findings.filter((f) => f.ruleId.startsWith('sysfs/')).length, 0, 'markdown gets hover only');
  assert.ok(md.hoverAt(md.index.text.indexOf('/run') + 2));
  const conf = analyzeDocument('# see /sys/kernel/mm/ksm/sleep_millisecs\nKSM_SLEEP_MSEC=10\n', { fileName: '/etc/ksmtuned.conf' }, ctxWith());
  assert.match(conf.hoverAt(30)!.markdown, /sleep_millisecs/);
});

test('completion: knob names after the directory, values after = and in echo position', () => {
  const names = analyzeDocument('echo 1 > /sys/kernel/mm/ksm/sl', { fileName: '/x/a.sh' }, ctxWith()).completeAt(31);
  assert.ok(names.some((c) => c.label === 'sleep_millisecs'));
  assert.deepEqual(names.find((c) => c.label === 'sleep_millisecs')!.range, { start: 29, end: 31 });
  assert.ok(!analyzeDocument('x /sys/kernel/mm/ksm/', { fileName: '/x/a.sh' }, ctxWith({}, '6.6')).completeAt(21).some((c) => c.label === 'smart_scan'));
  const conf = analyzeDocument('kernel/mm/ksm/advisor_mode = ', { fileName: '/etc/sysfs.conf' }, ctxWith()).completeAt(29);
  assert.deepEqual(conf.map((c) => c.label), ['none', 'scan-time']);
  const run = 'echo  > /sys/kernel/mm/ksm/run';
  assert.deepEqual(analyzeDocument(run, { fileName: '/x/a.sh' }, ctxWith()).completeAt(5).map((c) => c.label), ['0', '1', '2']);
  const tmp = analyzeDocument('w /sys/kernel/mm/ksm/pages_to_scan - - - - ', { fileName: '/etc/tmpfiles.d/k.conf' }, ctxWith()).completeAt(43);
  assert.ok(tmp.some((c) => c.label === '100'));
});
