import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { mdCode, mdTableCell, mdText } from '../../../engine/text/markdown';

const MarkdownIt = createRequire(import.meta.url)('markdown-it') as new (options: object) => { renderInline(md: string): string; render(md: string): string };
const md = new MarkdownIt({ html: true, linkify: true });

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** One line of printable text, not blank at either end (a paragraph trims those). */
const line = fc.string({ unit: fc.constantFrom(...'ab `*_[]()!<>&"\'|\\#~-+.:=${}h/'.split('')), minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s !== '');

test('mdCode shows any text verbatim in one code span', () => {
  fc.assert(
    fc.property(line, (s) => {
      assert.equal(md.renderInline(mdCode(s)), `<code>${escapeHtml(s)}</code>`);
    }),
    { numRuns: 2000, seed: 15 },
  );
  assert.equal(md.renderInline(mdCode('a\nb')), '<code>a\\nb</code>');
});

test('mdText shows any text verbatim as plain text: no link, image, emphasis or HTML', () => {
  fc.assert(
    fc.property(line, (s) => {
      assert.equal(md.renderInline(mdText(s)), escapeHtml(s));
    }),
    { numRuns: 2000, seed: 15 },
  );
  assert.equal(md.renderInline(mdText('https://example.invalid www.example.invalid')), 'https://example.invalid www.example.invalid');
});

test('mdTableCell keeps a code span with pipes in its cell', () => {
  const html = md.render(`| a | b |\n|---|---|\n| x | ${mdTableCell(mdCode('1|2 \\\\| 3'))} |\n`);
  assert.match(html, /<td><code>1\|2 \\\\\| 3<\/code><\/td>/);
  assert.doesNotMatch(html, /<td>[^<]*<\/td>\s*<td>[^<]*<\/td>\s*<td>/);
});
