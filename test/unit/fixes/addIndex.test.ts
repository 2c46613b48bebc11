// OP201 fix: index= inserted into the field call, layout kept; the value depends on the version.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applied, lintText, titles } from './helpers';

const model = (fields: string) => `from odoo import fields, models


class Shop(models.Model):
    _name = 'shop.order'
    _description = 'Shop order'

${fields}

    def _open(self, partner):
        return self.search([('customer_id', '=', partner.id), ('code', '=', 'A'), ('when', '=', False)])
`;

async function fixOf(fields: string, version: string | undefined, pick = 0) {
  const r = await lintText(model(fields), version, 'OP201');
  assert.equal(r.findings.length, 1, JSON.stringify(r.findings.map((f) => f.message)));
  const fixes = r.fixes(r.findings[0]);
  return { fixes, out: applied(r.source, fixes[pick], r.file), fields: (t: string) => t.slice(t.indexOf('\n\n', t.indexOf('_description')) + 2, t.indexOf('\n\n    def')) };
}

test('one-line Many2one on 17: btree_not_null preferred, True second, ignore last', async () => {
  const { fixes, out, fields } = await fixOf("    customer_id = fields.Many2one('res.partner', string='Customer')", '17.0.1.0.0');
  assert.deepEqual(titles(fixes), ["Add index='btree_not_null' (skips empty values)", 'Add index=True (btree)', 'Ignore OP201 on this line']);
  assert.equal(fixes[0].preferred, true);
  assert.equal(fixes[1].preferred, false);
  assert.equal(fixes[2].safe, false);
  assert.equal(fields(out), "    customer_id = fields.Many2one('res.partner', string='Customer', index='btree_not_null')");
});

for (const version of ['16.0.1.0.0', '18.0.1.0.0', '19.0.1.0.0']) {
  test(`btree_not_null is offered on ${version.slice(0, 2)} too`, async () => {
    const { out, fields } = await fixOf("    customer_id = fields.Many2one('res.partner')", version);
    assert.equal(fields(out), "    customer_id = fields.Many2one('res.partner', index='btree_not_null')");
  });
}

test('on 15 only index=True', async () => {
  const { fixes, out, fields } = await fixOf("    customer_id = fields.Many2one('res.partner')", '15.0.1.0.0');
  assert.deepEqual(titles(fixes), ['Add index=True', 'Ignore OP201 on this line']);
  assert.equal(fields(out), "    customer_id = fields.Many2one('res.partner', index=True)");
});

test('unknown version: index=True and the title says why', async () => {
  const { fixes } = await fixOf("    customer_id = fields.Many2one('res.partner')", undefined);
  assert.equal(fixes[0].title, 'Add index=True (Odoo version unknown: a plain btree)');
});

test('a required Many2one gets index=True (no NULLs to skip)', async () => {
  const { fixes, out, fields } = await fixOf("    customer_id = fields.Many2one('res.partner', required=True)", '17.0.1.0.0');
  assert.deepEqual(titles(fixes), ['Add index=True', 'Ignore OP201 on this line']);
  assert.equal(fields(out), "    customer_id = fields.Many2one('res.partner', required=True, index=True)");
});

test('double quotes of the call are kept', async () => {
  const { out, fields } = await fixOf('    customer_id = fields.Many2one("res.partner")', '17.0.1.0.0');
  assert.equal(fields(out), '    customer_id = fields.Many2one("res.partner", index="btree_not_null")');
});

test('empty call and a Char', async () => {
  const { out, fields } = await fixOf('    code = fields.Char()', '17.0.1.0.0');
  assert.equal(fields(out), '    code = fields.Char(index=True)');
});

test('one argument per line with a trailing comma: a new line in the same style', async () => {
  const src = ['    customer_id = fields.Many2one(', "        'res.partner',", "        string='Customer',  # who pays", '    )'].join('\n');
  const { out, fields } = await fixOf(src, '17.0.1.0.0', 1);
  assert.equal(fields(out), ['    customer_id = fields.Many2one(', "        'res.partner',", "        string='Customer',  # who pays", '        index=True,', '    )'].join('\n'));
});

test('one argument per line without a trailing comma: none added at the end', async () => {
  const src = ['    when = fields.Datetime(', "        string='When'", '    )'].join('\n');
  const { out, fields } = await fixOf(src, '16.0.1.0.0');
  assert.equal(fields(out), ['    when = fields.Datetime(', "        string='When',", '        index=True', '    )'].join('\n'));
});

test('hanging arguments closed on the last line: appended inline', async () => {
  const src = ['    when = fields.Datetime(string="When",', '                           copy=False)'].join('\n');
  const { out, fields } = await fixOf(src, '17.0.1.0.0');
  assert.equal(fields(out), ['    when = fields.Datetime(string="When",', '                           copy=False, index=True)'].join('\n'));
});

test('one line with a trailing comma', async () => {
  const { out, fields } = await fixOf("    when = fields.Datetime('When',)", '17.0.1.0.0');
  assert.equal(fields(out), "    when = fields.Datetime('When', index=True,)");
});

const ILIKE = `from odoo import fields, models


class Shop(models.Model):
    _name = 'shop.order'
    _description = 'Shop order'

    code = fields.Char(string="Code")

    def _find(self, q):
        return self.search([('code', 'ilike', q)])
`;

test("OP202 ilike-only Char on 17: index='trigram' in the call's quotes", async () => {
  const r = await lintText(ILIKE, '17.0.1.0.0', 'OP202');
  assert.equal(r.findings.length, 1);
  const fixes = r.fixes(r.findings[0]);
  assert.deepEqual(titles(fixes), ['Add index="trigram" (serves ilike searches)', 'Ignore OP202 on this line']);
  assert.equal(fixes[0].safe, true);
  assert.ok(applied(r.source, fixes[0], r.file).includes('    code = fields.Char(string="Code", index="trigram")\n'));
});

test('OP202 on 15 or an unknown version: no trigram fix (index= takes booleans only)', async () => {
  for (const v of ['15.0.1.0.0', undefined]) {
    const r = await lintText(ILIKE, v, 'OP202');
    for (const f of r.findings) assert.deepEqual(titles(r.fixes(f)), ['Ignore OP202 on this line']);
  }
});
