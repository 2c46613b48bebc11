import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';
import { scanWorkspace } from '../../../server/src/odoo/index';

test('OP201 fixtures: true problems are found, nothing else', async () => {
  for (const name of ['op201_basic', 'op201_lookalikes']) {
    for (const r of await lintFixture(path.join(FIXTURES, name), ['OP201'])) {
      assert.deepEqual(r.actual, r.expected, `${name}/${r.file}`);
    }
  }
});

test('OP201 severities, messages and evidence', async () => {
  const results = await lintFixture(path.join(FIXTURES, 'op201_basic'), ['OP201']);
  const shop = results.find((r) => r.file.endsWith('shop.py'))!;
  const byField = new Map(shop.findings.map((f) => [/Field '(\w+)'/.exec(f.message)![1], f]));
  const orderId = byField.get('order_id')!;
  assert.equal(orderId.severity, 'warning');
  assert.match(orderId.message, /inverse of One2many 'shop\.order\.line_ids'/);
  assert.match(orderId.message, /shop_order_line table/);
  assert.deepEqual(orderId.related?.map((r) => r.message), ['One2many shop.order.line_ids in shop/models/shop.py']);
  const channel = byField.get('channel')!;
  assert.equal(channel.severity, 'warning');
  assert.match(channel.message, /record rule/);
  assert.deepEqual(channel.related?.map((r) => [r.message, r.range.start.line]), [['record rule in shop/security/ir_rule.xml', 5]]);
  assert.equal(byField.get('qty')!.severity, 'warning');
  assert.equal(byField.get('state')!.severity, 'information', 'Selection: low cardinality');
  assert.equal(byField.get('ordered_at')!.severity, 'information', 'only _order and a search filter');
  // searched only with ilike: a btree would not serve it, OP202 trigram-candidate reports it instead
  assert.equal(byField.get('external_code'), undefined);
  const customer = byField.get('customer_id')!;
  assert.equal(customer.severity, 'warning');
  assert.ok(customer.related!.some((r) => r.message === 'searched in shop/models/shop.py' && r.range.start.line === 24));
  const partner = results.find((r) => r.file.endsWith('partner.py'))!;
  assert.equal(partner.findings[0].severity, 'information', 'extension of a model defined outside the workspace');
});

test('OP201 lookalikes are quiet because of their guard, not for lack of evidence', async () => {
  const ws = await scanWorkspace({ roots: [path.join(FIXTURES, 'op201_lookalikes')], addonsPaths: [] });
  assert.equal(ws.queryUses('lab.wizard', 'sample_code').length, 1);
  assert.equal(ws.queryUses('lab.mixin', 'ref').length, 1);
  assert.equal(ws.queryUses('lab.report', 'sample_id').length, 1);
  assert.equal(ws.queryUses('lab.sample', 'batch').length, 1);
  assert.equal(ws.queryUses('lab.sample', 'label').length, 1);
  assert.equal(ws.queryUses('lab.sample', 'legacy_ref').length, 1);
  for (const f of ['origin', 'status', 'kind', 'code']) assert.deepEqual(ws.queryUses('lab.sample', f), [], f);
});

test('OP201: one domain on a table with no sign of growth is information; a chattered document keeps the warning', async () => {
  const results = await lintFixture(path.join(FIXTURES, 'op201_growth'), ['OP201']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  const result = results.find((r) => r.file.endsWith('dispatch.py'))!;
  const severity = (field: string) => result.findings.find((f) => f.message.includes(`Field '${field}'`))?.severity;
  assert.equal(severity('code'), 'information');
  assert.equal(severity('plate'), 'warning');
});
