// OP101/OP103 one level down into ANOTHER model's method: the receiver's model is known from the
// workspace (a relational field's comodel, self.env['x.y'], a name bound to it), the method is
// defined for that model by an addon the caller depends on, and its body queries on every call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op1xx_cross_model');
const CODES = ['OP101', 'OP103', 'OP104'];
const ORDER = path.join('shop_sale', 'models', 'shop_order.py');

test("cross-model chains: findings exactly on the '# expect:' lines, lookalikes quiet", async () => {
  const results = await lintFixture(DIR, CODES);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  const order = results.find((r) => r.file === ORDER)!;
  // written out by hand: the field chain, the create, a get-or-create (search only), the env
  // receiver, the bound name
  assert.deepEqual(order.actual, ['22:OP101', '26:OP103', '28:OP101', '33:OP101', '34:OP101']);
});

test('cross-model OP101 message names the chain with the inner receiver; related info in the other addon', async () => {
  const results = await lintFixture(DIR, CODES);
  const f = results.find((r) => r.file === ORDER)!.findings.find((x) => x.range.start.line === 21)!;
  assert.equal(
    f.message,
    `line.tax_ids.account_taxes() → self.env["account.tax"].search() inside a loop over 'self': 1 query per iteration (~100 queries for 100 records). ` +
      'ShopTax.account_taxes() queries on every call: make it work on the whole recordset and call it once outside the loop. ' +
      "Query once before the loop with an 'in' domain and group the result in Python.",
  );
  assert.equal(f.related!.length, 1);
  assert.equal(f.related![0]!.file, path.join(DIR, 'shop_tax', 'models', 'shop_tax.py'));
  assert.equal(f.related![0]!.range.start.line, 14);
  assert.equal(f.related![0]!.message, 'search() in ShopTax.account_taxes(), run on every call');
});

test('cross-model OP103 names the create of the other model', async () => {
  const results = await lintFixture(DIR, CODES);
  const f = results.find((r) => r.file === ORDER)!.findings.find((x) => x.code === 'OP103')!;
  assert.match(f.message, /^line\.tax_ids\[:1\]\._ensure_account_tax\(\) → self\.env\["account\.tax"\]\.create\(\) inside a loop over 'self': 1 INSERT per iteration/);
});
