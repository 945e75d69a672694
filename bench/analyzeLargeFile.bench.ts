import { analyzeDocument } from '../engine/language/analyze';
import { DEFAULT_SETTINGS } from '../engine/language/types';
import type { BenchFigure } from './run';

/** Time to analyse one large document of each kind, the way the server does on every edit. */
export function run(): BenchFigure[] {
  const figures: BenchFigure[] = [];
  const conf = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? `# comment ${i}` : `KSM_NPAGES_MAX=${1000 + i}`)).join('\n');
  const script = Array.from({ length: 10_000 }, (_, i) => `qemu-system-x86_64 -M q35,mem-merge=on -m ${i + 1}G -name vm${i}`).join('\n');
  for (const [name, fileName, text] of [
    ['ksmtuned.conf, 10,000 lines', 'ksmtuned.conf', conf],
    ['shell script, 10,000 QEMU lines', 'vms.sh', script],
  ] as const) {
    const ctx = { settings: DEFAULT_SETTINGS, host: {} };
    analyzeDocument(text, { fileName }, ctx); // warm-up
    const runs = 5;
    // Each run is a new document version (a distinct text), as after an edit: nothing is reused.
    const versions = Array.from({ length: runs }, (_, i) => `${text}\n# edit ${i}`);
    const start = performance.now();
    for (const version of versions) analyzeDocument(version, { fileName }, ctx);
    figures.push({ name: `diagnostics for ${name}`, value: (performance.now() - start) / runs, unit: 'ms' });
  }
  return figures;
}
