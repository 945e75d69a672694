const URI_FILE_PREFIX = 'file://';

/**
 * The file name the engine sees for a document URI: a `file:` URI's path with its %-escapes decoded.
 * A malformed escape (`file:///etc/ksmtuned%.conf`) stays as written instead of throwing: the client
 * sends such URIs for files whose names contain `%`.
 */
export function fileNameOfUri(uri: string): string {
  if (!uri.startsWith(URI_FILE_PREFIX)) return uri;
  return uri.slice(URI_FILE_PREFIX.length).replace(/(?:%[0-9A-Fa-f]{2})+/g, (escapes) => {
    try {
      return decodeURIComponent(escapes);
    } catch {
      // not UTF-8 as a whole: decode what can be decoded one byte at a time, keep the rest
      return escapes.replace(/%[0-7][0-9A-Fa-f]/g, (ascii) => decodeURIComponent(ascii));
    }
  });
}
