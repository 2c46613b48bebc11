import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op109_filters');

test("OP109 findings exactly on the '# expect: OP109' lines (non-stored, limit, field-vs-field stay quiet)", async () => {
  const results = await lintFixture(DIR, ['OP109']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  assert.equal(results.flatMap((r) => r.actual).length, 4);
});

test('OP109 is information and spells out the domain leaves to add', async () => {
  const results = await lintFixture(DIR, ['OP109']);
  const [eq, truthy, combo, path2] = results.flatMap((r) => r.findings);
  assert.equal(eq!.severity, 'information');
  assert.match(eq!.message, /Add \('state', '=', "sent"\) to the search domain/);
  assert.match(truthy!.message, /Add \('fragile', '!=', False\)/);
  assert.match(combo!.message, /Add \('state', 'in', \("lost", "new"\)\), \('fragile', '=', False\)/);
  assert.match(path2!.message, /\('carrier_id\.country_code', '=', "IT"\)/);
});
