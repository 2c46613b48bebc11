import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op103_loops');

test("OP106 findings exactly on the '# expect: OP106' lines (DDL per table, chunks, non-cursor execute stay quiet)", async () => {
  const results = await lintFixture(DIR, ['OP106']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  assert.equal(results.flatMap((r) => r.actual).length, 2);
});

test('OP106 message names the statement kind and the cost', async () => {
  const results = await lintFixture(DIR, ['OP106']);
  const [byId, byRecord] = results.flatMap((r) => r.findings);
  assert.equal(byId!.severity, 'warning');
  assert.match(byId!.message, /^cr\.execute\(DELETE \.\.\.\) inside a loop over 'ids': 1 query per iteration \(~100 queries for 100 iterations\)/);
  // the query text comes from the variable it was assigned to
  assert.match(byRecord!.message, /^cr\.execute\(UPDATE \.\.\.\) inside a loop over 'self\.env\["fleet\.visit"\]\.browse\(ids\)'.*100 records/);
});
