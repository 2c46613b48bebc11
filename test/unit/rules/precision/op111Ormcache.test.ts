import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'precision_op111');

test('OP111: a search in an @tools.ormcache / @ormcache method stays quiet; the same code uncached is reported', async () => {
  const results = await lintFixture(DIR, ['OP111']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  const all = results.flatMap((r) => r.findings);
  assert.equal(all.length, 1);
  assert.equal(all[0]!.severity, 'information');
  assert.match(all[0]!.message, /^search\(\) whose records are only used to read field 'domain_whitelist'/);
});
