import { URI } from 'vscode-uri';

/**
 * The file name the engine sees for a document URI: a `file:` URI's path, parsed by vscode-uri as
 * the editor parses it. A malformed escape (`file:///etc/ksmtuned%.conf`, which the client sends for
 * files whose names contain `%`) stays as written instead of throwing; other schemes keep the URI.
 */
export function fileNameOfUri(uri: string): string {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : uri;
  } catch {
    return uri;
  }
}
