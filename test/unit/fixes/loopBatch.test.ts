// OP103 / OP104 fixes: a create or unlink per iteration becomes one call after (or instead of) the
// loop, only where nothing in the loop could notice the difference.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applied, lintText } from './helpers';

const MODEL = `from odoo import fields, models


class Visit(models.Model):
    _name = 'fix.visit'
    _description = 'Visit'

    name = fields.Char()
    line_ids = fields.One2many('fix.visit.line', 'visit_id')
    partner_id = fields.Many2one('res.partner')

    def run(self, rows):
__BODY__


class VisitLine(models.Model):
    _name = 'fix.visit.line'
    _description = 'Line'

    visit_id = fields.Many2one('fix.visit', index=True)
    name = fields.Char()
    sequence = fields.Integer()
`;

const wrap = (body: string) => MODEL.replace('__BODY__', body);

async function fixed(body: string, code: string) {
  const r = await lintText(wrap(body), '17.0.1.0.0', code);
  assert.equal(r.findings.length, 1, `${code}: ${body}\n${JSON.stringify(r.findings.map((f) => f.message))}`);
  const fix = r.fixes(r.findings[0]).find((f) => !f.title.startsWith('Ignore'));
  return { fix, out: fix ? applied(r.source, fix, r.file) : undefined };
}

test('OP103: a dict literal per iteration -> vals_list and one create after the loop', async () => {
  const body = [
    "        Line = self.env['fix.visit.line']",
    '        for visit in self:',
    "            Line.create({'visit_id': visit.id, 'name': visit.name})",
    '        return True',
  ].join('\n');
  const { fix, out } = await fixed(body, 'OP103');
  assert.equal(fix?.safe, true);
  assert.equal(out, wrap([
    "        Line = self.env['fix.visit.line']",
    '        vals_list = []',
    '        for visit in self:',
    "            vals_list.append({'visit_id': visit.id, 'name': visit.name})",
    '        Line.create(vals_list)',
    '        return True',
  ].join('\n')));
});

test('OP103: vals built in the loop, a condition, a sudo receiver, a taken name', async () => {
  const body = [
    '        vals_list = rows',
    '        for index, visit in enumerate(self):',
    "            vals = {'visit_id': visit.id}",
    '            if visit.name:',
    "                vals['name'] = visit.name.upper()",
    "                self.env['fix.visit.line'].sudo().create(vals)",
    '        return vals_list',
  ].join('\n');
  const { out } = await fixed(body, 'OP103');
  assert.equal(out, wrap([
    '        vals_list = rows',
    '        vals_list_2 = []',
    '        for index, visit in enumerate(self):',
    "            vals = {'visit_id': visit.id}",
    '            if visit.name:',
    "                vals['name'] = visit.name.upper()",
    '                vals_list_2.append(vals)',
    "        self.env['fix.visit.line'].sudo().create(vals_list_2)",
    '        return vals_list',
  ].join('\n')));
});

test('OP103: a multi-line create call keeps its layout', async () => {
  const body = [
    '        for visit in self:',
    "            self.env['fix.visit.line'].create(",
    '                {',
    "                    'visit_id': visit.id,",
    '                }',
    '            )',
  ].join('\n');
  const { out } = await fixed(body, 'OP103');
  assert.equal(out, wrap([
    '        vals_list = []',
    '        for visit in self:',
    '            vals_list.append(',
    '                {',
    "                    'visit_id': visit.id,",
    '                }',
    '            )',
    "        self.env['fix.visit.line'].create(vals_list)",
  ].join('\n')));
});

test('OP103: no fix when the loop could notice the deferred create', async () => {
  const cases = [
    // the created record is used
    ['        for visit in self:', "            line = self.env['fix.visit.line'].create({'visit_id': visit.id})", '            line.name = visit.name'],
    // a search in the loop would find the earlier records
    ['        for visit in self:', "            if not self.env['fix.visit.line'].search_count([('visit_id', '=', visit.id)]):", "                self.env['fix.visit.line'].create({'visit_id': visit.id})"],
    // one dict object reused across iterations
    ["        vals = {'name': 'x'}", '        for visit in self:', "            vals['visit_id'] = visit.id", "            self.env['fix.visit.line'].create(vals)"],
    // an early return would skip the batch create
    ['        for visit in self:', "            self.env['fix.visit.line'].create({'visit_id': visit.id})", '            if visit.name == rows:', '                return False'],
  ];
  for (const c of cases) {
    const r = await lintText(wrap(c.join('\n')), '17.0.1.0.0', 'OP103');
    assert.ok(r.findings.length, `the rule reports: ${c}`);
    const fixes = r.findings.flatMap((f) => r.fixes(f)).filter((f) => !f.title.startsWith('Ignore'));
    assert.deepEqual(fixes.map((f) => f.title), [], c.join('\n'));
  }
});

test('OP104: a loop that only unlinks becomes one unlink (mapped for a field path)', async () => {
  const a = await fixed('        for visit in self:\n            visit.line_ids.unlink()\n        return True', 'OP104');
  assert.equal(a.fix?.safe, true);
  assert.equal(a.out, wrap("        self.mapped('line_ids').unlink()\n        return True"));
  const c = await fixed('        for visit in self:\n            visit.unlink()  # all of them\n        return True', 'OP104');
  assert.equal(c.out, wrap('        self.unlink()  # all of them\n        return True'));
  const b = await fixed("        for line in self.line_ids.filtered(lambda l: not l.name):\n            line.unlink()", 'OP104');
  assert.equal(b.out, wrap('        self.line_ids.filtered(lambda l: not l.name).unlink()'));
});

test('OP104: the loop record among value-building statements is collected', async () => {
  const body = [
    '        names = []',
    '        for visit in self.line_ids:',
    '            names.append(visit.name)',
    '            if not visit.name:',
    '                visit.unlink()',
    '        return names',
  ].join('\n');
  const { out } = await fixed(body, 'OP104');
  assert.equal(out, wrap([
    '        names = []',
    '        to_unlink = self.line_ids.browse()',
    '        for visit in self.line_ids:',
    '            names.append(visit.name)',
    '            if not visit.name:',
    '                to_unlink |= visit',
    '        to_unlink.unlink()',
    '        return names',
  ].join('\n')));
});

test('OP104: no fix when something else in the loop needs the records or the path is no field', async () => {
  const cases = [
    // a query in the loop would see records still there
    ['        for visit in self:', "            rows.append(self.env['fix.visit.line'].search_count([]))", '            visit.unlink()'],
    // a hop the workspace does not know (res.partner is not indexed here): mapped() might fail
    ['        for visit in self:', '            visit.partner_id.child_ids.unlink()'],
    // inside an outer loop: one unlink per outer iteration would still be reported
    ['        for visit in self:', '            for line in visit.line_ids:', '                line.unlink()'],
    // a related record collected among other statements (a different model than the loop's)
    ['        for visit in self:', '            rows.append(visit.name)', '            visit.line_ids.unlink()'],
  ];
  for (const c of cases) {
    const r = await lintText(wrap(c.join('\n')), '17.0.1.0.0', 'OP104');
    assert.ok(r.findings.length, `the rule reports: ${c}`);
    const fixes = r.findings.flatMap((f) => r.fixes(f)).filter((f) => !f.title.startsWith('Ignore'));
    assert.deepEqual(fixes.map((f) => f.title), [], c.join('\n'));
  }
});
