// stringValue reads Python string literals without evaluating anything: model names, field names,
// domain operators. Plain one-line literals take a short path over the node's text; every other
// form goes through the string's child nodes. Both must give Python's value, or undefined when the
// value is not a constant (f-strings with a placeholder).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, parsePython, type Node } from '../../../server/src/parse/parser';
import { stringList, stringValue } from '../../../server/src/odoo/pyast';

before(() => initParser());

/** The right-hand side of `x = <expr>`. */
function rhs(expr: string): Node {
  const tree = parsePython(`x = ${expr}\n`);
  const assignment = tree.rootNode.namedChild(0)!.namedChild(0)!;
  return assignment.childForFieldName('right')!;
}

test('plain literals, single and double quoted, empty, with braces and spaces', () => {
  assert.equal(stringValue(rhs(`'res.partner'`)), 'res.partner');
  assert.equal(stringValue(rhs(`"sale.order"`)), 'sale.order');
  assert.equal(stringValue(rhs(`''`)), '');
  assert.equal(stringValue(rhs(`'{not} a placeholder'`)), '{not} a placeholder');
  assert.equal(stringValue(rhs(`'date desc, id'`)), 'date desc, id');
});

test('quotes of the other kind, escapes, prefixes, triple quotes and concatenation', () => {
  assert.equal(stringValue(rhs(`"it's"`)), "it's");
  assert.equal(stringValue(rhs(`'say "hi"'`)), 'say "hi"');
  // Escape sequences are kept as written (the extractors compare names, not decoded text).
  assert.equal(stringValue(rhs(`'a\\nb'`)), 'a\\nb');
  assert.equal(stringValue(rhs(`r'raw'`)), 'raw');
  assert.equal(stringValue(rhs(`u'uni'`)), 'uni');
  assert.equal(stringValue(rhs(`'''triple'''`)), 'triple');
  assert.equal(stringValue(rhs(`"""two\nlines"""`)), 'two\nlines');
  assert.equal(stringValue(rhs(`'res.' 'partner'`)), 'res.partner');
  assert.equal(stringValue(rhs(`f'plain'`)), 'plain', 'an f-string without a placeholder is a constant');
});

test('not constant or not a string: undefined', () => {
  assert.equal(stringValue(rhs(`f'{name}.line'`)), undefined);
  assert.equal(stringValue(rhs(`'res.' f'{x}'`)), undefined);
  assert.equal(stringValue(rhs(`name`)), undefined);
  assert.equal(stringValue(rhs(`42`)), undefined);
  assert.equal(stringValue(undefined), undefined);
});

test('stringList reads a literal or a list/tuple of literals, skipping the rest', () => {
  assert.deepEqual(stringList(rhs(`'mail.thread'`)), ['mail.thread']);
  assert.deepEqual(stringList(rhs(`['mail.thread', "mail.activity.mixin", other]`)), ['mail.thread', 'mail.activity.mixin']);
  assert.deepEqual(stringList(rhs(`('a',)`)), ['a']);
  assert.equal(stringList(rhs(`{'a': 1}`)), undefined);
});
