import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS, type AnalysisContext, type Finding } from '../../../engine/language/types';
import { majorMinor, type KnobValue } from '../../../engine/knowledge/knobs';
import { knobWritesOf } from '../../../engine/sysfs/analyzer';
import { applyKnobWrite, nextKnobState, type KnobWriteState } from '../../../engine/sysfs/kernelWrite';
import { detectKind } from '../../../engine/language/documentKind';
import { LineIndex } from '../../../engine/text/lineIndex';

/**
 * Whole files run for real (scripts/record-sysfs-corpus.py --scripts): bash, dash and
 * systemd-tmpfiles against the 6.18 kernel. Every failure they reported must be a linter finding
 * with the same errno on the same line (or for the same path/command when the tool names no
 * line), every errno finding must correspond to a real failure, and replaying the writes the
 * linter found must give the knob values the kernel ended with.
 */
interface ScriptRun {
  kind: 'bash' | 'dash' | 'tmpfiles';
  text: string;
  stderr: string;
  before: Record<string, KnobValue>;
  after: Record<string, KnobValue>;
}

const fixture = JSON.parse(readFileSync('test/fixtures/sysfs/script-runs.json', 'utf8')) as { kernel: string; runs: ScriptRun[] };
const ctx: AnalysisContext = { settings: { ...DEFAULT_SETTINGS, kernelVersion: majorMinor(fixture.kernel) }, host: {} };
const ERRNO_OF_RULE: Record<string, string> = {
  'sysfs/einval': 'EINVAL',
  'sysfs/advisor-owns-pages-to-scan': 'EINVAL',
  'sysfs/erange': 'ERANGE',
  'sysfs/read-only': 'EACCES',
  'sysfs/unknown-knob': 'EACCES', // what a shell or tee sees: sysfs cannot create the file
  'sysfs/ebusy': 'EBUSY',
};
const ERRNO_OF_MESSAGE: Record<string, string> = {
  'Invalid argument': 'EINVAL',
  'Numerical result out of range': 'ERANGE',
  'Permission denied': 'EACCES',
  'Device or resource busy': 'EBUSY',
};

interface RealFailure {
  line?: number; // 1-based
  path?: string;
  command?: string;
  errno?: string;
  text: string;
}

function realFailures(run: ScriptRun): RealFailure[] {
  const out: RealFailure[] = [];
  for (const text of run.stderr.split('\n').filter(Boolean)) {
    const errno = ERRNO_OF_MESSAGE[text.slice(text.lastIndexOf(': ') + 2)];
    let m: RegExpExecArray | null;
    if ((m = /^<tmp>\/run\.sh: line (\d+): /.exec(text))) out.push({ line: Number(m[1]), errno, text });
    else if ((m = /^<tmp>\/run\.sh: (\d+): (cannot create )?/.exec(text))) out.push({ line: Number(m[1]), errno: m[2] ? errno : undefined, text });
    else if ((m = /^Failed to (?:write|open) file "([^"]+)"/.exec(text)) || (m = /^tee: ([^:]+): /.exec(text))) out.push({ path: m[1], errno, text });
    else if ((m = /^(cat|sh): /.exec(text))) out.push({ command: m[1] === 'sh' ? 'sh -c' : m[1], errno: m[1] === 'sh' ? undefined : errno, text });
    else out.push({ text });
  }
  return out;
}

/** Lines of the function bodies in a script, by function name. */
function functionLines(lines: string[]): Map<number, string> {
  const owner = new Map<number, string>();
  let current: string | undefined;
  lines.forEach((l, i) => {
    const open = /^(\w+)\(\)\s*\{/.exec(l);
    if (open) current = open[1];
    else if (/^\}/.test(l)) current = undefined;
    else if (current) owner.set(i + 1, current);
  });
  return owner;
}

function fileName(run: ScriptRun): string {
  return run.kind === 'tmpfiles' ? '/etc/tmpfiles.d/run.conf' : '/x/run.sh';
}

function source(run: ScriptRun): string {
  return run.kind === 'tmpfiles' ? run.text : `${run.kind === 'bash' ? '#!/bin/bash' : '#!/bin/sh'}\n${run.text}`;
}

test('real bash, dash and systemd-tmpfiles runs: every failure and no other is reported, with its errno', () => {
  const problems: string[] = [];
  fixture.runs.forEach((run, r) => {
    const text = source(run);
    const shift = run.kind === 'tmpfiles' ? 0 : 1; // the shebang the linter sees is not in the file that ran
    const analysis = analyzeDocument(text, { fileName: fileName(run) }, ctx);
    const lines = text.split('\n');
    const owners = functionLines(lines);
    const lineOf = (f: Finding) => analysis.index.positionAt(f.range.start).line + 1 - shift;
    const pending = analysis.findings.filter((f) => ERRNO_OF_RULE[f.ruleId] && !(run.kind === 'tmpfiles' && f.ruleId === 'sysfs/unknown-knob'));
    for (const failure of realFailures(run)) {
      const index = pending.findIndex((f) => {
        if (failure.errno && ERRNO_OF_RULE[f.ruleId] !== failure.errno) return false;
        const line = lines[lineOf(f) - 1 + shift] ?? '';
        if (failure.line !== undefined) {
          const fn = owners.get(failure.line + shift);
          return lineOf(f) === failure.line || (fn !== undefined && line.trimStart().startsWith(fn));
        }
        if (failure.path) return line.includes(failure.path);
        if (failure.command) return line.includes(failure.command);
        return false;
      });
      if (index === -1) problems.push(`run ${r}: the real failure "${failure.text}" has no matching finding`);
      else pending.splice(index, 1);
    }
    for (const f of pending) problems.push(`run ${r}: ${f.ruleId} on line ${lineOf(f)} but the real run did not fail there: ${f.message}`);
  });
  assert.deepEqual(problems, []);
});

test('replaying the writes the linter found gives the knob values the kernel ended with', () => {
  const problems: string[] = [];
  fixture.runs.forEach((run, r) => {
    const text = source(run);
    const doc = { fileName: fileName(run), text, kind: detectKind(fileName(run), text), index: new LineIndex(text) };
    let state: KnobWriteState = { knobs: { ...run.before }, ksmPagesExist: false, kernel: majorMinor(fixture.kernel) };
    for (const site of knobWritesOf(doc).writes) {
      if (site.inFunction) continue;
      assert.ok(site.attempts, `run ${r}: every value here is literal (${site.knob})`);
      for (const chunks of site.attempts) {
        let failed = false;
        for (const raw of chunks) {
          const result = applyKnobWrite(site.knob, raw, state);
          state = nextKnobState(state, result);
          failed ||= !result.ok;
        }
        if (!failed) break;
      }
    }
    for (const [name, value] of Object.entries(run.after)) {
      if (state.knobs[name] !== value) problems.push(`run ${r}: ${name} ended as ${value}, the model says ${state.knobs[name]}`);
    }
  });
  assert.deepEqual(problems, []);
});
