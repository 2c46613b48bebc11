// OP112 fix: a single-dict create override becomes @api.model_create_multi over vals_list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applied, lintText } from './helpers';

const wrap = (method: string) => `from odoo import api, fields, models


class Book(models.Model):
    _name = 'fix.book'
    _description = 'Book'

    name = fields.Char()
    isbn = fields.Char()

${method}
`;

async function fixed(method: string, version = '17.0.1.0.0') {
  const r = await lintText(wrap(method), version, 'OP112');
  assert.equal(r.findings.length, 1, method);
  const fix = r.fixes(r.findings[0]).find((f) => !f.title.startsWith('Ignore'));
  return { fix, out: fix ? applied(r.source, fix, r.file) : undefined };
}

const BEFORE = [
  '    @api.model',
  '    def create(self, vals):',
  '        """Default the ISBN."""',
  "        if not vals.get('isbn'):",
  "            # numbered by the sequence",
  "            vals['isbn'] = self.env['ir.sequence'].next_by_code('fix.book')",
  '',
  "        vals.setdefault('name', 'Untitled')",
  '        return super().create(vals)',
].join('\n');

const AFTER = [
  '    @api.model_create_multi',
  '    def create(self, vals_list):',
  '        """Default the ISBN."""',
  '        for vals in vals_list:',
  "            if not vals.get('isbn'):",
  "                # numbered by the sequence",
  "                vals['isbn'] = self.env['ir.sequence'].next_by_code('fix.book')",
  '',
  "            vals.setdefault('name', 'Untitled')",
  '        return super().create(vals_list)',
].join('\n');

test('@api.model create(vals) -> model_create_multi loop, the same on 16 to 19', async () => {
  for (const v of ['16.0.1.0.0', '17.0.1.0.0', '18.0.1.0.0', '19.0.1.0.0']) {
    const { fix, out } = await fixed(BEFORE, v);
    assert.equal(out, wrap(AFTER), v);
    // a sequence call per dict: fine to review, not applied blindly
    assert.equal(fix?.safe, false);
    assert.equal(fix?.preferred, true);
  }
});

test('undecorated override using vals as a dict; only dict work: safe', async () => {
  const before = [
    '    def create(self, vals):',
    "        vals['name'] = vals.get('name', '').strip()",
    '        return super(Book, self).create(vals)',
  ].join('\n');
  const { fix, out } = await fixed(before);
  assert.equal(fix?.safe, true);
  assert.equal(out, wrap([
    '    @api.model_create_multi',
    '    def create(self, vals_list):',
    '        for vals in vals_list:',
    "            vals['name'] = vals.get('name', '').strip()",
    '        return super(Book, self).create(vals_list)',
  ].join('\n')));
});

test('no fix where a loop over vals_list would not be the same method', async () => {
  const cases = [
    // the created record is used after super()
    ['    @api.model', '    def create(self, vals):', '        record = super().create(vals)', '        record.name = record.name or "x"', '        return record'],
    // vals is rebound: the list would keep the old dicts
    ['    @api.model', '    def create(self, vals):', "        vals = dict(vals, name='x')", '        return super().create(vals)'],
    // an early return
    ['    @api.model', '    def create(self, vals):', "        if not vals.get('name'):", '            return self.browse()', '        return super().create(vals)'],
  ];
  for (const c of cases) {
    const r = await lintText(wrap(c.join('\n')), '17.0.1.0.0', 'OP112');
    assert.ok(r.findings.length, c.join('\n'));
    const fixes = r.findings.flatMap((f) => r.fixes(f)).filter((f) => !f.title.startsWith('Ignore'));
    assert.deepEqual(fixes.map((f) => f.title), [], c.join('\n'));
  }
});
