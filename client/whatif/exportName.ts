/** The file name Export proposes: samepage-whatif-<source>[-b].<csv|json>, from the source's label. */
import type { Slot, SourceInfo } from '../webview/protocol';

export function exportFileName(source: SourceInfo, slot: Slot, format: 'csv' | 'json'): string {
  const base = source.kind === 'host' ? 'this-host' : source.kind === 'default' ? 'seed' : source.label.split(/[\\/]/).pop()!;
  const stem = base
    .replace(/\.samepage\.json$|\.(json|conf|sh|service|md)$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return `samepage-whatif-${stem || 'scenario'}${slot === 'b' ? '-b' : ''}.${format}`;
}
