import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op109_filters');

test("OP108 findings exactly on the '# expect: OP108' lines (offset/limit and str lengths stay quiet)", async () => {
  const results = await lintFixture(DIR, ['OP108']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  assert.equal(results.flatMap((r) => r.actual).length, 2);
});

test('OP108 is a hint that names search_count with the same domain', async () => {
  const results = await lintFixture(DIR, ['OP108']);
  const f = results.flatMap((r) => r.findings)[0]!;
  assert.equal(f.severity, 'hint');
  assert.equal(
    f.message,
    "len(self.search(...)) fetches every matching id to count them. self.search_count([(\"state\", \"=\", state)]) is the same 1 query " +
      '(SELECT COUNT(*)) without building the recordset.',
  );
});
