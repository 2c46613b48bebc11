import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op103_loops');

test("OP104 findings exactly on the '# expect: OP104' lines (batch unlink and batching while stay quiet)", async () => {
  const results = await lintFixture(DIR, ['OP104']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  assert.deepEqual(results.flatMap((r) => r.actual), ['34:OP104', '39:OP104']);
});

test('OP104 message: 4 queries per record vs 4 in total, also through zip(records, ...)', async () => {
  const results = await lintFixture(DIR, ['OP104']);
  const [first, zipped] = results.flatMap((r) => r.findings);
  assert.equal(first!.severity, 'warning');
  assert.equal(
    first!.message,
    "visit.line_ids.unlink() inside a loop over 'self': 4 queries per iteration (measured on Odoo 18: 400 for 100 records, " +
      '4000 for 1000). Collect the records (e.g. to_delete |= visit.line_ids) and call unlink() once after the loop: 4 queries in total.',
  );
  assert.match(zipped!.message, /^visit\.unlink\(\) inside a loop over 'zip\(self, reasons\)'/);
});
