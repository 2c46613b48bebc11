// `odoo-perf cost` end to end (the built CLI as a child process). Expected numbers are the Odoo 18
// measurements of ../shared/reference/query-costs-odoo18.json for the calibration fixture's methods,
// copied by hand: loop search_count = 10/100/1000 queries at N = 10/100/1000, loop create(vals) =
// 11/101/1010 (vs create(vals_list) 2/2/20), loop rec.unlink() = 40/400/4000.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'odoo-perf.js');
const FILE = path.join('test', 'fixtures', 'cost_calibration', 'perf_cost', 'models', 'perf_order.py');
const LINES = fs.readFileSync(path.join(ROOT, FILE), 'utf8').split('\n');

interface Estimate {
  line: number;
  scope: string;
  name: string;
  queries: Record<string, number>;
  formula: string;
  perIteration?: number;
  afterFix?: { queries: Record<string, number>; formula: string };
}

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'cost', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[]): Estimate[] {
  const r = run([...args, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { estimates: Estimate[] }).estimates;
}

/** 1-based line of the first line containing `text` after the line containing `after`. */
function lineOf(text: string, after = ''): number {
  const start = LINES.findIndex((l) => l.includes(after));
  const i = LINES.findIndex((l, k) => k > start && l.includes(text));
  assert.ok(i >= 0, text);
  return i + 1;
}

test('cost --function: the loop search_count case costs N (10/100/1000), 1 after the fix', () => {
  const est = json([FILE, '--function', 'case_10']);
  const fn = est[0];
  assert.equal(fn.scope, 'function');
  assert.equal(fn.name, 'case_10');
  assert.equal(fn.line, lineOf('def case_10'));
  assert.deepEqual(fn.queries, { '10': 10, '100': 100, '1000': 1000 });
  assert.equal(fn.formula, 'N');
  const call = est.find((e) => e.scope === 'call' && e.name === 'Line.search_count');
  assert.ok(call);
  assert.equal(call.perIteration, 1);
  assert.deepEqual(call.afterFix?.queries, { '10': 1, '100': 1, '1000': 1 });
  const loop = est.find((e) => e.scope === 'loop');
  assert.equal(loop?.name, 'for rec in orders');
  assert.deepEqual(loop?.queries, { '10': 10, '100': 100, '1000': 1000 });
});

test('cost --line: create(vals) in a loop 11/101/1010, create(vals_list) after the fix 2/2/20', () => {
  const line = lineOf('Order.create(', 'def case_33');
  const est = json([FILE, '--line', String(line)]);
  assert.equal(est.length, 1);
  assert.equal(est[0].scope, 'call');
  assert.deepEqual(est[0].queries, { '10': 11, '100': 101, '1000': 1010 });
  assert.deepEqual(est[0].afterFix?.queries, { '10': 2, '100': 2, '1000': 20 });
});

test('cost --n: unlink per record is 4 queries per iteration', () => {
  const est = json([FILE, '--function', 'case_31', '--n', '100,1000']);
  assert.deepEqual(est[0].queries, { '100': 400, '1000': 4000 });
  assert.equal(est[0].formula, '4N');
});

test('cost on a line with no database work prints an empty list (JSON) or says so (text)', () => {
  const line = lineOf('out = {}', 'def case_01');
  assert.deepEqual(json([FILE, '--line', String(line)]), []);
  const r = run([FILE, '--line', String(line)]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /no database work found at line/);
});

test('cost text output names the site, the formula and the numbers', () => {
  const r = run([FILE, '--function', 'case_07']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /perf_order\.py:\d+ function case_07: N → 10 at N = 10, 100 at N = 100, 1000 at N = 1000/);
  assert.match(r.stdout, /call Line\.search: N \(1 per iteration\)/);
});

test('cost exits 2 with a clear message on bad input', () => {
  const cases: [string[], RegExp][] = [
    [[], /cost needs a FILE/],
    [['nope.py'], /no such file: nope\.py/],
    [[FILE, '--function', 'no_such_method'], /no method named no_such_method/],
    [[FILE, '--line', 'x'], /--line expects a line number/],
    [[FILE, '--line', '100000'], /past the end/],
    [[FILE, '--n', '10,-1'], /--n expects positive whole numbers/],
    [[FILE, '--format', 'sarif'], /--format must be text or json/],
    [[FILE, '--line', '3', '--function', 'case_01'], /either --line or --function/],
    [[FILE, '--bogus'], /unknown option: --bogus/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('cost --function follows a call into a method defined in another file of the addon', () => {
  // follow_order_stats.py's _partner_order_count does a search_count: 1 per order, plus the
  // partner_id column of the prefetch set (1 query per 1000 records).
  const file = path.join('test', 'fixtures', 'cost_followed', 'perf_follow', 'models', 'follow_order.py');
  const est = json([file, '--function', 'count_partner_orders_each']);
  const fn = est.find((e) => e.scope === 'function');
  assert.ok(fn);
  assert.deepEqual(fn.queries, { 10: 11, 100: 101, 1000: 1001 });
});
