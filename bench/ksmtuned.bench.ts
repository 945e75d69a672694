import { analyzeDocument } from '../engine/language/analyze';
import { DEFAULT_SETTINGS } from '../engine/language/types';
import { parseShell } from '../engine/shell/parser';
import type { BenchFigure } from './run';

/** A realistic 10,000-line conf: comments, assignments (some broken), exports, a few blank lines. */
function tenThousandLineConf(): string {
  const lines: string[] = [];
  const names = ['KSM_MONITOR_INTERVAL', 'KSM_SLEEP_MSEC', 'KSM_NPAGES_BOOST', 'KSM_NPAGES_DECAY', 'KSM_NPAGES_MIN', 'KSM_NPAGES_MAX', 'KSM_THRES_COEF', 'KSM_THRES_CONST'];
  for (let i = 0; lines.length < 10_000; i++) {
    const name = names[i % names.length];
    switch (i % 5) {
      case 0:
        lines.push(`# ${name}: tuning note ${i}`);
        break;
      case 1:
        lines.push(`${name}=${(i % 97) + 1}`);
        break;
      case 2:
        lines.push(`export ${name}="${(i % 89) + 2}" # quoted`);
        break;
      case 3:
        lines.push(i % 50 === 3 ? `${name} = 1x` : `DEBUG=${i % 2}`);
        break;
      default:
        lines.push('');
    }
  }
  return lines.join('\n') + '\n';
}

/** Diagnostics time for a 10,000-line ksmtuned.conf, as the server computes it on every edit. */
export function run(): BenchFigure[] {
  const text = tenThousandLineConf();
  const ctx = { settings: DEFAULT_SETTINGS, host: { meminfo: { MemTotal: 16_000_000 } } };
  const options = { fileName: '/etc/ksmtuned.conf' };
  analyzeDocument(text, options, ctx); // warm-up
  const runs = 5;
  // Each run is a new document version (a distinct text), as after an edit: nothing is reused.
  const versions = (tag: string) => Array.from({ length: runs }, (_, i) => `${text}# ${tag} ${i}\n`);
  const edits = versions('edit');
  let start = performance.now();
  for (const version of edits) analyzeDocument(version, options, ctx);
  const diagnostics = (performance.now() - start) / runs;
  const parses = versions('parse');
  start = performance.now();
  for (const version of parses) parseShell(version);
  const parse = (performance.now() - start) / runs;
  return [
    { name: 'ksmtuned.conf diagnostics, 10,000 lines', value: diagnostics, unit: 'ms', note: `${Math.round(text.length / 1024)} KiB, all rules` },
    { name: 'bash parse only, same file', value: parse, unit: 'ms' },
  ];
}
