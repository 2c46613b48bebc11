import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';
import { searchThenReadAdvice } from '../../../server/src/rules/searchThenRead';

const DIR = path.join(FIXTURES, 'op111_search_read');

test('OP111 fixture: findings exactly on the expect lines, lookalikes quiet', async () => {
  const results = await lintFixture(DIR, ['OP111']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  assert.equal(results.flatMap((r) => r.expected).length, 4);
});

test('OP111 severity: information when unbounded, hint with a limit; 16.0 addon gets search_read', async () => {
  const findings = (await lintFixture(DIR, ['OP111'])).flatMap((r) => r.findings);
  const byLine = new Map(findings.map((f) => [f.range.start.line + 1, f]));
  assert.equal(byLine.get(21)!.severity, 'information');
  assert.equal(byLine.get(28)!.severity, 'hint', 'limit=5');
  assert.equal(
    byLine.get(21)!.message,
    "search() whose records are only used to read fields 'name', 'plate': 2 queries (the search, then a fetch of every prefetched column) where 1 does. search_read(domain, ['name', 'plate']) does it in 1 query (it returns dicts: read rec['field']).",
  );
  assert.match(byLine.get(28)!.message, /read\(\)/);
});

test('OP111 advice follows the Odoo version', () => {
  assert.match(searchThenReadAdvice(['name'], false, 17), /^search_fetch\(domain, \['name'\]\)/);
  assert.match(searchThenReadAdvice(['name'], false, 16), /^search_read\(domain, \['name'\]\)/);
  assert.match(searchThenReadAdvice(['name'], false, undefined), /search_fetch.*17\+.*search_read/);
  assert.match(searchThenReadAdvice(['a', 'b'], true, 17), /^search_read\(domain, \['a', 'b'\]\)/, 'read() returns dicts: search_read is the twin');
});
