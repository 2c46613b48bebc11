import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op105_flush');

test("OP105 findings exactly on the '# expect: OP105' lines (plain loop writes, unrelated searches, cr.execute stay quiet)", async () => {
  const results = await lintFixture(DIR, ['OP105']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  assert.equal(results.flatMap((r) => r.actual).length, 4);
});

test('OP105 reports the write, names the flushing call and its line, and quotes the measurement', async () => {
  const results = await lintFixture(DIR, ['OP105']);
  const [counted, ordered, explicit, commit] = results.flatMap((r) => r.findings);
  assert.equal(counted!.severity, 'warning');
  assert.equal(
    counted!.message,
    "order.write() inside a loop over 'self' is flushed on every iteration by self.search_count() (line 18): 1 UPDATE per iteration " +
      'instead of 1 per 100 rows (measured on Odoo 18 with a search_count on the written field: 200 queries for 100 records, 2000 for 1000). ' +
      'Write once after the loop, or move the search/flush out of the loop.',
  );
  assert.equal(counted!.related?.[0]?.range.start.line, 17);
  // the model's _order (priority desc, id) is read by search(): a write on priority is flushed
  assert.match(ordered!.message, /^order\.priority = … inside a loop over 'self' is flushed on every iteration by self\.search\(\)/);
  assert.match(explicit!.message, /by order\.flush_recordset\(\)/);
  // a commit per iteration is usually deliberate: information, not warning
  assert.equal(commit!.severity, 'information');
  assert.match(commit!.message, /^cr\.commit\(\) inside a loop over 'self'/);
});
