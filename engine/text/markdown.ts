/**
 * Document text inside Markdown (hovers, completion documentation). A value from the user's file
 * must show as the characters it is, never as an image, a link, emphasis or HTML: the editor renders
 * hover Markdown, so an unescaped `![p](https://…)` in a conf value would load a remote image.
 */

/** A code span showing `text` verbatim, whatever backticks it holds (CommonMark: a longer fence). */
export function mdCode(text: string): string {
  // A code span cannot hold a line break; show it as the escape a reader would type.
  const flat = text.replace(/\r?\n|\r/g, '\\n');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // One space each side keeps a leading or trailing backtick apart from the fence; CommonMark strips it.
  const pad = flat === '' || flat.startsWith('`') || flat.endsWith('`') || /^ .* $/.test(flat) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Plain text with every Markdown and HTML metacharacter backslash-escaped (inside bold, a sentence...). */
export function mdText(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&"'$=:]/g, '\\$&');
}

/**
 * Markdown for one GFM table cell: a `|` would end the cell even inside a code span, so every pipe is
 * escaped. Exact for text whose backslashes come in pairs, as JSON-escaped values do.
 */
export function mdTableCell(markdown: string): string {
  return markdown.replace(/\|/g, '\\|');
}
