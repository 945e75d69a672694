import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS, type AnalysisContext, type Finding } from '../../../engine/language/types';

function ctx(qemuVersion?: string): AnalysisContext {
  return { settings: { ...DEFAULT_SETTINGS, qemuVersion }, host: {} };
}

function lint(text: string, fileName = 'vms.sh', version?: string) {
  return analyzeDocument(text, { fileName }, ctx(version));
}

function qemu(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.ruleId.startsWith('qemu/'));
}

function slice(text: string, f: Finding): string {
  return text.slice(f.range.start, f.range.end);
}

test('an upper-case boolean: QEMU\'s message, the exact range, a quick fix', () => {
  const text = 'qemu-system-x86_64 -M q35,mem-merge=ON -m 1G\n';
  const [f] = qemu(lint(text).findings);
  assert.equal(f.ruleId, 'qemu/invalid-bool');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /qemu-system-x86_64: Parameter 'mem-merge' expects 'on' or 'off'/);
  assert.equal(slice(text, f), 'ON');
  assert.equal(f.fixes?.[0].edits[0].newText, 'on');
});

test('ranges follow quoting, escapes and backslash continuations', () => {
  const text = 'qemu-system-x86_64 \\\n  -machine "q35,mem-merge=o"\'N\' \\\n  -M \'pc\',hpet=\\O\n';
  const findings = qemu(lint(text).findings);
  const bool = findings.find((f) => f.message.includes("'mem-merge'"));
  assert.ok(bool, JSON.stringify(findings));
  assert.equal(slice(text, bool), 'o"\'N', 'the value spans the closing and opening quotes');
  const hpet = findings.find((f) => f.message.includes("'hpet'"))!;
  assert.equal(slice(text, hpet), '\\O');
});

test('short-form boolean in -machine: Expected = , with the fix mem-merge=on / =off', () => {
  const text = 'qemu-system-x86_64 -M q35,mem-merge\nqemu-system-x86_64 -M q35,nomem-merge\n';
  const [a, b] = qemu(lint(text).findings);
  assert.equal(a.ruleId, 'qemu/missing-equals');
  assert.match(a.message, /-M q35,mem-merge: Expected '=' after parameter 'mem-merge'/);
  assert.equal(slice(text, a), 'mem-merge');
  assert.equal(a.fixes?.[0].edits[0].newText, 'mem-merge=on');
  assert.equal(b.fixes?.[0].edits[0].newText, 'mem-merge=off');
});

test('wrong key case gets the right spelling; underscores are read as dashes', () => {
  const text = 'qemu-system-x86_64 -M q35,Mem-Merge=off\nqemu-system-x86_64 -M pc,mem_merge=off,mem-merge=off\nqemu-system-x86_64 -M pc,mem_merge=off\n';
  const findings = qemu(lint(text, 'vms.sh', '7.2').findings);
  const unknown = findings.find((f) => f.ruleId === 'qemu/unknown-property')!;
  assert.match(unknown.message, /Property 'pc-q35-7\.2-machine\.Mem-Merge' not found/);
  assert.equal(unknown.fixes?.[0].edits[0].newText, 'mem-merge');
  const conflict = findings.find((f) => f.ruleId === 'qemu/underscore-conflict')!;
  assert.match(conflict.message, /Conflict between 'mem_merge' and 'mem-merge'/);
  const hint = findings.find((f) => f.ruleId === 'qemu/underscore-key')!;
  assert.equal(hint.severity, 'hint');
  assert.equal(hint.fixes?.[0].edits[0].newText, 'mem-merge');
});

test('repeated -M options merge; a backend with merge=off under mem-merge=on is a trap', () => {
  const text = 'qemu-system-x86_64 -M q35 -object memory-backend-ram,id=ram,size=1G,merge=off -M memory-backend=ram -m 1G\n';
  const findings = qemu(lint(text).findings);
  assert.equal(findings.filter((f) => f.severity === 'error').length, 0, JSON.stringify(findings));
  const trap = findings.find((f) => f.ruleId === 'qemu/backend-merge-ignored')!;
  assert.equal(trap.severity, 'warning');
  assert.equal(slice(text, trap), 'off');
  const fixed = qemu(lint(text.replace('-M q35 ', '-M q35,mem-merge=off ')).findings);
  assert.equal(fixed.find((f) => f.ruleId === 'qemu/backend-merge-ignored'), undefined);
});

test('memory-backend must exist and match -m', () => {
  const missing = qemu(lint('qemu-system-x86_64 -M q35,memory-backend=nope\n').findings);
  assert.match(missing[0].message, /Memory backend 'nope' not found/);
  const text = 'qemu-system-x86_64 -object memory-backend-ram,id=m,size=64M -M q35,memory-backend=m -m 128M\n';
  const size = qemu(lint(text).findings).find((f) => f.ruleId === 'qemu/memory-backend-size')!;
  assert.match(size.message, /Machine memory size does not match the size of the memory backend/);
  assert.equal(slice(text, size), '64M');
});

test('the QEMU version selects machine types and properties; 10.2 is the default', () => {
  const text = 'qemu-system-x86_64 -M pc-q35-10.2,smp-cache.0.cache=l1d,smp-cache.0.topology=core\n';
  assert.equal(qemu(lint(text).findings).length, 0, JSON.stringify(lint(text).findings));
  const old = qemu(lint(text, 'vms.sh', '7.2').findings);
  assert.equal(old[0].ruleId, 'qemu/unknown-machine-type');
  const prop = qemu(lint('qemu-system-x86_64 -M q35,aux-ram-share=on\n', 'vms.sh', '7.2').findings);
  assert.match(prop[0].message, /exists from QEMU 10\.0 on/);
  assert.equal(qemu(lint('qemu-system-x86_64 -M pc-i440fx-1.4\n', 'vms.sh', '7.2').findings)[0].ruleId, 'qemu/deprecated-machine-type');
  assert.equal(qemu(lint('qemu-system-x86_64 -M pc-i440fx-1.4\n').findings)[0].ruleId, 'qemu/unknown-machine-type');
});

test('-enable-kvm with -accel, and accel= with -accel, conflict', () => {
  const findings = qemu(lint('qemu-system-x86_64 -enable-kvm -accel tcg\n').findings);
  assert.match(findings[0].message, /The -accel and "-machine accel=" options are incompatible/);
  assert.equal(findings[0].ruleId, 'qemu/accel-conflict');
});

test('words from variables are skipped and explained on hover, never guessed', () => {
  const text = 'MEM=4G\nqemu-system-x86_64 -m "$MEM" -M "$TYPE",mem-merge=bad\n';
  const analysis = lint(text);
  assert.equal(qemu(analysis.findings).length, 0);
  const hover = analysis.hoverAt(text.indexOf('$MEM'));
  assert.match(hover?.markdown ?? '', /depends on a variable/);
});

test('arrays of literal words are followed', () => {
  const text = 'args=(-M q35,mem-merge=maybe)\nqemu-kvm "${args[@]}"\n';
  const [f] = qemu(lint(text).findings);
  assert.equal(f.ruleId, 'qemu/invalid-bool');
  assert.equal(slice(text, f), 'maybe');
});

test('systemd ExecStart= lines and markdown code blocks are checked', () => {
  const unit = '[Service]\nExecStart=/usr/bin/qemu-system-x86_64 -M q35,mem-merge=1 \\\n  -m 1G\n';
  const [u] = qemu(lint(unit, 'vm.service').findings);
  assert.equal(slice(unit, u), '1');
  const md = '# VM\n\n```sh\n$ qemu-system-x86_64 -M q35,usb\n```\n\nqemu-system-x86_64 -M bad,usb outside a block\n';
  const findings = qemu(lint(md, 'README.md').findings);
  assert.equal(findings.length, 1);
  assert.equal(slice(md, findings[0]), 'usb');
});

test('hover on mem-merge explains KSM and links the what-if; hover on the machine type', () => {
  const text = 'qemu-system-x86_64 -M q35,mem-merge=off\n';
  const analysis = lint(text);
  const hover = analysis.hoverAt(text.indexOf('mem-merge') + 2)!;
  assert.match(hover.markdown, /KSM/);
  assert.match(hover.markdown, /command:samepage\.runWhatIf/);
  assert.match(hover.markdown, /Default: `on`/);
  assert.equal(text.slice(hover.range.start, hover.range.end), 'mem-merge');
  const type = analysis.hoverAt(text.indexOf('q35') + 1)!;
  assert.match(type.markdown, /Q35/);
  const value = analysis.hoverAt(text.indexOf('=off') + 2);
  assert.ok(value === undefined || value.markdown.length > 0);
});

test('completion: machine types, property names, values', () => {
  const text = 'qemu-system-x86_64 -M q3\nqemu-system-x86_64 -M q35,mem-m\nqemu-system-x86_64 -M q35,mem-merge=\nqemu-system-x86_64 -M q35,smp.\n';
  const analysis = lint(text);
  const types = analysis.completeAt(text.indexOf('q3\n') + 2).map((c) => c.label);
  assert.ok(types.includes('q35') && types.includes('pc-i440fx-10.2'), types.join());
  const props = analysis.completeAt(text.indexOf('mem-m\n') + 5);
  const memMerge = props.find((c) => c.label === 'mem-merge')!;
  assert.ok(memMerge);
  assert.equal(memMerge.insertText, 'mem-merge=');
  assert.deepEqual(analysis.completeAt(text.indexOf('mem-merge=\n') + 10).map((c) => c.label), ['on', 'off']);
  const smp = analysis.completeAt(text.indexOf('smp.\n') + 4).map((c) => c.label);
  assert.ok(smp.includes('smp.cpus'), smp.join());
});

test('a hex -m without suffix means MiB of it', () => {
  const findings = qemu(lint('qemu-system-x86_64 -m 0x10000000\n').findings);
  assert.equal(findings[0].severity, 'error');
  assert.match(findings[0].message, /256 TiB/);
});

test('help stops QEMU before anything is applied', () => {
  const findings = qemu(lint('qemu-system-x86_64 -M q35,mem-merge=bad,help\n').findings);
  assert.deepEqual(findings.map((f) => f.ruleId), ['qemu/help-exits']);
});

test('warnings for what QEMU accepts but should not be relied on', () => {
  const text =
    'qemu-system-x86_64 -object memory-backend-ram,id=a,size=1G,nomerge -object memory-backend-memfd,id=b,size=1G ' +
    '-M pc,max-ram-below-4g=0x1G,kernel-irqchip=bogus -accel tcg -m 1G\n';
  const findings = qemu(lint(text, 'vms.sh', '7.2').findings);
  const rules = findings.map((f) => `${f.severity} ${f.ruleId}`);
  for (const expected of ['warning qemu/short-form-boolean', 'warning qemu/backend-merge-ignored', 'information qemu/backend-never-merges', 'warning qemu/hex-size-suffix', 'warning qemu/kvm-only-key']) {
    assert.ok(rules.includes(expected), `${expected} in ${rules.join(', ')}`);
  }
  assert.equal(findings.filter((f) => f.severity === 'error').length, 0, rules.join(', '));
  const short = findings.find((f) => f.ruleId === 'qemu/short-form-boolean')!;
  assert.equal(slice(text, short), 'nomerge');
  assert.equal(short.fixes?.[0].edits[0].newText, 'merge=off');
  const kvm = qemu(lint(text.replace('-accel tcg', '-accel kvm'), 'vms.sh', '7.2').findings).find((f) => f.ruleId === 'qemu/invalid-enum');
  assert.ok(kvm, 'under KVM the bad kernel-irqchip is an error');
});

test('non-x86 emulators are not checked; wrappers such as sudo and env are seen through', () => {
  assert.equal(qemu(lint('qemu-system-aarch64 -M virt,mem-merge=ON\n').findings).length, 0);
  assert.equal(qemu(lint('sudo env A=1 /usr/bin/qemu-system-x86_64 -M virt\n').findings)[0].ruleId, 'qemu/unknown-machine-type');
  assert.equal(qemu(lint('modprobe kvm\nlsmod | grep kvm\n').findings).length, 0);
});
