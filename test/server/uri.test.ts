import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileNameOfUri } from '../../server/uri';

test('fileNameOfUri decodes file: URIs and keeps malformed escapes as written', () => {
  assert.equal(fileNameOfUri('file:///etc/ksmtuned.conf'), '/etc/ksmtuned.conf');
  assert.equal(fileNameOfUri('file:///tmp/a%20b/ksmtuned.conf'), '/tmp/a b/ksmtuned.conf');
  assert.equal(fileNameOfUri('file:///tmp/%C3%A9t%C3%A9.conf'), '/tmp/été.conf');
  assert.equal(fileNameOfUri('file:///etc/ksmtuned%.conf'), '/etc/ksmtuned%.conf');
  assert.equal(fileNameOfUri('file:///etc/%zz%20x%'), '/etc/%zz x%');
  assert.equal(fileNameOfUri('file:///etc/%FF%20x'), '/etc/%FF x'); // %FF alone is not UTF-8
  assert.equal(fileNameOfUri('untitled:Untitled-1'), 'untitled:Untitled-1');
});
