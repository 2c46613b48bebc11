// OP101/OP103/OP104 one level down: a per-iteration call to a method of the same model whose body
// pays a query / an INSERT / an unlink on every call (same file and another addon's file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op1xx_chained');
const CODES = ['OP101', 'OP103', 'OP104'];
const STATS = path.join('library_stats', 'models', 'library_book.py');

test("chained calls: findings exactly on the '# expect:' lines, lookalikes quiet", async () => {
  const results = await lintFixture(DIR, CODES);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  const stats = results.find((r) => r.file === STATS)!;
  assert.deepEqual(stats.actual, ['25:OP101', '29:OP101', '30:OP103', '31:OP101', '31:OP104', '32:OP103']);
});

test('OP101 chain: message shows the chain, cost, version-aware advice; related info at the inner query', async () => {
  const results = await lintFixture(DIR, CODES);
  const f = results.find((r) => r.file === STATS)!.findings.find((x) => x.range.start.line === 28 && x.code === 'OP101')!;
  assert.equal(
    f.message,
    "book._count_loans() → search_count() inside a loop over 'self': 1 query per iteration (~100 queries for 100 records). " +
      'LibraryBook._count_loans() queries on every call: make it work on the whole recordset and call it once outside the loop. ' +
      'Count once before the loop, e.g. with read_group(..., lazy=False) grouped by the loop key.',
  );
  // the callee lives in another addon (library_base): related information points at its search_count
  assert.equal(f.related!.length, 1);
  assert.equal(f.related![0]!.file, path.join(DIR, 'library_base', 'models', 'library_book.py'));
  assert.equal(f.related![0]!.range.start.line, 14);
  assert.equal(f.related![0]!.message, 'search_count() in LibraryBook._count_loans(), run on every call');
  // the range is the call in the loop
  assert.deepEqual(f.range, { start: { line: 28, character: 12 }, end: { line: 28, character: 31 } });
});

test('OP103 chain counts every create of the callee; OP104 chain costs 4 queries per iteration', async () => {
  const results = await lintFixture(DIR, CODES);
  const stats = results.find((r) => r.file === STATS)!.findings;
  const archive = stats.find((x) => x.range.start.line === 31 && x.code === 'OP103')!;
  assert.match(archive.message, /^book\._archive_history\(\) → self\.env\["library\.history"\]\.create\(\) \+ self\.env\["library\.history"\]\.create\(\) inside a loop over 'self': 2 INSERTs per iteration/);
  assert.deepEqual(archive.related!.map((r) => r.range.start.line), [18, 19]);
  const scan = stats.find((x) => x.range.start.line === 29)!;
  assert.match(scan.message, /^book\.sudo\(\)\._log_scan\(\) → self\.env\["library\.scan"\]\.create\(\) inside a loop over 'self': 1 INSERT per iteration/);
  const drop = stats.find((x) => x.code === 'OP104')!;
  assert.match(drop.message, /^book\._drop_reservations\(\) → .*\.unlink\(\) inside a loop over 'self': 4 queries per iteration \(measured on Odoo 18: 400 for 100 records/);
});

test('chained OP101 advice follows the addon version: read_group(lazy=False) for 16', async () => {
  const results = await lintFixture(DIR, CODES);
  const f = results.find((r) => r.file.startsWith('library_stats') && r.file.endsWith('library_author.py'))!.findings[0]!;
  assert.match(f.message, /^partner\._book_count\(\) → search_count\(\) inside a loop over 'self'/);
  assert.match(f.message, /e\.g\. with read_group\(\.\.\., lazy=False\) grouped by the loop key\.$/);
});
