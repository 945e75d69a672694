import { analyzeDocument } from '../../engine/language/analyze';
import { DOCUMENT_KINDS, isDocumentKind } from '../../engine/language/documentKind';
import { DEFAULT_SETTINGS, type AnalysisContext, type Finding, type RuleSeverityOverride } from '../../engine/language/types';
import { refreshHostFacts } from '../../engine/node/hostFacts';
import type { LineIndex } from '../../engine/text/lineIndex';
import { parseOptions, versionOption } from '../options';
import { INPUT_LIMITS, InputError, readInputFile, UsageError, type CliCommand } from '../usage';

interface JsonFinding {
  file: string;
  ruleId: string;
  severity: Finding['severity'];
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'check ksmtuned.conf files, shell scripts, sysfs/tmpfiles/unit files for KSM and QEMU mistakes',
  usage:
    'samepage lint FILE... [--format text|json] [--as KIND] [--qemu-version X.Y] [--kernel-version X.Y]\n' +
    '                      [--variant debian|fedora] [--rule ID=SEVERITY]...\n' +
    '  FILE - reads standard input (name its KIND with --as).\n' +
    `  KIND is one of: ${DOCUMENT_KINDS.filter((k) => k !== 'unknown').join(', ')}\n` +
    '  SEVERITY is error, warning, information, hint or off. Exit status 1 when any error is found or a FILE\n' +
    '  cannot be read (the others are still checked).',
  async run(args, io) {
    const { values, positionals } = parseOptions('lint', args, {
      format: { type: 'string', default: 'text' },
      as: { type: 'string' },
      'qemu-version': { type: 'string' },
      'kernel-version': { type: 'string' },
      variant: { type: 'string' },
      rule: { type: 'string', multiple: true },
    });
    if (positionals.length === 0) throw new UsageError('lint: name at least one FILE');
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`lint: --format is text or json, not '${values.format}'`);
    if (values.as !== undefined && (!isDocumentKind(values.as) || values.as === 'unknown')) {
      throw new UsageError(`lint: --as takes one of ${DOCUMENT_KINDS.filter((k) => k !== 'unknown').join(', ')}, not '${values.as}'`);
    }
    if (values.variant !== undefined && values.variant !== 'debian' && values.variant !== 'fedora') {
      throw new UsageError(`lint: --variant is debian or fedora, not '${values.variant}'`);
    }
    const rules: Record<string, RuleSeverityOverride> = {};
    for (const rule of values.rule ?? []) {
      const [id, severity] = rule.split('=');
      if (!id || !severity || !SEVERITIES.has(severity)) throw new UsageError(`lint: --rule takes ID=SEVERITY, not '${rule}'`);
      rules[id] = severity as RuleSeverityOverride;
    }
    const ctx: AnalysisContext = {
      settings: {
        ...DEFAULT_SETTINGS,
        rules,
        qemuVersion: versionOption('lint', 'qemu-version', values['qemu-version']),
        kernelVersion: versionOption('lint', 'kernel-version', values['kernel-version']),
        ksmtunedVariant: values.variant === 'fedora' ? 'fedora' : 'debian',
      },
      host: refreshHostFacts({}),
    };

    const all: JsonFinding[] = [];
    let errors = 0;
    const unreadable: string[] = [];
    for (const file of positionals) {
      let text: string;
      try {
        text = await readInputFile('lint', file, INPUT_LIMITS.text, io.stdin);
      } catch (error) {
        // One unreadable file must not hide the findings of the others: name it and go on.
        if (!(error instanceof InputError)) throw error;
        io.stderr(`samepage ${error.message}\n`);
        unreadable.push(file);
        continue;
      }
      const analysis = analyzeDocument(text, { fileName: file, forcedKind: values.as as never }, ctx);
      for (const finding of analysis.findings) {
        if (finding.severity === 'error') errors += 1;
        all.push(toJson(file, analysis.index, finding));
      }
    }
    if (values.format === 'json') io.stdout(JSON.stringify(all, null, 2) + '\n');
    else {
      for (const f of all) {
        io.stdout(`${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} [${f.ruleId}] ${f.message}\n`);
      }
      const checked = positionals.length - unreadable.length;
      io.stderr(`${all.length} finding(s), ${errors} error(s) in ${checked} file(s)${unreadable.length ? `; ${unreadable.length} file(s) could not be read` : ''}\n`);
    }
    return errors > 0 || unreadable.length > 0 ? 1 : 0;
  },
};

function toJson(file: string, index: LineIndex, finding: Finding): JsonFinding {
  return {
    file,
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    range: { start: index.positionAt(finding.range.start), end: index.positionAt(finding.range.end) },
  };
}
