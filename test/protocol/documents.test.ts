// The document store's incremental re-parse must give the same tree as a full parse of the new
// text: the full parse is the independent ground truth. Edits include astral characters (two
// UTF-16 code units), CRLF line ends and multi-line inserts, where an offset mistake shows.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ParsedDocuments, editFor, pointAt } from '../../server/src/parse/documents';
import { initParser, parsePython, type Node, type Tree } from '../../server/src/parse/parser';

function shape(tree: Tree): string[] {
  const out: string[] = [];
  const visit = (node: Node): void => {
    out.push(`${node.type} ${node.startIndex}-${node.endIndex} ${node.startPosition.row}:${node.startPosition.column}-${node.endPosition.row}:${node.endPosition.column}${node.hasError ? ' !' : ''}`);
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return out;
}

function fresh(text: string): string[] {
  const tree = parsePython(text);
  try {
    return shape(tree);
  } finally {
    tree.delete();
  }
}

/** Applies a replacement the way the server does: record the edit against the old text, then swap. */
function replace(store: ParsedDocuments, uri: string, text: string, start: number, end: number, inserted: string): string {
  store.edit(uri, text, start, end, inserted);
  return text.slice(0, start) + inserted + text.slice(end);
}

const BASE = [
  'from odoo import models',
  '',
  'class SaleOrder(models.Model):',
  '    _inherit = "sale.order"',
  '',
  '    def action(self):',
  '        label = "déjà 😀 vu"',
  '        for order in self:',
  '            order.name = label',
  '',
].join('\n');

describe('ParsedDocuments', () => {
  before(async () => {
    await initParser();
  });

  test('pointAt counts rows on \\n and columns in UTF-16 code units', () => {
    const text = 'a😀b\ncd\r\nef';
    assert.deepEqual(pointAt(text, 0), { row: 0, column: 0 });
    assert.deepEqual(pointAt(text, 3), { row: 0, column: 3 }); // 'b' after a 2-unit emoji
    assert.deepEqual(pointAt(text, 5), { row: 1, column: 0 });
    assert.deepEqual(pointAt(text, 8), { row: 1, column: 3 }); // '\n' of the CRLF; '\r' is a column
    assert.deepEqual(pointAt(text, 9), { row: 2, column: 0 });
  });

  test('editFor describes a multi-line replacement in UTF-16 indices and points', () => {
    // 'a😀b' is 4 code units; replace 'b\nc' (indices 3..6) with 'XY\nZ😀\nW'.
    const before = 'a😀b\ncd\n';
    const edit = editFor(before, 3, 6, 'XY\nZ😀\nW');
    assert.equal(edit.startIndex, 3);
    assert.equal(edit.oldEndIndex, 6);
    assert.equal(edit.newEndIndex, 3 + 8); // X Y \n Z 😀(2) \n W
    assert.deepEqual(edit.startPosition, { row: 0, column: 3 });
    assert.deepEqual(edit.oldEndPosition, { row: 1, column: 1 });
    assert.deepEqual(edit.newEndPosition, { row: 2, column: 1 });
    // A single-line insert moves only the column.
    assert.deepEqual(editFor('ab', 1, 1, '😀').newEndPosition, { row: 0, column: 3 });
  });

  test('an edit after an astral character re-parses to the same tree as a full parse', () => {
    const store = new ParsedDocuments();
    const uri = 'file:///t/a.py';
    store.open(uri);
    const first = store.tree(uri, BASE, 1);
    assert.deepEqual(shape(first), fresh(BASE));
    // Rename `label` on the line after the emoji, and insert a new method after it.
    let text = BASE;
    const at = text.indexOf('order.name = label') + 'order.name = '.length;
    text = replace(store, uri, text, at, at + 'label'.length, 'label.upper()');
    const end = text.length;
    text = replace(store, uri, text, end, end, '    def other(self):\n        return "😀"\n');
    const second = store.tree(uri, text, 2);
    assert.deepEqual(shape(second), fresh(text));
    assert.match(second.rootNode.text, /label\.upper\(\)/);
    store.dispose();
  });

  test('random edits (CRLF, emoji, deletions, syntax errors) always match a full parse', () => {
    const store = new ParsedDocuments();
    const uri = 'file:///t/b.py';
    store.open(uri);
    let text = BASE.replace(/\n/g, '\r\n');
    let version = 1;
    store.tree(uri, text, version);
    // A small deterministic PRNG: the sequence is fixed, so a failure reproduces.
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const snippets = ['x', '😀', '\n', '\r\n        ', '(', ')', 'for y in self:\n    ', '"', 'é', ''];
    for (let i = 0; i < 200; i++) {
      let start = rand(text.length + 1);
      // Never split a surrogate pair: editors do not either.
      if (start > 0 && start < text.length && /[\uDC00-\uDFFF]/.test(text[start])) start--;
      let end = Math.min(text.length, start + rand(6));
      if (end > 0 && end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) end++;
      text = replace(store, uri, text, start, end, snippets[rand(snippets.length)]);
      // Parse after every few edits: several edits may pile up on one tree before a re-parse.
      if (i % 3 === 2) {
        version++;
        assert.deepEqual(shape(store.tree(uri, text, version)), fresh(text), `after edit ${i}`);
      }
    }
    store.dispose();
  });

  test('a whole-document replacement and a lost edit fall back to a full parse', () => {
    const store = new ParsedDocuments();
    const uri = 'file:///t/c.py';
    store.open(uri);
    store.tree(uri, BASE, 1);
    store.replaceAll(uri);
    const other = 'def f():\n    return 1\n';
    assert.deepEqual(shape(store.tree(uri, other, 2)), fresh(other));
    // Text that does not match the recorded edits (an edit went missing): no stale reuse.
    store.edit(uri, other, 0, 0, '# c\n');
    const unrelated = 'x = [1, 2]\n';
    assert.deepEqual(shape(store.tree(uri, unrelated, 3)), fresh(unrelated));
    store.close(uri);
    assert.equal(store.has(uri), false);
  });
});
