// OP101 fix: a per-record count/sum in a loop becomes one grouped query before the loop, in the
// API of the addon's Odoo version (17+: _read_group tuples keyed by record; <=16: read_group dicts),
// read through `_origin` so that new records (NewId, in a form's onchange) find their origin's count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applied, lintText } from './helpers';

const LINE_MODEL = `

class ShopLine(models.Model):
    _name = 'fix.shop.line'
    _description = 'Line'

    shop_id = fields.Many2one('fix.shop', required=True, index=True)
    state = fields.Selection([('draft', 'Draft'), ('cancel', 'Cancelled')], index=True)
    amount = fields.Float()
    note = fields.Char(compute='_compute_note')
`;

const wrap = (body: string) => `from odoo import api, fields, models


class Shop(models.Model):
    _name = 'fix.shop'
    _description = 'Shop'

    line_count = fields.Integer(compute='_compute_stats')
    total = fields.Float(compute='_compute_stats')

    def _compute_stats(self):
${body}
${LINE_MODEL}`;

async function fixed(body: string, version: string | undefined) {
  const r = await lintText(wrap(body), version, 'OP101');
  assert.equal(r.findings.length, 1, JSON.stringify(r.findings.map((f) => f.message)));
  const fix = r.fixes(r.findings[0]).find((f) => !f.title.startsWith('Ignore'));
  if (!fix) return { fix, body: undefined };
  const out = applied(r.source, fix, r.file);
  return { fix, body: out.slice(out.indexOf('(self):\n') + 8, out.indexOf('\n\n\nclass ShopLine')) };
}

const COUNT = [
  '        for shop in self:',
  "            shop.line_count = self.env['fix.shop.line'].search_count([('shop_id', '=', shop.id), ('state', '!=', 'cancel')])",
].join('\n');

test('search_count on 17: _read_group with __count, keyed by record, extra terms kept', async () => {
  const { fix, body } = await fixed(COUNT, '17.0.1.0.0');
  assert.equal(fix?.title, 'Count with one _read_group before the loop');
  assert.equal(fix?.safe, true);
  assert.equal(fix?.preferred, true);
  assert.equal(body, [
    "        count_by_shop = dict(self.env['fix.shop.line']._read_group([('shop_id', 'in', self.ids), ('state', '!=', 'cancel')], ['shop_id'], ['__count']))",
    '        for shop in self:',
    '            shop.line_count = count_by_shop.get(shop._origin, 0)',
  ].join('\n'));
});

for (const v of ['18.0.1.0.0', '19.0.1.0.0']) {
  test(`same output on ${v.slice(0, 2)}`, async () => {
    const { body } = await fixed(COUNT, v);
    assert.ok(body?.startsWith("        count_by_shop = dict(self.env['fix.shop.line']._read_group("), body);
  });
}

test('search_count on 16: read_group lazy=False, dict keyed by id', async () => {
  const { fix, body } = await fixed(COUNT, '16.0.1.0.0');
  assert.equal(fix?.title, 'Count with one read_group before the loop');
  assert.equal(body, [
    "        count_by_shop = {g['shop_id'][0]: g['__count'] for g in self.env['fix.shop.line'].read_group([('shop_id', 'in', self.ids), ('state', '!=', 'cancel')], ['shop_id'], ['shop_id'], lazy=False)}",
    '        for shop in self:',
    '            shop.line_count = count_by_shop.get(shop._origin.id, 0)',
  ].join('\n'));
});

const SUM = [
  '        for shop in self:',
  "            shop.total = sum(self.env['fix.shop.line'].search([('shop_id', '=', shop.id)]).mapped('amount'))",
].join('\n');

test('sum of mapped on 17 and on 16', async () => {
  assert.equal((await fixed(SUM, '17.0.1.0.0')).body, [
    "        amount_by_shop = dict(self.env['fix.shop.line']._read_group([('shop_id', 'in', self.ids)], ['shop_id'], ['amount:sum']))",
    '        for shop in self:',
    '            shop.total = amount_by_shop.get(shop._origin, 0)',
  ].join('\n'));
  assert.equal((await fixed(SUM, '16.0.1.0.0')).body, [
    "        amount_by_shop = {g['shop_id'][0]: g['amount'] for g in self.env['fix.shop.line'].read_group([('shop_id', 'in', self.ids)], ['shop_id', 'amount:sum'], ['shop_id'], lazy=False)}",
    '        for shop in self:',
    '            shop.total = amount_by_shop.get(shop._origin.id, 0)',
  ].join('\n'));
});

test('len(search(...)) with double quotes', async () => {
  const body = ['        for shop in self:', '            shop.line_count = len(self.env["fix.shop.line"].search([("shop_id", "=", shop.id)]))'].join('\n');
  assert.equal((await fixed(body, '17.0.1.0.0')).body, [
    '        count_by_shop = dict(self.env["fix.shop.line"]._read_group([("shop_id", "in", self.ids)], ["shop_id"], ["__count"]))',
    '        for shop in self:',
    '            shop.line_count = count_by_shop.get(shop._origin, 0)',
  ].join('\n'));
});

test('no rewrite when not certain', async () => {
  const cases = [
    // another domain term depends on the loop
    ['        for shop in self:', "            shop.line_count = self.env['fix.shop.line'].search_count([('shop_id', '=', shop.id), ('amount', '>', shop.total)])"],
    // the loop writes records (the counts may change while it runs)
    ['        for shop in self:', "            self.env['fix.shop.line'].create({'shop_id': shop.id})", "            shop.line_count = self.env['fix.shop.line'].search_count([('shop_id', '=', shop.id)])"],
    // summing a non-stored field: read_group cannot aggregate it
    ['        for shop in self:', "            shop.total = sum(self.env['fix.shop.line'].search([('shop_id', '=', shop.id)]).mapped('note'))"],
    // a limit changes what is counted
    ['        for shop in self:', "            shop.line_count = len(self.env['fix.shop.line'].search([('shop_id', '=', shop.id)], limit=5))"],
    // iterating a query result: evaluating it a second time for .ids would repeat the query
    ['        for shop in self.search([]):', "            shop.line_count = self.env['fix.shop.line'].search_count([('shop_id', '=', shop.id)])"],
  ];
  for (const c of cases) assert.equal((await fixed(c.join('\n'), '17.0.1.0.0')).body, undefined, c.join('\n'));
});

test('unknown Odoo version: no rewrite (the API differs)', async () => {
  assert.equal((await fixed(COUNT, undefined)).body, undefined);
});

test('before 13 (no _origin yet): the lookup is by id', async () => {
  const { body } = await fixed(COUNT, '12.0.1.0.0');
  assert.ok(body?.endsWith('            shop.line_count = count_by_shop.get(shop.id, 0)'), body);
});

test('before 12 a sum is not rewritten (no `field:sum` in read_group yet); a count still is', async () => {
  assert.equal((await fixed(SUM, '11.0.1.0.0')).body, undefined);
  assert.equal((await fixed(SUM, '12.0.1.0.0')).body, [
    "        amount_by_shop = {g['shop_id'][0]: g['amount'] for g in self.env['fix.shop.line'].read_group([('shop_id', 'in', self.ids)], ['shop_id', 'amount:sum'], ['shop_id'], lazy=False)}",
    '        for shop in self:',
    '            shop.total = amount_by_shop.get(shop.id, 0)',
  ].join('\n'));
  const { body } = await fixed(COUNT, '11.0.1.0.0');
  assert.ok(body?.endsWith('            shop.line_count = count_by_shop.get(shop.id, 0)'), body);
});
