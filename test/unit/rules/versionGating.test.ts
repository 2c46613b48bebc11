// Version gating across rules: the _read_group tuple API is Odoo 17+. Three copies of the same addon
// (manifest 16.0, 17.0, no version): ≤16 gets read_group(..., lazy=False), 17+ gets _read_group,
// unknown gets _read_group marked "(Odoo 17+)". (search_fetch: searchThenRead.test.ts; trigram:
// trigramCandidate.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';
import { advice } from '../../../server/src/rules/searchInLoop';

const DIR = path.join(FIXTURES, 'op1xx_versions');

async function messages(addon: string, code: string): Promise<string[]> {
  const results = await lintFixture(DIR, ['OP101', 'OP107']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  return results.filter((r) => r.file.startsWith(addon + path.sep)).flatMap((r) => r.findings).filter((f) => f.code === code).map((f) => f.message);
}

test('OP101 advice: read_group(lazy=False) on 16, _read_group on 17, marked (Odoo 17+) when unknown', async () => {
  const [v16] = await messages('kiosk_v16', 'OP101');
  const [v17] = await messages('kiosk_v17', 'OP101');
  const [none] = await messages('kiosk_vnone', 'OP101');
  assert.match(v16!, /e\.g\. with read_group\(\.\.\., lazy=False\) grouped by kiosk_id\.$/);
  assert.doesNotMatch(v16!, /_read_group/);
  assert.match(v17!, /e\.g\. with _read_group grouped by kiosk_id\.$/);
  assert.doesNotMatch(v17!, /17\+/);
  assert.match(none!, /e\.g\. with _read_group \(Odoo 17\+; before, read_group\(\.\.\., lazy=False\)\) grouped by kiosk_id\.$/);
});

test('OP107 proposal: read_group(..., lazy=False) dicts on 16, _read_group tuples on 17, (Odoo 17+) when unknown', async () => {
  const [v16] = await messages('kiosk_v16', 'OP107');
  const [v17] = await messages('kiosk_v17', 'OP107');
  const [none] = await messages('kiosk_vnone', 'OP107');
  assert.match(v16!, /One self\.env\['kiosk\.ticket\.v16'\]\.read_group\(\[\('kiosk_id', 'in', self\.ids\)\], \['minutes:sum'\], \['kiosk_id'\], lazy=False\) is 1 query/);
  assert.match(v17!, /One self\.env\['kiosk\.ticket\.v17'\]\._read_group\(\[\('kiosk_id', 'in', self\.ids\)\], \['kiosk_id'\], \['minutes:sum'\]\) is 1 query/);
  assert.match(none!, /\._read_group\(\[\('kiosk_id', 'in', self\.ids\)\], \['kiosk_id'\], \['minutes:sum'\]\) \(Odoo 17\+\) is 1 query/);
});

test('advice() for counts and searches by version', () => {
  assert.equal(advice('search_count', 'x_id', 15), 'Count once before the loop, e.g. with read_group(..., lazy=False) grouped by x_id.');
  assert.equal(advice('search_count', 'x_id', 18), 'Count once before the loop, e.g. with _read_group grouped by x_id.');
  assert.match(advice('search', 'x_id', undefined), /or use _read_group \(Odoo 17\+; before, read_group\(\.\.\., lazy=False\)\)\)\.$/);
});
