// The cost model on exclusive if/elif/else arms (one run takes one arm: the costliest counts, not
// the sum), literal ranges (a known count), and the hover wording of a call in nested loops (the
// per-iteration figure of the inner loop, and how many times the nested loops run it).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { initParser, parsePython, type Node } from '../../../server/src/parse/parser';
import { describe, estimateFunction, evaluate, format } from '../../../server/src/cost/index';

function method(root: Node, name: string): Node {
  return root.descendantsOfType('function_definition').find((f) => f?.childForFieldName('name')?.text === name)!;
}

const SRC = [
  'class A(models.Model):',
  "    _name = 'a.a'",
  '    def arms(self, kind):',
  '        for rec in self:',
  "            if kind == 'x':",
  "                self.env['b.b'].search_count([('a_id', '=', rec.id)])",
  "            elif kind == 'y':",
  "                self.env['b.b'].search_count([('a_id', '=', rec.id)])",
  "                self.env['c.c'].search_count([('a_id', '=', rec.id)])",
  '            else:',
  '                pass',
  '    def sequence(self):',
  '        for rec in self:',
  "            self.env['b.b'].search_count([('a_id', '=', rec.id)])",
  "            self.env['c.c'].search_count([('a_id', '=', rec.id)])",
  '    def pages(self):',
  '        for page in range(1, 23):',
  "            self.env['b.b'].search([('page', '=', page)])",
  '    def nested(self, groups):',
  '        for key, ids in groups.items():',
  '            for i in ids:',
  "                self.env['b.b'].search([('a_id', '=', i)])",
  '',
].join('\n');

test('exclusive arms: the costliest arm of an if/elif/else counts, not their sum', async () => {
  await initParser();
  const tree = parsePython(SRC);
  const arms = estimateFunction(method(tree.rootNode, 'arms'));
  // elif arm: 2 counts per record; if arm: 1; else: 0 -> 2N, not 3N
  assert.equal(format(arms.total), '2N');
  assert.equal(format(arms.loops[0]!.total), '2N');
  // each call still shows its own cost
  assert.deepEqual(arms.calls.map((c) => format(c.total)), ['N', 'N', 'N']);
  // sequential calls are added
  assert.equal(format(estimateFunction(method(tree.rootNode, 'sequence')).total), '2N');
  tree.delete();
});

test('literal range: range(1, 23) runs 22 times, not N', async () => {
  await initParser();
  const tree = parsePython(SRC);
  const est = estimateFunction(method(tree.rootNode, 'pages'));
  assert.equal(evaluate(est.total, 80), 22);
  assert.equal(describe(est.calls[0]!, [80, 1000]), '≈ 22 queries');
  tree.delete();
});

test('hover wording: a call in nested loops states the nesting', async () => {
  await initParser();
  const tree = parsePython(SRC);
  const est = estimateFunction(method(tree.rootNode, 'nested'));
  assert.equal(describe(est.calls[0]!, [80, 1000]), '≈ 1 query per iteration; nested loops run it N^2 times → 6400 at N = 80, 1000000 at N = 1000');
  const one = estimateFunction(method(tree.rootNode, 'sequence'));
  assert.equal(describe(one.calls[0]!, [80, 1000]), '≈ 1 query per iteration → 80 at N = 80, 1000 at N = 1000');
  tree.delete();
});
