import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op103_loops');

test("OP103 findings exactly on the '# expect: OP103' lines (true problems and lookalikes)", async () => {
  const results = await lintFixture(DIR, ['OP103']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  // four planted problems: loop over self, browse(ids), enumerate(filtered), comprehension over rows
  assert.equal(results.flatMap((r) => r.actual).length, 4);
});

test('OP103 message states the measured cost and the batch fix', async () => {
  const results = await lintFixture(DIR, ['OP103']);
  const f = results.flatMap((r) => r.findings)[0]!;
  assert.equal(f.severity, 'warning');
  assert.equal(f.rule, 'create-in-loop');
  assert.equal(
    f.message,
    "Line.create() inside a loop over 'self': 1 INSERT per iteration (measured on Odoo 18: 101 queries for 100 records, " +
      '1010 for 1000). Collect the values in a list and call create(vals_list) once after the loop: 1 INSERT per 100 rows ' +
      '(2 queries for 100, 20 for 1000).',
  );
  // the range is the call expression
  assert.deepEqual(f.range.start, { line: 17, character: 12 });
});

test('OP103 loops over rows of unknown size say iterations, not records', async () => {
  const results = await lintFixture(DIR, ['OP103']);
  const rows = results.flatMap((r) => r.findings).find((f) => f.range.start.line === 29)!;
  assert.match(rows.message, /loop over 'rows': 1 INSERT per iteration \(measured on Odoo 18: 101 queries for 100 iterations/);
});
