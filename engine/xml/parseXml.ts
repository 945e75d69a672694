/**
 * A small XML reader for the subset libvirt writes and reads: elements, attributes, text, comments,
 * CDATA, processing instructions, a DOCTYPE, and the five predefined and numeric entities. Every
 * node keeps its UTF-16 offsets so findings point at the exact text. It never throws: malformed
 * input yields `problems` and the tree read so far, and every step advances, so it cannot hang.
 */
import type { TextRange } from '../language/types';

export interface XmlAttribute {
  name: string;
  /** The value with entities decoded. */
  value: string;
  nameRange: TextRange;
  /** The value between the quotes. */
  valueRange: TextRange;
}

export interface XmlText {
  kind: 'text';
  /** Decoded text (CDATA as written). */
  value: string;
  range: TextRange;
}

export interface XmlElement {
  kind: 'element';
  name: string;
  nameRange: TextRange;
  /** From `<` of the start tag to `>` of the end tag (or of the start tag when self-closing). */
  range: TextRange;
  attributes: XmlAttribute[];
  children: XmlNode[];
  parent?: XmlElement;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlProblem {
  message: string;
  range: TextRange;
}

export interface XmlDocument {
  root?: XmlElement;
  problems: XmlProblem[];
}

/** Nesting deeper than this is refused; libvirt's domains nest about six levels. */
const MAX_DEPTH = 256;
const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /\s*/y;
const EQUALS = /\s*=\s*/y;
const BARE_VALUE = /[^\s/>]*/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes entity references in `raw` (which starts at `offset`), reporting unknown ones. */
function decode(raw: string, offset: number, problems: XmlProblem[]): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s<]*);?/g, (whole, name: string, at: number) => {
    const range = { start: offset + at, end: offset + at + whole.length };
    if (!whole.endsWith(';')) {
      problems.push({ message: `"&" must start an entity reference such as &amp;; write &amp; for a literal ampersand.`, range });
      return whole;
    }
    if (name in PREDEFINED) return PREDEFINED[name];
    const numeric = /^#(x[0-9A-Fa-f]+|[0-9]+)$/.exec(name);
    if (numeric) {
      const code = numeric[1].startsWith('x') ? parseInt(numeric[1].slice(1), 16) : parseInt(numeric[1], 10);
      if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) return String.fromCodePoint(code);
    }
    problems.push({ message: `Unknown entity "${whole}": XML knows &lt; &gt; &amp; &quot; &apos; and numeric references.`, range });
    return whole;
  });
}

export function parseXml(text: string): XmlDocument {
  const problems: XmlProblem[] = [];
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let pos = 0;
  const problem = (message: string, start: number, end: number) => problems.push({ message, range: { start, end: Math.max(start, end) } });

  const addText = (value: string, start: number, end: number) => {
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push({ kind: 'text', value, range: { start, end } });
    else if (value.trim()) problem(root ? 'Text after the root element.' : 'Text before the root element.', start, end);
  };

  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    if (lt === -1 || lt > pos) {
      const end = lt === -1 ? text.length : lt;
      addText(decode(text.slice(pos, end), pos, problems), pos, end);
      pos = end;
      continue;
    }
    if (text.startsWith('<!--', pos)) {
      const close = text.indexOf('-->', pos + 4);
      if (close === -1) {
        problem('Comment never closed: "-->" is missing.', pos, text.length);
        break;
      }
      pos = close + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', pos)) {
      const close = text.indexOf(']]>', pos + 9);
      const end = close === -1 ? text.length : close;
      if (close === -1) problem('CDATA section never closed: "]]>" is missing.', pos, text.length);
      addText(text.slice(pos + 9, end), pos, close === -1 ? end : close + 3);
      pos = close === -1 ? text.length : close + 3;
      continue;
    }
    if (text.startsWith('<?', pos)) {
      const close = text.indexOf('?>', pos + 2);
      if (close === -1) {
        problem('Processing instruction never closed: "?>" is missing.', pos, text.length);
        break;
      }
      pos = close + 2;
      continue;
    }
    if (text.startsWith('<!', pos)) {
      // <!DOCTYPE …> with an optional [internal subset].
      const bracket = text.indexOf('[', pos);
      const gt = text.indexOf('>', pos);
      let end = gt;
      if (bracket !== -1 && (gt === -1 || bracket < gt)) {
        const subsetEnd = text.indexOf(']', bracket);
        end = subsetEnd === -1 ? -1 : text.indexOf('>', subsetEnd);
      }
      if (end === -1) {
        problem('Declaration never closed: ">" is missing.', pos, text.length);
        break;
      }
      pos = end + 1;
      continue;
    }
    if (text.startsWith('</', pos)) {
      NAME.lastIndex = pos + 2;
      const m = NAME.exec(text);
      const gt = text.indexOf('>', pos);
      const tagEnd = gt === -1 ? text.length : gt + 1;
      if (!m || !/^\s*$/.test(text.slice(pos + 2 + m[0].length, gt === -1 ? text.length : gt))) {
        problem('Malformed end tag.', pos, tagEnd);
        pos = tagEnd;
        continue;
      }
      const name = m[0];
      const openAt = stack.map((e) => e.name).lastIndexOf(name);
      if (openAt === -1) {
        problem(`End tag </${name}> has no matching start tag.`, pos, tagEnd);
      } else {
        while (stack.length > openAt + 1) {
          const unclosed = stack.pop()!;
          unclosed.range.end = pos;
          problem(`<${unclosed.name}> is not closed before </${name}>.`, unclosed.nameRange.start - 1, unclosed.nameRange.end);
        }
        const element = stack.pop()!;
        element.range.end = tagEnd;
      }
      if (gt === -1) problem(`End tag </${name}> never closed: ">" is missing.`, pos, text.length);
      pos = tagEnd;
      continue;
    }
    // A start tag.
    NAME.lastIndex = pos + 1;
    const m = NAME.exec(text);
    if (!m) {
      problem('"<" must start a tag; write &lt; for a literal "<".', pos, pos + 1);
      addText('<', pos, pos + 1);
      pos += 1;
      continue;
    }
    const element: XmlElement = {
      kind: 'element',
      name: m[0],
      nameRange: { start: pos + 1, end: pos + 1 + m[0].length },
      range: { start: pos, end: text.length },
      attributes: [],
      children: [],
      parent: stack[stack.length - 1],
    };
    let p = pos + 1 + m[0].length;
    let selfClosing = false;
    let closed = false;
    while (p < text.length) {
      SPACE.lastIndex = p;
      SPACE.exec(text);
      p = SPACE.lastIndex;
      if (p >= text.length) break;
      if (text.startsWith('/>', p)) {
        selfClosing = true;
        closed = true;
        p += 2;
        break;
      }
      if (text[p] === '>') {
        closed = true;
        p += 1;
        break;
      }
      if (text[p] === '<') break;
      NAME.lastIndex = p;
      const attr = NAME.exec(text);
      if (!attr) {
        problem(`Unexpected "${text[p]}" in <${element.name}>.`, p, p + 1);
        p += 1;
        continue;
      }
      const nameRange = { start: p, end: p + attr[0].length };
      p = nameRange.end;
      EQUALS.lastIndex = p;
      if (!EQUALS.exec(text)) {
        problem(`Attribute ${attr[0]} has no value: XML needs ${attr[0]}='…'.`, nameRange.start, nameRange.end);
        continue;
      }
      p = EQUALS.lastIndex;
      const quote = text[p];
      if (quote !== '"' && quote !== "'") {
        problem(`The value of ${attr[0]} must be quoted.`, nameRange.start, p + 1);
        BARE_VALUE.lastIndex = p;
        BARE_VALUE.exec(text);
        p = Math.max(BARE_VALUE.lastIndex, p + 1);
        continue;
      }
      const close = text.indexOf(quote, p + 1);
      const lt = text.indexOf('<', p + 1);
      if (close === -1 || (lt !== -1 && lt < close)) {
        problem(`The value of ${attr[0]} is never closed: ${quote} is missing.`, nameRange.start, lt === -1 ? text.length : lt);
        p = lt === -1 ? text.length : lt;
        break;
      }
      const valueRange = { start: p + 1, end: close };
      if (element.attributes.some((a) => a.name === attr[0])) problem(`Attribute ${attr[0]} given twice in <${element.name}>.`, nameRange.start, close + 1);
      else element.attributes.push({ name: attr[0], value: decode(text.slice(valueRange.start, close), valueRange.start, problems), nameRange, valueRange });
      p = close + 1;
    }
    if (!closed) problem(`Start tag <${element.name}> never closed: ">" is missing.`, pos, p);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else if (!root) root = element;
    else problem(`A second root element <${element.name}>: an XML document has exactly one.`, element.nameRange.start - 1, element.nameRange.end);
    if (selfClosing || !closed) element.range.end = p;
    else if (stack.length >= MAX_DEPTH) {
      problem(`Elements nested deeper than ${MAX_DEPTH} levels are not read.`, pos, p);
      element.range.end = p;
    } else if (parent || root === element) stack.push(element);
    pos = Math.max(p, pos + 1);
  }
  for (const unclosed of stack.reverse()) {
    problem(`<${unclosed.name}> is never closed.`, unclosed.nameRange.start - 1, unclosed.nameRange.end);
  }
  if (!root) problem('No root element.', 0, 0);
  return { root, problems };
}

/** The child elements named `name`. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((c): c is XmlElement => c.kind === 'element' && (name === undefined || c.name === name));
}

export function childElement(element: XmlElement, name: string): XmlElement | undefined {
  return childElements(element, name)[0];
}

export function attribute(element: XmlElement, name: string): XmlAttribute | undefined {
  return element.attributes.find((a) => a.name === name);
}

/** The element's text content (its text and CDATA children, not nested elements). */
export function textContent(element: XmlElement): { value: string; range: TextRange } {
  const texts = element.children.filter((c): c is XmlText => c.kind === 'text');
  if (texts.length === 0) return { value: '', range: { start: element.range.end, end: element.range.end } };
  return { value: texts.map((t) => t.value).join(''), range: { start: texts[0].range.start, end: texts[texts.length - 1].range.end } };
}

/** Every element of the tree, depth first, without recursion. */
export function allElements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const todo: XmlElement[] = [root];
  while (todo.length) {
    const e = todo.pop()!;
    out.push(e);
    const kids = childElements(e);
    for (let i = kids.length - 1; i >= 0; i--) todo.push(kids[i]);
  }
  return out;
}
