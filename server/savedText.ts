import { readFileSync, statSync } from 'node:fs';
import { fileNameOf } from './uri';

const MAX_BYTES = 1_000_000;
const cache = new Map<string, { mtimeMs: number; size: number; text: string | undefined }>();

/**
 * The saved file behind a document, when it has CRLF line ends that the editor does not show:
 * VS Code gives a document one kind of line end and normalises a file with mixed ones on load,
 * while bash reads every CR on disk. Undefined when the document shows the file as it is.
 */
export function savedTextWithHiddenCrs(uri: string, text: string): string | undefined {
  if (!uri.startsWith('file:') || text.includes('\r')) return undefined;
  const path = fileNameOf(uri);
  let saved: string | undefined;
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_BYTES) return undefined;
    const cached = cache.get(path);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) saved = cached.text;
    else {
      const raw = readFileSync(path, 'utf8');
      saved = raw.includes('\r\n') ? raw : undefined;
      cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, text: saved });
    }
  } catch {
    return undefined; // not saved yet, or not readable: the document is all there is
  }
  return saved !== undefined && saved.replace(/\r\n/g, '\n') === text ? saved : undefined;
}
