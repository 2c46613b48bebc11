import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

test("OP102 fixture op102_basic: findings exactly on the '# expect: OP102' lines", async () => {
  const results = await lintFixture(path.join(FIXTURES, 'op102_basic'), ['OP102']);
  assert.ok(results.length >= 2);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  assert.equal(results.flatMap((r) => r.expected).length, 4);
});

test('OP102 message names the browse call, the ids and the fix; range is the browse call', async () => {
  const results = await lintFixture(path.join(FIXTURES, 'op102_basic'), ['OP102']);
  const f = results.flatMap((r) => r.findings)[0]!;
  assert.equal(f.rule, 'browse-in-loop');
  assert.equal(
    f.message,
    `self.env["sale.order"].browse(order_id) inside a loop over 'order_ids', then a field read: 1 query per iteration ` +
      `(~100 queries for 100 ids), because each browse(id) prefetches only its own id. Browse all ids once before the loop ` +
      `(self.env["sale.order"].browse(order_ids)) and iterate the recordset: 1 query per 1000 records.`,
  );
  assert.deepEqual(f.range, { start: { line: 14, character: 26 }, end: { line: 14, character: 65 } });
});

test('OP102 on ids taken from dicts suggests collecting the ids first', async () => {
  const results = await lintFixture(path.join(FIXTURES, 'op102_basic'), ['OP102']);
  const f = results.flatMap((r) => r.findings).find((x) => x.message.includes("vals_list"))!;
  assert.match(f.message, /browse\(\[vals\["order_id"\] for \.\.\. in vals_list\]\)/);
  // Ids read from each dict repeat (one order for many lines): the record cache answers the
  // repeats, so the cost is per distinct id and the finding is information, not a warning.
  assert.equal(f.severity, 'information');
  assert.match(f.message, /1 query per distinct id/);
  const plain = results.flatMap((r) => r.findings).find((x) => x.message.includes("over 'order_ids'"))!;
  assert.equal(plain.severity, 'warning');
});

test('OP101 and OP102 do not overlap on the browse fixture', async () => {
  const results = await lintFixture(path.join(FIXTURES, 'op102_basic'), ['OP101']);
  assert.deepEqual(results.flatMap((r) => r.actual), []);
});
