// Calls followed into methods of the model defined in other workspace files (issue 5: "follows
// calls into methods of the workspace one or two levels"). Fixture: test/fixtures/cost_followed,
// one addon whose callers (follow_order.py) call helpers defined in two other files.
// Expectations by hand: a search/search_count is 1 query per call; reading partner_id on `rec`
// fetches the column for the whole prefetch set of self, 1 query per 1000 records.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initParser, parsePython, type Node, type Tree } from '../../../server/src/parse/parser';
import { scanWorkspace } from '../../../server/src/odoo/index';
import type { MutableWorkspace } from '../../../server/src/odoo/workspace';
import { estimateFunction, evaluate, WorkspaceFacts, type CostOptions } from '../../../server/src/cost/index';
import { FileTrees } from '../../../server/src/cost/fileTrees';
import { cachedEstimate, factsForWorkspace } from '../../../server/src/cost/sites';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'cost_followed');
const CALLERS = path.join(FIXTURE, 'perf_follow', 'models', 'follow_order.py');

let caller: Tree;
let facts: WorkspaceFacts;
let trees: FileTrees;

async function setup(): Promise<void> {
  if (caller) return;
  await initParser();
  const ws = await scanWorkspace({ roots: [FIXTURE], addonsPaths: [] });
  trees = new FileTrees(8);
  facts = new WorkspaceFacts(ws, trees);
  caller = parsePython(fs.readFileSync(CALLERS, 'utf8'));
}

function method(tree: Tree, name: string): Node {
  const found = (tree.rootNode.descendantsOfType('function_definition') as Node[]).find((n) => n.childForFieldName('name')?.text === name);
  if (!found) throw new Error(`no method ${name}`);
  return found;
}

function at(name: string, options: Partial<CostOptions> = {}): number[] {
  const est = estimateFunction(method(caller, name), { facts, options });
  return [10, 100, 1000].map((n) => evaluate(est.total, n));
}

test('a callee in another file that searches makes the caller\'s loop cost N', async () => {
  await setup();
  // search_count per order (N) + partner_id of the prefetch set ceil(N/1000).
  assert.deepEqual(at('count_partner_orders_each'), [10 + 1, 100 + 1, 1000 + 1]);
  const est = estimateFunction(method(caller, 'count_partner_orders_each'), { facts });
  const call = est.calls.find((c) => c.name === 'rec._partner_order_count');
  assert.ok(call, 'the cost is charged to the call in the caller');
  assert.deepEqual(est.followedFiles.map((f) => path.basename(f)), ['follow_order_stats.py']);
});

test('two levels across two other files are followed, the third level is not', async () => {
  await setup();
  assert.deepEqual(at('deep_helper_each'), [10, 100, 1000]);
  assert.deepEqual(at('three_levels_each'), [0, 0, 0]);
  assert.deepEqual(at('three_levels_each', { maxCallDepth: 3 }), [10, 100, 1000]);
});

test('a callee without database work costs nothing', async () => {
  await setup();
  assert.deepEqual(at('plain_helper_each'), [0, 0, 0]);
});

test('the files one estimate may parse are bounded', async () => {
  await setup();
  assert.deepEqual(at('count_partner_orders_each', { maxFollowedFiles: 0 }), [0, 0, 0]);
  // The first hop's file fits the budget, the second hop's does not.
  assert.deepEqual(at('deep_helper_each', { maxFollowedFiles: 1 }), [0, 0, 0]);
});

test('the tree cache is an LRU that drops evicted trees and re-parses changed files', async () => {
  await setup();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-trees-'));
  try {
    const files = ['a', 'b', 'c'].map((n) => path.join(dir, `${n}.py`));
    for (const f of files) fs.writeFileSync(f, 'def f():\n    return 1\n');
    const small = new FileTrees(2);
    const a1 = small.get(files[0]);
    assert.ok(a1);
    assert.equal(small.get(files[0]), a1, 'unchanged file: the cached tree');
    small.get(files[1]);
    small.get(files[2]);
    assert.equal(small.size, 2);
    assert.notEqual(small.get(files[0]), a1, 'evicted: parsed again');
    fs.writeFileSync(files[1], 'def g():\n    return 22\n');
    fs.utimesSync(files[1], new Date(), new Date(Date.now() + 5000));
    assert.match(small.get(files[1])!.rootNode.text, /def g/);
    assert.equal(small.get(path.join(dir, 'missing.py')), undefined);
    const big = new FileTrees(2, 10);
    assert.equal(big.get(files[0]), undefined, 'above the size cap: not parsed');
    small.clear();
    assert.equal(small.size, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a cached estimate is refreshed when the followed file changes on disk', async () => {
  await setup();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-follow-'));
  try {
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const ws = (await scanWorkspace({ roots: [dir], addonsPaths: [] })) as MutableWorkspace;
    const callerFile = path.join(dir, 'perf_follow', 'models', 'follow_order.py');
    const statsFile = path.join(dir, 'perf_follow', 'models', 'follow_order_stats.py');
    const tree = parsePython(fs.readFileSync(callerFile, 'utf8'));
    const fn = method(tree, 'count_partner_orders_each');
    const ctx = { facts: factsForWorkspace(ws) };
    assert.equal(evaluate(cachedEstimate(fn, ctx).total, 100), 101);
    const text = fs.readFileSync(statsFile, 'utf8').replace(
      "return self.env['perf.follow.order'].search_count([('partner_id', '=', self.partner_id.id)])", 'return 0');
    fs.writeFileSync(statsFile, text);
    fs.utimesSync(statsFile, new Date(), new Date(Date.now() + 5000));
    ws.updateFile(statsFile, text);
    assert.equal(evaluate(cachedEstimate(fn, ctx).total, 100), 0);
    tree.delete();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
