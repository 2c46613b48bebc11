// OP111 fix: name the fields. search_fetch on 17+ (records unchanged), search_read for a chained
// read() on every version, nothing for record uses on 16.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applied, lintText } from './helpers';

const wrap = (body: string) => `from odoo import fields, models


class Vehicle(models.Model):
    _name = 'fix.vehicle'
    _description = 'Vehicle'

    name = fields.Char()
    plate = fields.Char()
    mileage = fields.Integer()

    def run(self):
${body}
`;

async function fixed(body: string, version: string) {
  const r = await lintText(wrap(body), version, 'OP111');
  assert.equal(r.findings.length, 1, `${version}: ${body}`);
  const fix = r.fixes(r.findings[0]).find((f) => !f.title.startsWith('Ignore'));
  return { fix, out: fix ? applied(r.source, fix, r.file) : undefined };
}

const LOOP = [
  "        vehicles = self.search([('mileage', '>', 0)])",
  '        return {v.name: v.plate for v in vehicles}',
].join('\n');

test('17, 18, 19: search -> search_fetch with the fields read, uses unchanged', async () => {
  for (const v of ['17.0.1.0.0', '18.0.1.0.0', '19.0.1.0.0']) {
    const { fix, out } = await fixed(LOOP, v);
    assert.equal(fix?.safe, true);
    assert.equal(fix?.title, "Use search_fetch(domain, ['name', 'plate'])");
    assert.equal(out, wrap([
      "        vehicles = self.search_fetch([('mileage', '>', 0)], ['name', 'plate'])",
      '        return {v.name: v.plate for v in vehicles}',
    ].join('\n')), v);
  }
});

test('16: record uses would need dict access: no fix', async () => {
  assert.equal((await fixed(LOOP, '16.0.1.0.0')).fix, undefined);
});

test('search(...).read([...]) -> search_read on 16 and 17, keywords carried over', async () => {
  const body = "        return self.search([], limit=5, order='id desc').read(['name', 'plate'])";
  for (const v of ['16.0.1.0.0', '17.0.1.0.0']) {
    const { out } = await fixed(body, v);
    assert.equal(out, wrap("        return self.search_read([], ['name', 'plate'], limit=5, order='id desc')"), v);
  }
});

test('mapped() on 17 with double quotes', async () => {
  const { out } = await fixed('        return sum(self.search([("plate", "!=", False)]).mapped("mileage"))', '17.0.1.0.0');
  assert.equal(out, wrap('        return sum(self.search_fetch([("plate", "!=", False)], ["mileage"]).mapped("mileage"))'));
});
