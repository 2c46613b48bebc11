import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op401_sql');

test("OP401 fixture op401_sql: findings exactly on the '# expect: OP401' lines", async () => {
  const results = await lintFixture(DIR, ['OP401']);
  assert.ok(results.length >= 4);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  assert.equal(results.flatMap((r) => r.expected).length, 13);
});

test('OP401 message names the interpolation, the value and the version-aware fix', async () => {
  const results = await lintFixture(DIR, ['OP401']);
  const all = results.find((r) => r.file.endsWith('sale_order.py'))!.findings;
  const f = all.find((x) => x.range.start.line === 13)!;
  assert.equal(
    f.message,
    'SQL injection risk: the query passed to self.env.cr.execute is built with % formatting of `name`, which is not a constant: ' +
      'text pasted into a query is not escaped. Pass values as parameters (cr.execute(query, params)) and compose identifiers with ' +
      'odoo.tools.SQL (or psycopg2.sql).',
  );
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.range, { start: { line: 13, character: 8 }, end: { line: 13, character: 27 } });
  assert.match(all.find((x) => x.range.start.line === 17)!.message, /built with str\.format\(\) of `name`/);
  assert.match(all.find((x) => x.range.start.line === 20)!.message, /built with an f-string of `name`/);
  assert.match(all.find((x) => x.range.start.line === 23)!.message, /built with \+ concatenation of `name`/);
});

test('OP401 through a local variable points at where the query text was built', async () => {
  const results = await lintFixture(DIR, ['OP401']);
  const all = results.find((r) => r.file.endsWith('sale_order.py'))!.findings;
  const viaVar = all.find((x) => x.range.start.line === 27)!;
  assert.match(viaVar.message, /^SQL injection risk: the query `query` passed to self\.env\.cr\.execute is built with % formatting of `name`/);
  assert.equal(viaVar.related?.[0].range.start.line, 26);
  assert.equal(viaVar.related?.[0].message, 'query text built here with % formatting');
  const appended = all.find((x) => x.range.start.line === 32)!;
  assert.match(appended.message, /built with \+ concatenation of `domain_sql`/);
  assert.equal(appended.related?.[0].range.start.line, 31);
});
