import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';
import { advice } from '../../../server/src/rules/searchInLoop';

for (const fixture of ['op101_basic', 'op101_lookalikes']) {
  test(`OP101 fixture ${fixture}: findings exactly on the '# expect: OP101' lines`, async () => {
    const results = await lintFixture(path.join(FIXTURES, fixture), ['OP101']);
    assert.ok(results.length >= 2);
    for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  });
}

test('OP101 fixtures hold true problems and lookalikes', async () => {
  const basic = await lintFixture(path.join(FIXTURES, 'op101_basic'), ['OP101']);
  assert.equal(basic.flatMap((r) => r.expected).length, 14);
  const lookalikes = await lintFixture(path.join(FIXTURES, 'op101_lookalikes'), ['OP101']);
  // only the controller loop over request ids is a real N+1 there
  assert.deepEqual(lookalikes.flatMap((r) => r.actual), ['10:OP101']);
});

test('OP101 message names the call, the loop, the cost and a fix', async () => {
  const results = await lintFixture(path.join(FIXTURES, 'op101_basic'), ['OP101']);
  const orders = results.find((r) => r.file === path.join('models', 'sale_order.py'))!;
  const first = orders.findings[0]!;
  assert.equal(first.severity, 'warning');
  assert.equal(first.rule, 'search-in-loop');
  assert.equal(
    first.message,
    "search_count() inside a loop over 'self': 1 query per iteration (~100 queries for 100 records). " +
      'Count once before the loop, e.g. with _read_group grouped by order_id.',
  );
  // the range is the call expression `Line.search_count([...])`
  assert.deepEqual(first.range, { start: { line: 14, character: 36 }, end: { line: 14, character: 108 } });
});

test('OP101 public read_group costs 2 queries per iteration and nested loops report once', async () => {
  const results = await lintFixture(path.join(FIXTURES, 'op101_basic'), ['OP101']);
  const orders = results.find((r) => r.file === path.join('models', 'sale_order.py'))!;
  const rg = orders.findings.find((f) => f.message.startsWith('read_group()'))!;
  assert.match(rg.message, /^read_group\(\) inside a loop over 'self\.partner_id': 2 queries per iteration \(~200 queries for 100 records\)/);
  const partner = results.find((r) => r.file === path.join('models', 'res_partner.py'))!;
  const nested = partner.findings.filter((f) => f.message.startsWith('_read_group()'));
  assert.equal(nested.length, 1);
  assert.match(nested[0]!.message, /loop over 'partner\.child_ids'/);
  const drain = partner.findings.find((f) => f.range.start.line === 27)!;
  assert.match(drain.message, /^search_count\(\) inside a 'while queue' loop: 1 query per iteration \(~100 queries for 100 iterations\)/);
});

test('OP101 loops over plain values say iterations, not records', async () => {
  const results = await lintFixture(path.join(FIXTURES, 'op101_lookalikes'), ['OP101']);
  const ctrl = results.flatMap((r) => r.findings)[0]!;
  assert.match(ctrl.message, /^search_count\(\) inside a loop over 'import_ids': 1 query per iteration \(~100 queries for 100 iterations\)/);
});

test('OP101 advice follows the Odoo version: _read_group from 17, read_group(lazy=False) before', () => {
  assert.equal(advice('search_count', 'order_id', 17), 'Count once before the loop, e.g. with _read_group grouped by order_id.');
  assert.equal(advice('search_count', 'order_id', 16), 'Count once before the loop, e.g. with read_group(..., lazy=False) grouped by order_id.');
  assert.match(advice('exists', undefined, 17), /exists\(\) once on the whole recordset/);
  assert.match(advice('search', undefined, undefined), /'in' domain/);
});
