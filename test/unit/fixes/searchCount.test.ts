// OP108 fix: len(X.search(d)) -> X.search_count(d), the same count without fetching ids.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applied, lintText } from './helpers';

const wrap = (line: string) => `from odoo import models


class Shop(models.Model):
    _name = 'fix.shop'
    _description = 'Shop'

    def count_open(self):
${line}
`;

async function fixed(line: string, version = '17.0.1.0.0') {
  const r = await lintText(wrap(line), version, 'OP108');
  assert.equal(r.findings.length, 1, line);
  const fix = r.fixes(r.findings[0]).find((f) => !f.title.startsWith('Ignore'));
  return { fix, out: fix ? applied(r.source, fix, r.file) : undefined };
}

test('len(search(d)) -> search_count(d), safe and preferred', async () => {
  const { fix, out } = await fixed("        return len(self.env['fix.shop'].search([('name', '=', 'x')]))");
  assert.equal(fix?.title, 'Use search_count()');
  assert.equal(fix?.safe, true);
  assert.equal(fix?.preferred, true);
  assert.equal(out, wrap("        return self.env['fix.shop'].search_count([('name', '=', 'x')])"));
});

test('len(search(d).ids) and a multi-line domain keep their layout', async () => {
  const { out } = await fixed("        n = len(self.search([\n            ('name', '=', 'x'),\n        ]).ids)\n        return n", '16.0.1.0.0');
  assert.equal(out, wrap("        n = self.search_count([\n            ('name', '=', 'x'),\n        ])\n        return n"));
});

test('domain= keyword: search_count takes it on 16+ only (15 names it args)', async () => {
  const line = "        return len(self.search(domain=[('name', '=', 'x')]))";
  for (const v of ['16.0.1.0.0', '17.0.1.0.0', '18.0.1.0.0', '19.0.1.0.0']) {
    assert.equal((await fixed(line, v)).out, wrap("        return self.search_count(domain=[('name', '=', 'x')])"), v);
  }
  assert.equal((await fixed(line, '15.0.1.0.0')).fix, undefined);
});

test('order= is not carried over (search_count has no order): no fix', async () => {
  assert.equal((await fixed("        return len(self.search([('name', '=', 'x')], order='name'))")).fix, undefined);
});
