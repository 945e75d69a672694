import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseShell, isUnconditional, commandName, type ShellScript } from '../../../engine/shell';

function assignments(script: ShellScript): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const c of script.commands) for (const a of [...c.assignments, ...c.declarations]) out[a.name] = a.value?.value;
  return out;
}

test('quoting: single, double, $\'...\', backslash give the value after quote removal', () => {
  const s = parseShell(`A=1 B="x y" C='z  w' D=$'a\\tb\\x41' E=a\\ b F="q\\"\\$" G=''\n`);
  assert.deepEqual(assignments(s), { A: '1', B: 'x y', C: 'z  w', D: 'a\tbA', E: 'a b', F: 'q"$', G: '' });
  assert.equal(s.errors.length, 0);
});

test('expansions make a word dynamic and keep its parts', () => {
  const text = 'X=$(echo 5) Y=`date` Z=${A:-def} W=$((1+2)) V=$[3*4] U="pre$HOME" T=~/x\n';
  const s = parseShell(text);
  const [cmd] = s.commands.filter((c) => c.context.depth === 0);
  const kinds = cmd.assignments.map((a) => [a.name, a.value!.dynamic, a.value!.parts.map((p) => p.kind).join('+')]);
  assert.deepEqual(kinds, [
    ['X', true, 'command-substitution'],
    ['Y', true, 'backtick'],
    ['Z', true, 'parameter'],
    ['W', true, 'arithmetic'],
    ['V', true, 'arithmetic'],
    ['U', true, 'double-quoted'],
    ['T', true, 'tilde+literal'],
  ]);
  const z = cmd.assignments[2].value!.parts[0];
  assert.equal(z.name, 'A');
  assert.equal(z.operator, ':-');
  assert.equal(z.argument?.value, 'def');
  // the command inside $(...) is found too, marked as running in a substitution
  const inner = s.commands.find((c) => commandName(c) === 'echo');
  assert.ok(inner?.context.inSubstitution);
  assert.equal(text.slice(inner!.range.start, inner!.range.end), 'echo 5');
});

test('ranges are exact UTF-16 offsets, with CRLF kept in the value as bash does', () => {
  const text = '# é comment\r\nKSM_NPAGES_MAX=100\r\nexport  KSM_A="ü" B=2 # trailing\n';
  const s = parseShell(text);
  const max = s.commands[0].assignments[0];
  assert.equal(text.slice(max.nameRange.start, max.nameRange.end), 'KSM_NPAGES_MAX');
  assert.equal(max.value!.value, '100\r');
  const exp = s.commands[1];
  assert.equal(commandName(exp), 'export');
  assert.deepEqual(exp.declarations.map((d) => [d.name, d.value?.value, text.slice(d.range.start, d.range.end)]), [
    ['KSM_A', 'ü', 'KSM_A="ü"'],
    ['B', '2', 'B=2'],
  ]);
  assert.deepEqual(s.comments.map((c) => text.slice(c.range.start, c.range.end)), ['# é comment\r', '# trailing']);
});

test('operators, redirections, continuations and heredocs', () => {
  const text = 'echo 1 > /sys/kernel/mm/ksm/run && echo 2 >>log || true; cat <<-EOF | grep x &\n\tbody $v\n\tEOF\nqemu-system-x86_64 -m 1G \\\n  -enable-kvm\n';
  const s = parseShell(text);
  assert.deepEqual(s.commands.map((c) => c.words.map((w) => w.value ?? w.text)), [
    ['echo', '1'],
    ['echo', '2'],
    ['true'],
    ['cat'],
    ['grep', 'x'],
    ['qemu-system-x86_64', '-m', '1G', '-enable-kvm'],
  ]);
  assert.deepEqual(s.commands[0].redirections.map((r) => [r.op, r.target?.value]), [['>', '/sys/kernel/mm/ksm/run']]);
  assert.ok(isUnconditional(s.commands[0]));
  assert.ok(!isUnconditional(s.commands[1]), 'after && it is conditional');
  const heredoc = s.commands[3].redirections[0].heredoc!;
  assert.equal(heredoc.body, '\tbody $v\n');
  assert.ok(heredoc.terminated);
  assert.ok(s.commands[4].background);
  assert.equal(s.errors.length, 0);
});

test('compound commands, functions, case and arrays', () => {
  const text = [
    'if [ -f x ]; then A=1; elif true; then B=2; else C=3; fi',
    'debug() { echo "$*"; }',
    'function KSMCTL { :; }',
    'for i in 1 2; do echo $i; done',
    'while false; do :; done',
    'case $x in a|b) echo a;; *) echo b;; esac',
    'arr=(1 "2 3" $x)',
    '(( n++ ))',
    '[[ $a < $b ]] && echo lt',
    '{ echo grouped; }',
  ].join('\n');
  const s = parseShell(text);
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.functions.map((f) => [f.name, f.keyword]), [['debug', false], ['KSMCTL', true]]);
  assert.equal(s.commands.find((c) => c.words[0]?.value === 'echo' && c.words[1]?.text === '"$*"')?.context.functionName, 'debug');
  const arr = s.commands.find((c) => c.assignments[0]?.name === 'arr')!.assignments[0];
  assert.deepEqual(arr.array?.map((w) => w.value ?? '<dynamic>'), ['1', '2 3', '<dynamic>']);
  assert.deepEqual([...new Set(s.compounds.map((c) => c.kind))].sort(), ['arithmetic', 'case', 'conditional', 'for', 'group', 'if', 'while'].sort());
  const grouped = s.commands.find((c) => c.words[1]?.value === 'grouped')!;
  assert.equal(grouped.context.conditional, false);
});

test('after an assignment that cannot fail, && runs unconditionally; || and tests stay conditional', () => {
  const s = parseShell('A=1 && B=2 && C=3 || D=4\n[ -f x ] && E=5\nF=$(false) && G=6\n');
  const conditional = Object.fromEntries(s.commands.filter((c) => c.assignments.length).map((c) => [c.assignments[0].name, c.context.conditional]));
  assert.deepEqual(conditional, { A: false, B: false, C: false, D: true, E: true, F: false, G: true });
});

test('syntax errors: where, and from where bash stops reading a sourced file', () => {
  const s = parseShell('A=1\nB=2; fi\nC=3\n');
  assert.equal(s.errors.length, 1);
  assert.match(s.errors[0].message, /unexpected token `fi'/);
  assert.deepEqual(s.errors[0].range, { start: 9, end: 11 });
  assert.equal(s.stopsAt, 4, 'the whole line with the error is not run');
  const unterminated = parseShell('A=1\nB="open\nC=3\n');
  assert.equal(unterminated.errors[0].range.start, 6);
  assert.equal(unterminated.errors[0].range.end, 16);
  assert.equal(unterminated.stopsAt, 4);
  for (const bad of ['if true; then\n', 'echo $(', 'x=${', 'echo `', "x=$'", 'f() echo', 'a=(1 2', 'echo >', 'case x in\n', 'done']) {
    const r = parseShell(bad);
    assert.ok(r.errors.some((e) => e.severity === 'syntax'), bad);
    for (const e of r.errors) assert.ok(e.range.start >= 0 && e.range.end <= bad.length && e.range.start <= e.range.end, bad);
  }
});

test('a BOM is part of the first word, as bash reads it', () => {
  const s = parseShell('\ufeffA=1\nB=2\n');
  assert.ok(s.hasBom);
  assert.equal(s.commands[0].assignments.length, 0);
  assert.equal(s.commands[0].words[0].value, '\ufeffA=1');
  assert.equal(s.commands[1].assignments[0].name, 'B');
});

test('property: any input parses without throwing, with ranges inside the text', () => {
  const alphabet = fc.constantFrom(...'AB=$(){}[]`\'"\\;&|<>#\n\r\t -x0~!*'.split(''), 'if ', 'then ', 'fi', 'case ', 'esac', '<<E\n', '$((', '${', 'do ', 'done', '\u0000', '\ufeff', 'é');
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 120 }).map((a) => a.join('')), (text) => {
      const s = parseShell(text);
      const inside = (r: { start: number; end: number }) => r.start >= 0 && r.end <= text.length && r.start <= r.end;
      for (const c of s.commands) {
        assert.ok(inside(c.range));
        for (const w of c.words) assert.ok(inside(w.range));
        for (const a of c.assignments) assert.ok(inside(a.range) && inside(a.nameRange));
      }
      for (const e of s.errors) assert.ok(inside(e.range));
      assert.ok(s.stopsAt === undefined || (s.stopsAt >= 0 && s.stopsAt <= text.length));
    }),
    { numRuns: 3000 },
  );
});

test('deep nesting and large input finish, with an error instead of a stack overflow', () => {
  const start = performance.now();
  assert.ok(parseShell('$('.repeat(50_000)).errors.length > 0);
  assert.ok(parseShell('if true; then '.repeat(20_000)).errors.length > 0);
  assert.ok(parseShell('"'.repeat(100_001)).errors.length > 0);
  assert.equal(parseShell('A=1 B=2 # c\n'.repeat(20_000)).commands.length, 20_000);
  // generous: the point is "no hang", on a possibly busy machine
  assert.ok(performance.now() - start < 20_000, `took ${performance.now() - start} ms`);
});
