// OP301/OP303 fix: hand the work to queue_job and add "queue_job" to the manifest in the same edit.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { applied, lintIn, writeAddon } from './helpers';

const CARRIER = `import requests

from odoo import models


class StockPicking(models.Model):
    _inherit = 'stock.picking'

    def push_to_carrier(self, priority=False):
        for picking in self:
            requests.post('https://carrier.example.com/ship', json={'ref': picking.name}, timeout=10)
`;

const controller = (body: string) => `from odoo import http
from odoo.http import request


class ShipController(http.Controller):

    @http.route('/ship/confirm', type='json', auth='user')
    def confirm(self, picking_id, urgent=False):
${body}
`;

const MULTILINE_MANIFEST = `{
    'name': 'Demo',
    'version': '17.0.1.0.0',
    'depends': [
        'stock',
        'sale',
    ],
}
`;

async function op301(body: string, files: Record<string, string> = {}, depends = ['stock']) {
  const root = writeAddon({ version: '17.0.1.0.0', depends, files: { 'models/picking.py': CARRIER, 'controllers/main.py': controller(body), ...files } });
  const r = await lintIn(root, 'controllers/main.py', {}, ['OP301']);
  assert.equal(r.findings.length, 1, JSON.stringify(r.findings.map((f) => f.message)));
  const fixes = r.fixes(r.findings[0]).filter((f) => !f.title.startsWith('Ignore'));
  const manifest = path.join(root, 'demo', '__manifest__.py');
  return { r, fixes, manifest, manifestText: fs.readFileSync(manifest, 'utf8') };
}

test('OP301: the ignored call becomes with_delay, the manifest gains queue_job', async () => {
  const body = [
    "        picking = request.env['stock.picking'].browse(picking_id)",
    '        picking.push_to_carrier(urgent)',
    '        return True',
  ].join('\n');
  const { r, fixes, manifest, manifestText } = await op301(body);
  assert.equal(fixes.length, 1);
  const fix = fixes[0];
  assert.equal(fix.title, 'Run push_to_carrier() in a queue job (with_delay)');
  assert.equal(fix.safe, false);
  const out = applied(r.source, fix, r.file);
  assert.ok(out.includes("        picking.with_delay(description='Push to carrier').push_to_carrier(urgent)\n        return True\n"), out);
  assert.equal(applied(manifestText, fix, manifest), "{\n    'name': 'Demo',\n    'version': '17.0.1.0.0',\n    'depends': ['stock', 'queue_job'],\n}\n");
});

test('OP301: a multi-line depends list gets a line of its own with a trailing comma', async () => {
  const body = "        request.env['stock.picking'].browse(picking_id).push_to_carrier()\n        return True";
  const { r, fixes, manifest } = await op301(body, { '__manifest__.py': MULTILINE_MANIFEST });
  const out = applied(r.source, fixes[0], r.file);
  assert.ok(out.includes("        request.env['stock.picking'].browse(picking_id).with_delay(description='Push to carrier').push_to_carrier()\n"), out);
  assert.equal(applied(MULTILINE_MANIFEST, fixes[0], manifest), MULTILINE_MANIFEST.replace("        'sale',\n", "        'sale',\n        'queue_job',\n"));
});

test('OP301: no manifest edit when queue_job is already a dependency', async () => {
  const body = "        request.env['stock.picking'].browse(picking_id).push_to_carrier()\n        return True";
  const { fixes, manifest } = await op301(body, {}, ['stock', 'queue_job']);
  assert.equal(fixes.length, 1);
  assert.equal(fixes[0].edits.filter((e) => e.file === manifest).length, 0);
});

test('OP301: no fix when the handler uses the result or passes what a job cannot store', async () => {
  const cases = [
    "        return request.env['stock.picking'].browse(picking_id).push_to_carrier()",
    "        done = request.env['stock.picking'].browse(picking_id).push_to_carrier()\n        return done",
    "        request.env['stock.picking'].browse(picking_id).push_to_carrier(request.httprequest)\n        return True",
  ];
  for (const c of cases) assert.deepEqual((await op301(c)).fixes, [], c);
});

const CRON_XML = `<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="ir_cron_expire" model="ir.cron">
        <field name="name">Expire</field>
        <field name="model_id" ref="model_demo_subscription"/>
        <field name="state">code</field>
        <field name="code">model._cron_expire()</field>
    </record>
</odoo>
`;

const cronModel = (body: string) => `from odoo import fields, models


class Subscription(models.Model):
    _name = 'demo.subscription'
    _description = 'Subscription'

    state = fields.Selection([('open', 'Open'), ('expired', 'Expired')], index=True)
    end_date = fields.Date(index=True)

    def _cron_expire(self):
${body}
`;

async function op303(body: string) {
  const root = writeAddon({ version: '16.0.1.0.0', depends: ['mail'], files: { 'models/m.py': cronModel(body), 'data/ir_cron.xml': CRON_XML } });
  // the cron file must be listed in the manifest's data
  const manifest = path.join(root, 'demo', '__manifest__.py');
  const text = "{\n    'name': 'Demo',\n    'version': '16.0.1.0.0',\n    'depends': ['mail'],\n    'data': ['data/ir_cron.xml'],\n}\n";
  fs.writeFileSync(manifest, text);
  const r = await lintIn(root, 'models/m.py', {}, ['OP303']);
  assert.equal(r.findings.length, 1, JSON.stringify(r.findings.map((f) => f.message)));
  const fixes = r.fixes(r.findings[0]).filter((f) => !f.title.startsWith('Ignore'));
  return { r, fixes, manifest, text };
}

test('OP303: search then write becomes one job per 500 records', async () => {
  const body = [
    "        expired = self.search([('state', '=', 'open'), ('end_date', '<', fields.Date.today())])",
    "        expired.write({'state': 'expired'})",
  ].join('\n');
  const { r, fixes, manifest, text } = await op303(body);
  assert.equal(fixes.length, 1);
  assert.equal(fixes[0].title, 'Run write() in queue jobs of 500 records (with_delay)');
  assert.equal(fixes[0].safe, false);
  const out = applied(r.source, fixes[0], r.file);
  assert.ok(out.endsWith([
    '    def _cron_expire(self):',
    "        expired = self.search([('state', '=', 'open'), ('end_date', '<', fields.Date.today())])",
    '        for start in range(0, len(expired), 500):',
    "            expired[start:start + 500].with_delay(description='Write').write({'state': 'expired'})",
    '',
  ].join('\n')), out);
  assert.equal(applied(text, fixes[0], manifest), text.replace("['mail']", "['mail', 'queue_job']"));
});

test('OP303: a chained unlink binds the result first', async () => {
  const { r, fixes } = await op303("        self.search([('state', '=', 'expired')]).unlink()");
  const out = applied(r.source, fixes[0], r.file);
  assert.ok(out.endsWith([
    "        records = self.search([('state', '=', 'expired')])",
    '        for start in range(0, len(records), 500):',
    "            records[start:start + 500].with_delay(description='Unlink').unlink()",
    '',
  ].join('\n')), out);
});

test('OP303: no fix for a loop body or arguments computed per call', async () => {
  const cases = [
    "        for sub in self.search([('state', '=', 'open')]):\n            sub.write({'state': 'expired'})",
    "        subs = self.search([('state', '=', 'open')])\n        subs.write({'end_date': fields.Date.today()})",
    "        subs = self.search([('state', '=', 'open')])\n        subs.write({'state': 'expired'})\n        return subs",
  ];
  for (const c of cases) assert.deepEqual((await op303(c)).fixes, [], c);
});
