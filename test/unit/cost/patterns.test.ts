// Patterns beyond the 36 measured cases. Each expectation is derived by reasoning about Odoo 18's
// ORM (written next to it), not read from the estimator: prefetch sets fetch 1000 records per
// query, the record cache makes a second read free, writes are deferred and flushed 100 rows per
// UPDATE unless a flush point in the same loop meets them, searches flush only the fields their
// domain and order read, stored computes triggered by a write read their dependencies and are
// written with the same flush. Lines per order: the documented default recordsPerParent = 3.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initParser, parsePython, type Node, type Tree } from '../../../server/src/parse/parser';
import { describe as describeSite, estimateAt, estimateFunction, evaluate, TreeFacts, type CostContext } from '../../../server/src/cost/index';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const MODELS = path.join(ROOT, 'test', 'fixtures', 'cost_calibration', 'perf_cost', 'models', 'perf_order.py');
const PATTERNS = path.join(ROOT, 'test', 'fixtures', 'cost_patterns', 'perf_patterns', 'models', 'patterns.py');
const NOFACTS = path.join(ROOT, 'test', 'fixtures', 'cost_nofacts', 'sale_ext.py');

let models: Tree;
let patterns: Tree;
let ctx: CostContext;

async function setup(): Promise<void> {
  if (patterns) return;
  await initParser();
  models = parsePython(fs.readFileSync(MODELS, 'utf8'));
  patterns = parsePython(fs.readFileSync(PATTERNS, 'utf8'));
  // Fields and computes come from the calibration addon's file, the methods from the pattern file.
  ctx = { facts: new TreeFacts([models, patterns]) };
}

function method(tree: Tree, name: string): Node {
  const stack: Node[] = [tree.rootNode];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'function_definition' && n.childForFieldName('name')?.text === name) return n;
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  throw new Error(`no method ${name}`);
}

function at(name: string, c: CostContext = ctx): number[] {
  const est = estimateFunction(method(patterns, name), c);
  return [10, 100, 1000].map((n) => evaluate(est.total, n));
}

test('nested loops multiply: a search per line of every order', async () => {
  await setup();
  // order.line_ids: 1 query per 1000 orders; line.qty: lines share one prefetch set, 1 per 1000 of
  // the 3N lines; search_count once per (order, line): 3N.
  assert.deepEqual(at('nested_search_per_line'), [1 + 1 + 30, 1 + 1 + 300, 1 + 3 + 3000]);
});

test('a write followed by a search that does not read the written field is not flushed per iteration', async () => {
  await setup();
  // search_count per iteration (N) + the writes, deferred and flushed 100 rows per UPDATE.
  assert.deepEqual(at('write_then_search_other_model'), [10 + 1, 100 + 1, 1000 + 10]);
  assert.deepEqual(at('write_then_search_other_field'), [10 + 1, 100 + 1, 1000 + 10]);
});

test('a search ordered by the written field flushes it every iteration', async () => {
  await setup();
  // _flush_search flushes the fields of the domain *and of the order*: 1 UPDATE + 1 SELECT per iteration.
  assert.deepEqual(at('write_then_search_ordered_by_written_field'), [20, 200, 2000]);
});

test('a search before the write in the loop body flushes the previous iteration\'s write', async () => {
  await setup();
  // Iteration i's search flushes iteration i-1's write: N-1 UPDATEs + the final flush = N, + N searches.
  assert.deepEqual(at('search_then_write_same_field'), [20, 200, 2000]);
});

test('flush_model() in the loop makes one UPDATE per iteration; cr.execute does not flush', async () => {
  await setup();
  assert.deepEqual(at('flush_in_loop'), [10, 100, 1000]);
  // Odoo's Cursor.execute runs raw SQL without flushing pending ORM writes: N + ceil(N/100).
  assert.deepEqual(at('raw_sql_in_loop'), [11, 101, 1010]);
});

test('calls into methods of the model are followed two levels, not three', async () => {
  await setup();
  assert.deepEqual(at('call_helper_in_loop'), [10, 100, 1000]);
  assert.deepEqual(at('call_two_levels_in_loop'), [10, 100, 1000]);
  assert.deepEqual(at('call_three_levels_in_loop'), [0, 0, 0]);
  assert.deepEqual(at('call_three_levels_in_loop', { ...ctx, options: { maxCallDepth: 3 } }), [10, 100, 1000]);
});

test('lookalikes cost nothing; a loop over range(3) runs its search 3 times', async () => {
  await setup();
  assert.deepEqual(at('lookalikes'), [0, 0, 0]);
  assert.deepEqual(at('small_literal_loop'), [3, 3, 3]);
});

test('comprehensions and filtered(lambda) run their body per record', async () => {
  await setup();
  assert.deepEqual(at('search_in_comprehension'), [10, 100, 1000]);
  assert.deepEqual(at('search_inside_filtered_lambda'), [10, 100, 1000]);
  // filtered() reads state for the prefetch set (1 query); name is the same column fetch: cached.
  assert.deepEqual(at('filtered_then_read'), [1, 1, 1]);
});

test('writing a line field recomputes stored computes on the lines and on their orders', async () => {
  await setup();
  // self.line_ids: ceil(N/1000); subtotal's recompute reads qty → lines fetch ceil(3N/1000);
  // lines UPDATE (price + subtotal) ceil(3N/100); amount_total of the orders (self: line_ids
  // cached, subtotals just computed) written ceil(N/100).
  assert.deepEqual(at('reprice_lines'), [1 + 1 + 1 + 1, 1 + 1 + 3 + 1, 1 + 3 + 30 + 10]);
});

test('search_read rows are dicts; invalidation inside a loop re-reads every iteration', async () => {
  await setup();
  assert.deepEqual(at('search_read_rows'), [1, 1, 1]);
  // invalidate_recordset(['name']) on rec, then rec.name: 1 SELECT per iteration.
  assert.deepEqual(at('invalidate_in_loop'), [10, 100, 1000]);
});

test('create(vals) per record of lines that feed a stored compute of the order', async () => {
  await setup();
  // N INSERTs; subtotal of the new lines written ceil(N/100); the orders' amount_total recomputed:
  // line_ids of the N orders ceil(N/1000), the existing 3N lines' subtotal ceil(3N/1000), UPDATE ceil(N/100).
  assert.deepEqual(at('create_one_per_record'), [10 + 1 + 1 + 1 + 1, 100 + 1 + 1 + 1 + 1, 1000 + 10 + 1 + 3 + 10]);
});

test('create under a parent the method does not know still recomputes the parents, once, at the flush', async () => {
  await setup();
  // rec.batch: self's columns ceil(N/1000). N INSERTs; new lines' subtotal ceil(N/100). The parents
  // (up to one per create, N) are recomputed together: their line_ids ceil(N/1000), the 3N lines'
  // subtotal ceil(3N/1000), the amount_total UPDATE ceil(N/100).
  assert.deepEqual(at('create_lines_under_unknown_order'), [1 + 10 + 1 + 1 + 1 + 1, 1 + 100 + 1 + 1 + 1 + 1, 1 + 1000 + 10 + 1 + 3 + 10]);
});

test('create under parents whose lines are already in cache recomputes without reading them again', async () => {
  await setup();
  // self.line_ids ceil(N/1000) and the lines' subtotal ceil(3N/1000) before the loop; N INSERTs;
  // the new lines' subtotal ceil(N/100); the orders' amount_total: line_ids and subtotal cached,
  // UPDATE ceil(N/100).
  assert.deepEqual(at('create_lines_after_reading_them'), [1 + 1 + 10 + 1 + 1, 1 + 1 + 100 + 1 + 1, 1 + 3 + 1000 + 10 + 10]);
});

test('create of records no stored compute depends on costs only the INSERTs', async () => {
  await setup();
  // rec.name: ceil(N/1000); res.partner has no stored computes in the facts: N INSERTs.
  assert.deepEqual(at('create_partners_per_record'), [1 + 10, 1 + 100, 1 + 1000]);
});

test('without model facts, name conventions still give the shape', async () => {
  await setup();
  const tree = parsePython(fs.readFileSync(NOFACTS, 'utf8'));
  const est = estimateFunction(method(tree, 'partner_names_and_line_search'));
  // partner_id (guessed many2one) read for the prefetch set, partner names for theirs, a search per order.
  assert.deepEqual([10, 100, 1000].map((n) => evaluate(est.total, n)), [12, 102, 1002]);
  assert.equal(est.model, 'sale.order');
  tree.delete();
});

test('per-call, per-loop and per-method estimates for hovers', async () => {
  await setup();
  const fn = method(patterns, 'call_helper_in_loop');
  const est = estimateFunction(fn, ctx);
  const call = est.calls.find((c) => c.name === 'rec._count_lines');
  assert.ok(call);
  assert.equal(describeSite(call, [80, 1000]), '≈ 1 query per iteration → 80 at N = 80, 1000 at N = 1000');
  assert.equal(est.loops.length, 1);
  assert.equal(evaluate(est.loops[0].total, 80), 80);
  assert.equal(evaluate(est.loops[0].iterations!, 80), 80);

  // estimateAt: inside the call → the call; on the `for` keyword → the loop; on the name → the method.
  const callNode = call.node;
  const inner = callNode.descendantForIndex(callNode.startIndex + 1)!;
  assert.equal(estimateAt(inner, ctx)?.scope, 'call');
  const forKeyword = est.loops[0].node.child(0)!;
  assert.equal(estimateAt(forKeyword, ctx)?.scope, 'loop');
  const fnName = fn.childForFieldName('name')!;
  const whole = estimateAt(fnName, ctx);
  assert.equal(whole?.scope, 'function');
  assert.equal(evaluate(whole!.total, 80), 80);

  // Top contributors: the per-iteration search before the batched writes.
  const mixed = estimateFunction(method(patterns, 'write_then_search_other_model'), ctx);
  assert.deepEqual(mixed.top.map((t) => t.name), ['Line.search_count', 'rec.write']);
  // Deferred writes: 100 rows per UPDATE at the final flush.
  assert.equal(describeSite(mixed.top[1], [80, 1000]), '≈ ceil(N/100) queries → 1 at N = 80, 10 at N = 1000');
  assert.equal(describeSite(mixed.top[0], [80]), '≈ 1 query per iteration → 80 at N = 80');
  // Nothing to say about code without database work.
  const quiet = estimateFunction(method(patterns, 'lookalikes'), ctx);
  assert.equal(quiet.calls.length, 0);
  assert.equal(describeSite(quiet, [80]), undefined);
});
