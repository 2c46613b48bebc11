import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op1xx_small_receivers');
const LOOP_RULES = ['OP101', 'OP102', 'OP103', 'OP104', 'OP105', 'OP106'];
const file = (...p: string[]) => path.join('fiscal_small', ...p);

async function actual(rel: string): Promise<{ actual: string[]; expected: string[]; messages: string[] }> {
  const results = await lintFixture(DIR, LOOP_RULES);
  const r = results.find((x) => x.file === rel)!;
  return { actual: r.actual, expected: r.expected, messages: r.findings.map((f) => f.message) };
}

test('every fixture file: findings exactly on the # expect lines', async () => {
  const results = await lintFixture(DIR, LOOP_RULES);
  assert.ok(results.length >= 5);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
});

test('@api.onchange: `for rec in self` is the one form record; a compute over self still reports', async () => {
  const { actual: got, messages } = await actual(file('models', 'product.py'));
  assert.ok(!got.includes('15:OP101'), 'onchange loop is quiet');
  assert.ok(got.includes('21:OP101'));
  assert.match(messages[got.indexOf('21:OP101')]!, /search_count\(\) inside a loop over 'self'/);
});

test('browse(one id) is one record; browse(ids) is still a loop over records', async () => {
  const { actual: got, messages } = await actual(file('models', 'product.py'));
  assert.ok(!got.includes('25:OP101') && !got.includes('28:OP101'));
  const i = got.indexOf('30:OP101');
  assert.ok(i >= 0);
  assert.match(messages[i]!, /^exists\(\) inside a loop over 'self\.env\["product\.product"\]\.browse\(reco…'/);
});

test("str.split('.') parts and the leaves of a domain are a handful; lines of a file are not", async () => {
  const { actual: got } = await actual(file('models', 'product.py'));
  assert.ok(!got.some((g) => /^(36|37|48):/.test(g)), got.join(' '));
  assert.ok(got.includes('43:OP101'));
});

test('companies are few: res.company search, env.companies, mapped(company_id), self of res.company', async () => {
  const { actual: got } = await actual(file('models', 'company.py'));
  assert.deepEqual(got, ['28:OP101']);
});

test('nodes of a view arch in get_view are a handful; xpath over an imported document is data-sized', async () => {
  const { actual: got } = await actual(file('models', 'view_tools.py'));
  assert.deepEqual(got, ['23:OP101']);
});

test('TransientModel: a public button method loops over the one wizard; active_ids, private helpers and line computes still report', async () => {
  const { actual: got } = await actual(file('wizard', 'invalidate.py'));
  assert.deepEqual(got, ['20:OP103', '25:OP101', '40:OP101', '45:OP101']);
});

test('TransientModel lines (a Many2one to a wizard of the file or named like one) are many records', async () => {
  const { actual: got } = await actual(file('wizard', 'asset_report.py'));
  assert.deepEqual(got, ['27:OP103']);
});
