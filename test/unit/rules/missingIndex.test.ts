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
  assert.ok(customer.related!.some((r) => r.message === 'searched in shop/models/shop.py' && r.range.start.line === 25));
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

test('OP201: configuration tables are information, growing tables keep the warning', async () => {
  const results = await lintFixture(path.join(FIXTURES, 'op201_config'), ['OP201']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  const all = results.flatMap((r) => r.findings);
  const find = (model: string, field: string) => {
    const f = all.find((x) => x.message.startsWith(`Field '${field}'`) && x.message.includes(model.replace(/\./g, '_')));
    assert.ok(f, `${model}.${field} reported`);
    return f;
  };
  const growthNote = /Nothing shows that [\w.]+ grows with business data \(no chatter, not created by code, not a line of a business document\); index it if it does\./;
  // (b) two domains on a configuration table
  const code = find('bank.layout', 'code');
  assert.equal(code.severity, 'information');
  assert.match(code.message, /filtered on by 2 domains/);
  assert.match(code.message, growthNote);
  // (a) the inverse of a One2many of a configuration parent
  const layoutLine = find('bank.layout.line', 'layout_id');
  assert.equal(layoutLine.severity, 'information');
  assert.match(layoutLine.message, /inverse of One2many 'bank\.layout\.line_ids'/);
  assert.match(layoutLine.message, /Nothing shows that bank\.layout\.line grows/);
  // (c) created by code in a model method: a log that grows, even under a configuration parent
  const log = find('bank.layout.log', 'layout_id');
  assert.equal(log.severity, 'warning');
  assert.doesNotMatch(log.message, /Nothing shows/);
  // an install hook's create is not a growth signal
  assert.equal(find('bank.layout.template.field', 'template_id').severity, 'information');
  // an optional link to res.partner is not a partner's line
  assert.equal(find('bank.backend', 'partner_id').severity, 'information');
  // lines (and lines of lines) of a business document with a chatter
  assert.equal(find('bank.statement.import.line', 'import_id').severity, 'warning');
  assert.equal(find('bank.statement.import.detail', 'line_id').severity, 'warning');
});

test('OP201: a leaf ANDed with id = or an indexed selective equality is no evidence; optional, OR and Selection partners are', async () => {
  const results = await lintFixture(path.join(FIXTURES, 'op201_config'), ['OP201']);
  const tracking = results.find((r) => r.file.endsWith('tracking.py'))!;
  // token (with id =) and url (with an indexed Many2one =) are quiet; label (indexed Selection
  // beside it), code (id filter appended under an if) and ref (an OR) are reported.
  assert.deepEqual(tracking.actual, tracking.expected);
  assert.deepEqual(tracking.findings.map((f) => /^Field '(\w+)'/.exec(f.message)?.[1]), ['label', 'code', 'ref']);
  assert.ok(tracking.findings.every((f) => f.severity === 'warning'));
});

test('OP201: createdIn records .create() calls outside hooks, for the growth signal', async () => {
  const ws = await scanWorkspace({ roots: [path.join(FIXTURES, 'op201_config')], addonsPaths: [] });
  assert.equal(ws.createdIn!('bank.layout.log').length, 1);
  assert.deepEqual(ws.createdIn!('bank.layout.template.field'), [], 'hooks.py runs once');
  assert.deepEqual(ws.createdIn!('bank.layout'), []);
  assert.equal(ws.createdIn!('bank.backend.event').length, 1, 'a method named _run_hook is no install hook');
  assert.ok(ws.ancestorsOf!('bank.statement.import').includes('mail.thread'));
});

test('OP201: growth through a cycle of cascade links does not depend on which field is judged first', async () => {
  const results = await lintFixture(path.join(FIXTURES, 'op201_cycle'), ['OP201']);
  const cycle = results.find((r) => r.file.endsWith('cycle.py'))!;
  assert.deepEqual(cycle.actual, cycle.expected);
  const severity = (field: string) => cycle.findings.find((f) => f.message.startsWith(`Field '${field}'`))?.severity;
  // X is a line of Z (chatter); Y is a line of X. X is judged first and asks about Y on the way.
  assert.equal(severity('ref'), 'warning');
  assert.equal(severity('code'), 'warning');
});
