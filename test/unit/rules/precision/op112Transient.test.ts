import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'precision_op112');

test('OP112: a TransientModel create(vals) (and a models.Model extension of it) stays quiet; a regular model is reported', async () => {
  const results = await lintFixture(DIR, ['OP112']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  const all = results.flatMap((r) => r.findings);
  assert.equal(all.length, 1);
  assert.equal(all[0]!.severity, 'warning');
  assert.match(all[0]!.message, /^create\(self, vals\) under @api\.model: /);
});
