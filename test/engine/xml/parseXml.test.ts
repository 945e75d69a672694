import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allElements, attribute, childElement, parseXml, textContent } from '../../../engine/xml/parseXml';

test('elements, attributes and text keep their exact ranges', () => {
  const text = "<?xml version='1.0'?>\n<!-- c -->\n<domain type='kvm'>\n  <memory unit=\"GiB\">4</memory>\n  <x/>\n</domain>\n";
  const doc = parseXml(text);
  assert.deepEqual(doc.problems, []);
  const root = doc.root!;
  assert.equal(root.name, 'domain');
  assert.equal(text.slice(root.nameRange.start, root.nameRange.end), 'domain');
  assert.equal(text.slice(root.range.start, root.range.end), text.slice(text.indexOf('<domain'), text.lastIndexOf('>') + 1));
  const memory = childElement(root, 'memory')!;
  const unit = attribute(memory, 'unit')!;
  assert.equal(unit.value, 'GiB');
  assert.equal(text.slice(unit.valueRange.start, unit.valueRange.end), 'GiB');
  assert.equal(text.slice(unit.nameRange.start, unit.nameRange.end), 'unit');
  const value = textContent(memory);
  assert.equal(value.value, '4');
  assert.equal(text.slice(value.range.start, value.range.end), '4');
  assert.deepEqual(allElements(root).map((e) => e.name), ['domain', 'memory', 'x']);
});

test('entities, character references and CDATA are decoded; DOCTYPE and PIs are skipped', () => {
  const doc = parseXml("<!DOCTYPE domain [ <!ENTITY x 'y'> ]><domain a='&lt;&amp;&quot;&apos;&gt;'><name>a&#x26;b&#49;</name><d><![CDATA[<b>&</b>]]></d><?pi x?></domain>");
  assert.deepEqual(doc.problems, []);
  const root = doc.root!;
  assert.equal(attribute(root, 'a')!.value, `<&"'>`);
  assert.equal(textContent(childElement(root, 'name')!).value, 'a&b1');
  assert.equal(textContent(childElement(root, 'd')!).value, '<b>&</b>');
});

test('malformed input gives problems with ranges and the tree read so far', () => {
  const cases: Array<[string, RegExp]> = [
    ['<domain><memory>1</domain>', /<memory> is not closed before <\/domain>/],
    ['<domain>', /<domain> is never closed/],
    ['<domain a=1/>', /must be quoted/],
    ["<domain a='1' a='2'/>", /given twice/],
    ['<domain>&nbsp;</domain>', /Unknown entity "&nbsp;"/],
    ['<domain>a & b</domain>', /"&" must start an entity reference/],
    ['<domain><!-- x </domain>', /Comment never closed/],
    ['</x><domain/>', /no matching start tag/],
    ['<domain/><second/>', /second root element/],
    ['', /No root element/],
    ['<domain a/>', /has no value/],
    ['<domain>1 < 2</domain>', /"<" must start a tag/],
  ];
  for (const [text, message] of cases) {
    const doc = parseXml(text);
    assert.ok(doc.problems.some((p) => message.test(p.message)), `${text}: ${JSON.stringify(doc.problems)}`);
    for (const p of doc.problems) assert.ok(p.range.start >= 0 && p.range.end <= text.length && p.range.start <= p.range.end, `${text}: ${JSON.stringify(p)}`);
  }
  const partial = parseXml('<domain><memory>1</memory><cpu');
  assert.equal(textContent(childElement(partial.root!, 'memory')!).value, '1');
});

test('garbage never throws or hangs, and deep nesting is refused, not recursed', () => {
  let seed = 7;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pieces = ['<', '>', '/', '=', "'", '"', '&', ';', '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>', '<!', '[', ']', 'domain', ' ', '\n', 'a', '#x41', '\u0000', '\uD800'];
  const started = Date.now();
  for (let i = 0; i < 3000; i++) {
    let text = '';
    const n = Math.floor(rand() * 60);
    for (let k = 0; k < n; k++) text += pieces[Math.floor(rand() * pieces.length)];
    const doc = parseXml(text);
    for (const p of doc.problems) assert.ok(p.range.start >= 0 && p.range.end <= text.length, text);
  }
  const deep = parseXml('<a>'.repeat(100_000));
  assert.ok(deep.problems.some((p) => /nested deeper/.test(p.message)));
  const wide = parseXml(`<domain>${'<x/>'.repeat(200_000)}</domain>`);
  assert.equal(wide.root!.children.length, 200_000);
  assert.ok(Date.now() - started < 20_000, 'bounded time');
});
