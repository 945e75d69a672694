import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS, type AnalysisContext } from '../../../engine/language/types';
import { majorMinor } from '../../../engine/knowledge/knobs';
import { loadCorpus, type CorpusCase } from './corpus';

/**
 * The linter against the real kernel: every recorded write becomes a one-write file (shell with
 * printf and, where possible, echo; sysfs.conf; tmpfiles), preceded by the case's setup writes,
 * and the linter must report exactly the kernel's errno on that write, or nothing when it succeeded.
 */
const corpus = loadCorpus();
const ctx: AnalysisContext = { settings: { ...DEFAULT_SETTINGS, kernelVersion: majorMinor(corpus.kernel) }, host: {} };
const PATH = '/sys/kernel/mm/ksm/';
const ERRNO_OF_RULE: Record<string, string> = {
  'sysfs/einval': 'EINVAL',
  'sysfs/advisor-owns-pages-to-scan': 'EINVAL',
  'sysfs/erange': 'ERANGE',
  'sysfs/read-only': 'EACCES',
  'sysfs/unknown-knob': 'ENOENT',
  'sysfs/knob-not-in-kernel': 'ENOENT',
  'sysfs/ebusy': 'EBUSY',
};

function printfFormat(raw: string): string {
  let out = '';
  for (const c of raw) {
    const code = c.charCodeAt(0);
    if (c === '%') out += '%%';
    else if (c === '\\') out += '\\\\';
    else if (c === "'" || code < 32 || code > 126) out += '\\' + code.toString(8).padStart(3, '0');
    else out += c;
  }
  return out;
}

function tmpfilesArgument(raw: string): string {
  let out = '';
  for (const c of raw) {
    const code = c.charCodeAt(0);
    if (c === '%') out += '%%';
    else if (c === '\\') out += '\\\\';
    else if (code < 32 || code > 126) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += c;
  }
  return out;
}

interface Variant {
  fileName: string;
  text: string;
}

function needsUnmergeFirst(c: CorpusCase): boolean {
  return (c.knob === 'merge_across_nodes' || c.knob === 'max_page_sharing') && !c.ksmPagesExist;
}

function variants(c: CorpusCase): Variant[] {
  const out: Variant[] = [];
  const setup = Object.entries(c.setup);
  const shellPrelude = [...(needsUnmergeFirst(c) ? [`echo 2 > ${PATH}run`] : []), ...setup.map(([k, v]) => `echo ${v} > ${PATH}${k}`)];
  // dash's printf makes one write(2), like the recorded case (bash's would write line by line)
  out.push({ fileName: 'case.sh', text: ['#!/bin/sh', ...shellPrelude, `printf '${printfFormat(c.raw)}' > ${PATH}${c.knob}`, ''].join('\n') });
  const echoable = /^[A-Za-z0-9_+.:=@,/ -]*\n$/.test(c.raw) && !c.raw.startsWith('-') && c.raw.indexOf('\n') === c.raw.length - 1;
  if (echoable) out.push({ fileName: 'case-echo.sh', text: ['#!/bin/bash', ...shellPrelude, `echo '${c.raw.slice(0, -1)}' > ${PATH}${c.knob}`, ''].join('\n') });
  if (/^[\x21-\x7e]+$/.test(c.raw) && !/[#=]/.test(c.raw)) {
    const prelude = [...(needsUnmergeFirst(c) ? ['kernel/mm/ksm/run = 2'] : []), ...setup.map(([k, v]) => `kernel/mm/ksm/${k} = ${v}`)];
    out.push({ fileName: 'sysfs.conf', text: [...prelude, `kernel/mm/ksm/${c.knob} = ${c.raw}`, ''].join('\n') });
  }
  if (c.raw.length > 0 && c.raw !== '-' && !c.raw.includes('\u0000') && !/^[ \t]|[ \t\r\n]$/.test(c.raw) && c.raw.length < 1000) {
    const prelude = [...(needsUnmergeFirst(c) ? [`w ${PATH}run - - - - 2`] : []), ...setup.map(([k, v]) => `w ${PATH}${k} - - - - ${v}`)];
    out.push({ fileName: 'tmpfiles.d/case.conf', text: [...prelude, `w ${PATH}${c.knob} - - - - ${tmpfilesArgument(c.raw)}`, ''].join('\n') });
  }
  return out;
}

test('the linter reports exactly the errno the kernel returned, for every recorded write', () => {
  const disagreements: string[] = [];
  let checked = 0;
  for (const c of corpus.cases) {
    const want = c.result.ok ? 'ok' : c.result.errno;
    for (const v of variants(c)) {
      checked++;
      const analysis = analyzeDocument(v.text, { fileName: `/etc/${v.fileName}` }, ctx);
      const lastLine = analysis.index.lineCount - 2;
      const onWrite = analysis.findings.filter((f) => analysis.index.positionAt(f.range.start).line === lastLine && ERRNO_OF_RULE[f.ruleId]);
      const got = onWrite.length === 0 ? 'ok' : [...new Set(onWrite.map((f) => ERRNO_OF_RULE[f.ruleId]))].join('+');
      const elsewhere = analysis.findings.filter((f) => analysis.index.positionAt(f.range.start).line !== lastLine && f.severity === 'error');
      if (got !== want) disagreements.push(`${v.fileName} ${c.knob} ← ${JSON.stringify(c.raw.slice(0, 30))}: kernel ${want}, linter ${got} ${onWrite.map((f) => f.message).join(' | ')}`);
      if (elsewhere.length) disagreements.push(`${v.fileName} ${c.knob}: unexpected errors in the setup: ${elsewhere.map((f) => f.message).join(' | ')}`);
    }
  }
  const agreement = (100 * (checked - disagreements.length)) / checked;
  assert.deepEqual(disagreements, [], `agreement ${agreement.toFixed(1)}% over ${checked} files`);
  assert.ok(checked > corpus.cases.length * 1.8, `${checked} files checked`);
});
