// "After the fix" figures, the site picker the hover uses, the per-iteration figures the OP101/OP102
// messages quote, and the odooPerf.assumedRecordCount setting. Expected values are the Odoo 18
// measurements (create(vals) in a loop 1010 vs create(vals_list) 20 at N = 1000; unlink per record
// 4000 vs 4 for the recordset) or hand-counted from the fixture code.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initParser, parsePython, type Node } from '../../../server/src/parse/parser';
import { evaluate } from '../../../server/src/cost/index';
import { afterFix } from '../../../server/src/cost/fix';
import { cachedEstimate, perReportedLoop, repeatedCostOf, siteAt } from '../../../server/src/cost/sites';
import { mergeSettings, normaliseSettings } from '../../../server/src/config';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const MODELS = path.join(ROOT, 'test', 'fixtures', 'cost_calibration', 'perf_cost', 'models', 'perf_order.py');

function find(root: Node, pred: (n: Node) => boolean): Node | undefined {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (pred(n)) return n;
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return undefined;
}

const method = (root: Node, name: string) => find(root, (n) => n.type === 'function_definition' && n.childForFieldName('name')?.text === name)!;

test('after the fix: create(vals) in a loop → create(vals_list) matches the measured batch (20 at N = 1000)', async () => {
  await initParser();
  const tree = parsePython(fs.readFileSync(MODELS, 'utf8'));
  const est = cachedEstimate(method(tree.rootNode, 'case_33'));
  const create = est.calls.find((c) => c.name === 'Order.create')!;
  assert.equal(evaluate(create.total, 1000), 1010);
  const fix = afterFix(create, est.options)!;
  assert.ok(fix);
  // Measured case "create(vals_list)": 2, 2, 20 at N = 10, 100, 1000.
  assert.deepEqual([10, 100, 1000].map((n) => evaluate(fix.total, n)), [2, 2, 20]);
  tree.delete();
});

test('after the fix: unlink per record → 4; search_count → 1; a batched write has no fix', async () => {
  await initParser();
  const tree = parsePython(fs.readFileSync(MODELS, 'utf8'));
  const unlink = cachedEstimate(method(tree.rootNode, 'case_31'));
  const u = unlink.calls.find((c) => c.name === 'rec.unlink')!;
  assert.equal(evaluate(afterFix(u, unlink.options)!.total, 1000), 4);
  const count = cachedEstimate(method(tree.rootNode, 'case_10'));
  const c = count.calls.find((s) => s.name === 'Line.search_count')!;
  assert.equal(evaluate(afterFix(c, count.options)!.total, 1000), 1);
  const write = cachedEstimate(method(tree.rootNode, 'case_23'));
  assert.equal(afterFix(write.calls.find((s) => s.name === 'rec.write')!, write.options), undefined);
  // A search outside any loop runs once: nothing to fix.
  const once = cachedEstimate(method(tree.rootNode, 'case_22'));
  assert.equal(afterFix(once.calls[0], once.options), undefined);
  tree.delete();
});

test('siteAt: callee → the call, argument → nothing, loop header → loop, name → method', async () => {
  await initParser();
  const src = [
    'class A(models.Model):',
    "    _name = 'a.a'",
    '    def go(self):',
    '        for rec in self:',
    "            self.env['b.b'].search_count([('a_id', '=', rec.id)])",
    '',
  ].join('\n');
  const tree = parsePython(src);
  const fn = method(tree.rootNode, 'go');
  const est = cachedEstimate(fn);
  const at = (row: number, col: number) => tree.rootNode.descendantForPosition({ row, column: col })!;
  assert.equal(siteAt(est, at(4, src.split('\n')[4].indexOf('search_count') + 2))?.scope, 'call');
  assert.equal(siteAt(est, at(4, src.split('\n')[4].indexOf("'a_id'") + 1)), undefined, 'an argument is not the call');
  assert.equal(siteAt(est, at(3, 9))?.scope, 'loop');
  assert.equal(siteAt(est, at(2, 9))?.scope, 'function');
  tree.delete();
});

test('repeatedCostOf: per-iteration figure for a loop over N, total only for nested loops', async () => {
  await initParser();
  const src = [
    'class A(models.Model):',
    "    _name = 'a.a'",
    '    def one(self):',
    '        for rec in self:',
    "            self.env['b.b'].search([('a_id', '=', rec.id)])",
    '    def nested(self):',
    '        for rec in self:',
    "            for state in ('draft', 'done'):",
    "                self.env['b.b'].search_count([('a_id', '=', rec.id), ('state', '=', state)])",
    '',
  ].join('\n');
  const tree = parsePython(src);
  const call = (name: string) => find(method(tree.rootNode, name), (n) => n.type === 'call' && /search/.test(n.childForFieldName('function')?.text ?? ''))!;
  const one = repeatedCostOf(call('one'), undefined, 100);
  assert.deepEqual({ perIteration: one?.perIteration, total: one?.total, perExecution: one?.perExecution }, { perIteration: 1, total: 100, perExecution: 1 });
  // 2 states per record: 200 queries for 100 records; "per iteration" of the outer loop is not the call's own 1.
  const nested = repeatedCostOf(call('nested'), undefined, 100);
  assert.deepEqual({ perIteration: nested?.perIteration, total: nested?.total }, { perIteration: undefined, total: 200 });
  // Per iteration of the loop a message names (`for rec in self`): the call's 1 query times the 2 states.
  const outerFor = method(tree.rootNode, 'nested').descendantsOfType('for_statement')[0]!;
  assert.deepEqual(perReportedLoop(nested, outerFor, 100), { perIteration: 2, total: 200 });
  // Per iteration of the inner loop itself: the call's own figure.
  const innerFor = method(tree.rootNode, 'nested').descendantsOfType('for_statement')[1]!;
  assert.deepEqual(perReportedLoop(nested, innerFor, 100), { perIteration: 1, total: 100 });
  tree.delete();
});

test('settings: assumedRecordCount is normalised (>= 1, whole) and merged', () => {
  const problems: string[] = [];
  assert.equal(normaliseSettings({ assumedRecordCount: 120 }).assumedRecordCount, 120);
  assert.equal(normaliseSettings({ 'assumed-record-count': '250.7' }).assumedRecordCount, 250);
  assert.equal(normaliseSettings({ assumedRecordCount: 0 }, problems).assumedRecordCount, undefined);
  assert.equal(normaliseSettings({ assumedRecordCount: 'many' }, problems).assumedRecordCount, undefined);
  assert.equal(problems.length, 2);
  assert.equal(mergeSettings({ assumedRecordCount: 50 }, {}).assumedRecordCount, 50);
  assert.equal(mergeSettings({ assumedRecordCount: 50 }, { assumedRecordCount: 500 }).assumedRecordCount, 500);
  assert.equal(mergeSettings({}).assumedRecordCount, undefined);
});
