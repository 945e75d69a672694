/**
 * The webview's HTML: a strict Content-Security-Policy (scripts only with this render's nonce,
 * styles and fonts only from the extension), the bundled script and styles. No data is inlined:
 * everything arrives by postMessage after the script says it is ready.
 */
export interface HtmlParts {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUris: string[];
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function renderHtml(parts: HtmlParts): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(parts.nonce)) throw new Error('renderHtml: the nonce must be base64 of at least 16 characters');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(parts.cspSource, parts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${parts.styleUris.map((u) => `<link rel="stylesheet" href="${attr(u)}">`).join('\n')}
<title>Samepage what-if</title>
</head>
<body>
<main id="app" aria-busy="true"><p>Loading the what-if panel…</p></main>
<script nonce="${attr(parts.nonce)}" src="${attr(parts.scriptUri)}"></script>
</body>
</html>
`;
}
