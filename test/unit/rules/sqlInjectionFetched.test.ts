import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';
import { isIntegerIdColumn, outputColumns } from '../../../server/src/rules/sql/fetchedIds';

const DIR = path.join(FIXTURES, 'op401_fetched');

test("OP401: ids read back from a SELECT id / RETURNING id are not culprits; other columns, and the same name over another query, are", async () => {
  const results = await lintFixture(DIR, ['OP401']);
  for (const other of results.filter((x) => !x.file.endsWith('post-migration.py'))) assert.deepEqual(other.actual, [], other.file);
  const r = results.find((x) => x.file.endsWith('post-migration.py'));
  assert.deepEqual(r!.actual, r!.expected, r!.file);
  assert.equal(r!.expected.length, 5);
  // The name column pasted into the UPDATE is what the message names, not the ids beside it.
  const label = r!.findings.find((f) => f.range.start.line === 21)!;
  assert.match(label.message, /built with an f-string of `row\[1\]`/);
  // A `*_id` column says nothing of its type: still a culprit.
  const alias = r!.findings.find((f) => f.range.start.line === 27)!;
  assert.match(alias.message, /built with an f-string of `row\[0\]`/);
});

test('outputColumns reads the SELECT list (not splitting inside parentheses) and RETURNING', () => {
  assert.deepEqual(outputColumns('SELECT c.id, coalesce(c.name, c.code) AS n, count(*) FROM t'), ['c.id', 'coalesce(c.name, c.code) AS n', 'count(*)']);
  assert.deepEqual(outputColumns('select distinct on (a.x) a.id, a.x from a'), ['a.id', 'a.x']);
  assert.deepEqual(outputColumns('INSERT INTO t (name) VALUES (%s) RETURNING id'), ['id']);
  assert.equal(outputColumns('UPDATE t SET a = 1'), undefined);
});

test('isIntegerIdColumn: id, alias.id, count(); not *_id or names', () => {
  for (const c of ['id', 'c.id', '"c"."id"', 'c.id AS code', 'count(r.id) AS uses', 'COUNT(*)']) assert.equal(isIntegerIdColumn(c), true, c);
  for (const c of ['code_id', 'c.partner_id', 'c.name', 'c.id || c.name', 'max(c.id)']) assert.equal(isIntegerIdColumn(c), false, c);
});
