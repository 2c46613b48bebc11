// OP401 fix: % formatting of a literal query -> psycopg2 parameters, only where certain.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applied, lintText, titles } from './helpers';

const wrap = (body: string) => `from odoo import models


class Sale(models.Model):
    _inherit = 'sale.order'

    def _q(self, name, ref, table):
${body}
`;

async function run(body: string) {
  const r = await lintText(wrap(body), '17.0.1.0.0', 'OP401');
  assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
  const fixes = r.fixes(r.findings[0]);
  const fix = fixes.find((f) => f.code === 'OP401' && !f.title.startsWith('Ignore'));
  return { fixes, body: fix ? applied(r.source, fix, r.file).slice(r.source.indexOf('table):\n') + 8, -1) : undefined };
}

test("'%s' % name: quotes dropped, value passed as a parameter tuple", async () => {
  const { fixes, body } = await run(`        self.env.cr.execute("SELECT id FROM sale_order WHERE name = '%s'" % name)`);
  assert.deepEqual(titles(fixes), ['Pass the values as query parameters', 'Ignore OP401 on this line']);
  assert.equal(fixes[0].safe, true);
  assert.equal(body, '        self.env.cr.execute("SELECT id FROM sale_order WHERE name = %s", (name,))');
});

test('a tuple of values keeps its text', async () => {
  const { body } = await run(`        self._cr.execute("SELECT id FROM sale_order WHERE name = %s AND client_order_ref = %s" % (name, ref))`);
  assert.equal(body, '        self._cr.execute("SELECT id FROM sale_order WHERE name = %s AND client_order_ref = %s", (name, ref))');
});

test('named placeholders with a dict', async () => {
  const { body } = await run(`        self.env.cr.execute("SELECT id FROM sale_order WHERE name = %(n)s" % {'n': name})`);
  assert.equal(body, `        self.env.cr.execute("SELECT id FROM sale_order WHERE name = %(n)s", {'n': name})`);
});

test('multi-line query: the % line becomes the parameter line', async () => {
  const src = ['        self.env.cr.execute(', '            """', '            SELECT id FROM sale_order', "            WHERE name = '%s'", '            """', '            % (name,)', '        )'].join('\n');
  const want = ['        self.env.cr.execute(', '            """', '            SELECT id FROM sale_order', '            WHERE name = %s', '            """,', '            (name,)', '        )'].join('\n');
  assert.equal((await run(src)).body, want);
});

test('no fix where the placeholder is an identifier, a LIKE pattern, or the count does not match', async () => {
  assert.equal((await run(`        self.env.cr.execute("SELECT id FROM %s WHERE name = 'x'" % table)`)).body, undefined);
  assert.equal((await run(`        self.env.cr.execute("SELECT id FROM sale_order WHERE name LIKE '%s%%'" % name)`)).body, undefined);
  assert.equal((await run(`        self.env.cr.execute("SELECT id FROM sale_order WHERE name = %s AND state = %s" % (name,))`)).body, undefined);
  assert.equal((await run(`        self.env.cr.execute("SELECT id FROM sale_order ORDER BY %s" % name)`)).body, undefined);
  assert.equal((await run(`        self.env.cr.execute("SELECT id FROM sale_order WHERE id = %d" % ref)`)).body, undefined);
});

test('f-strings and .format are left alone (no certain rewrite)', async () => {
  assert.equal((await run(`        self.env.cr.execute(f"SELECT id FROM sale_order WHERE name = '{name}'")`)).body, undefined);
  assert.equal((await run(`        self.env.cr.execute("SELECT id FROM sale_order WHERE name = '{}'".format(name))`)).body, undefined);
});
