import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op107_computes');

test("OP107 findings exactly on the '# expect: OP107' lines", async () => {
  const results = await lintFixture(DIR, ['OP107']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  assert.equal(results.flatMap((r) => r.actual).length, 3);
});

test('OP107 is an honest hint: not an N+1, and the _read_group it proposes', async () => {
  const results = await lintFixture(DIR, ['OP107']);
  const [sum, count] = results.flatMap((r) => r.findings);
  assert.equal(sum!.severity, 'hint');
  assert.match(sum!.message, /not an N\+1 \(prefetch loads the lines of all records at once: measured 2 queries for 100 records, 4 for 1000\)/);
  assert.match(sum!.message, /self\.env\['workshop\.job\.line'\]\._read_group\(\[\('job_id', 'in', self\.ids\)\], \['job_id'\], \['hours:sum'\]\) is 1 query/);
  assert.match(count!.message, /\['__count'\]/);
});

test('OP107 proposes read_group(..., lazy=False) before Odoo 17', async () => {
  const results = await lintFixture(DIR, ['OP107'], { odooVersion: '16.0' });
  // the manifest says 17.0: the manifest wins over the setting
  assert.match(results.flatMap((r) => r.findings)[0]!.message, /_read_group\(/);
});
