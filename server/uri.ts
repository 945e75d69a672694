import { fileURLToPath } from 'node:url';

/** The file name the engine sees for a document URI: the path of a file: URI, else the URI itself (untitled:, vscode-remote:). */
export function fileNameOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri; // a file: URI Node cannot turn into a path of this platform
  }
}
