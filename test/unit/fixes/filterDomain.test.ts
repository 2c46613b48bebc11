// OP109 fix: the filtered() condition moves into the literal search domain, only where the domain
// selects exactly what the Python filter kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applied, lintText } from './helpers';

const MODEL = `from odoo import fields, models


class Parcel(models.Model):
    _name = 'fix.parcel'
    _description = 'Parcel'

    name = fields.Char()
    ref = fields.Char()
    state = fields.Selection([('new', 'New'), ('sent', 'Sent'), ('lost', 'Lost')])
    carrier_id = fields.Many2one('fix.carrier')
    fragile = fields.Boolean()
    weight = fields.Float()
    qty = fields.Integer()
    line_ids = fields.One2many('fix.parcel', 'carrier_id')

    def pick(self, carrier, wanted):
__BODY__


class Carrier(models.Model):
    _name = 'fix.carrier'
    _description = 'Carrier'

    code = fields.Char()
`;

const wrap = (body: string) => MODEL.replace('__BODY__', body);

async function fixed(body: string) {
  const r = await lintText(wrap(body), '17.0.1.0.0', 'OP109');
  assert.equal(r.findings.length, 1, body);
  const fix = r.fixes(r.findings[0]).find((f) => !f.title.startsWith('Ignore'));
  return { fix, out: fix ? applied(r.source, fix, r.file) : undefined };
}

test('== on a Selection joins the literal domain; filtered() is gone', async () => {
  const { fix, out } = await fixed("        return self.search([('carrier_id', '=', carrier.id)]).filtered(lambda p: p.state == 'sent')");
  assert.equal(fix?.safe, true);
  assert.equal(fix?.title, "Move the filter into the search domain: ('state', '=', 'sent')");
  assert.equal(out, wrap("        return self.search([('carrier_id', '=', carrier.id), ('state', '=', 'sent')])"));
});

test('an and of in / not on a Boolean; an empty domain', async () => {
  const { out } = await fixed("        return self.search([]).filtered(lambda p: p.state in ('lost', 'new') and not p.fragile)");
  assert.equal(out, wrap("        return self.search([('state', 'in', ('lost', 'new')), ('fragile', '=', False)])"));
});

test('a one-per-line domain gets a line of its own; double quotes kept', async () => {
  const body = [
    '        return self.search([',
    '            ("carrier_id", "=", carrier.id),',
    '            ("qty", ">", 1),',
    '        ]).filtered(lambda p: p.carrier_id)',
  ].join('\n');
  const { out } = await fixed(body);
  assert.equal(out, wrap([
    '        return self.search([',
    '            ("carrier_id", "=", carrier.id),',
    '            ("qty", ">", 1),',
    '            ("carrier_id", "!=", False),',
    '        ])',
  ].join('\n')));
});

test('string form, a Many2one path, a Selection against a name', async () => {
  assert.equal((await fixed("        return self.search([('qty', '>', 1)]).filtered('fragile')")).out, wrap("        return self.search([('qty', '>', 1), ('fragile', '=', True)])"));
  assert.equal((await fixed("        return self.search([]).filtered(lambda p: p.carrier_id.code == 'IT')")).out, wrap("        return self.search([('carrier_id.code', '=', 'IT')])"));
  assert.equal((await fixed("        return self.search([]).filtered(lambda p: p.state != wanted)")).out, wrap("        return self.search([('state', '!=', wanted)])"));
});

test('no fix where the domain would select other records', async () => {
  const cases = [
    // Char truthiness: '' is falsy but not NULL
    "        return self.search([]).filtered(lambda p: p.name)",
    // Integer 0: Python reads NULL as 0
    "        return self.search([]).filtered(lambda p: p.qty == 0)",
    // a Char against a name that may hold ''
    "        return self.search([]).filtered(lambda p: p.ref == wanted)",
    // relational equality (record vs id)
    "        return self.search([]).filtered(lambda p: p.carrier_id == carrier)",
    // negative operator through a Many2one path
    "        return self.search([]).filtered(lambda p: p.carrier_id.code != 'IT')",
    // the domain is not a list literal
    "        return self.search(wanted).filtered(lambda p: p.state == 'sent')",
    // a computed value
    "        return self.search([]).filtered(lambda p: p.state == carrier.get_state())",
  ];
  for (const c of cases) {
    const r = await lintText(wrap(c), '17.0.1.0.0', 'OP109');
    assert.ok(r.findings.length, `the rule reports: ${c}`);
    const fixes = r.findings.flatMap((f) => r.fixes(f)).filter((f) => !f.title.startsWith('Ignore'));
    assert.deepEqual(fixes.map((f) => f.title), [], c);
  }
});
