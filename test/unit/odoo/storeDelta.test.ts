// The workspace patches its lookup maps when one file changes (instead of rebuilding them from
// every file's facts on each keystroke). The patched maps must answer exactly as a full rebuild.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanWorkspace } from '../../../server/src/odoo/index';
import type { MutableWorkspace } from '../../../server/src/odoo/workspace';

const MODELS = ['shop.order', 'shop.line', 'shop.tag', 'res.partner', 'shop.extra'];
const FIELDS = ['name', 'state', 'partner_id', 'order_id', 'line_ids', 'amount', 'code', 'date', 'tag_id', 'note'];
const FUNCTIONS = ['action_confirm', '_compute_amount', 'helper', 'run_cron', 'missing_fn'];

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function addon(dir: string, name: string, files: Record<string, string>): void {
  write(path.join(dir, name, '__manifest__.py'), `{'name': '${name}', 'version': '17.0.1.0.0', 'depends': ['base']}`);
  for (const [rel, text] of Object.entries(files)) write(path.join(dir, name, rel), text);
}

const ORDER = `from odoo import api, fields, models

class Order(models.Model):
    _name = 'shop.order'
    _order = 'date desc, name'
    name = fields.Char(index=True)
    state = fields.Selection([('draft', 'Draft')])
    partner_id = fields.Many2one('res.partner')
    line_ids = fields.One2many('shop.line', 'order_id')
    amount = fields.Float(compute='_compute_amount', store=True)

    def _compute_amount(self):
        for order in self:
            order.amount = sum(order.line_ids.mapped('amount'))

    def action_confirm(self):
        drafts = self.env['shop.order'].search([('state', '=', 'draft'), ('partner_id', '=', self.partner_id.id)])
        return self.helper(drafts)

    def helper(self, orders):
        return orders.filtered(lambda o: o.amount)
`;

const LINE = `from odoo import fields, models

class Line(models.Model):
    _name = 'shop.line'
    order_id = fields.Many2one('shop.order', index=True)
    amount = fields.Float()
    tag_id = fields.Many2one('shop.tag')

class Tag(models.Model):
    _name = 'shop.tag'
    code = fields.Char()
`;

const EXT = `from odoo import fields, models

class OrderExt(models.Model):
    _inherit = 'shop.order'
    _order = 'name'
    note = fields.Text()
    partner_id = fields.Many2one('res.partner', index=True)

    def action_confirm(self):
        self.env['shop.line'].search([('tag_id.code', '=', 'x')])
        return super().action_confirm()

class Partner(models.Model):
    _inherit = 'res.partner'
    date = fields.Date()

    def run_cron(self):
        for p in self.search([('date', '<', fields.Date.today())]):
            p.helper(p)
`;

const DATA = `<odoo>
  <record id="rule_line" model="ir.rule">
    <field name="model_id" ref="model_shop_line"/>
    <field name="domain_force">[('amount', '>', 0)]</field>
  </record>
  <record id="cron_partner" model="ir.cron">
    <field name="model_id" ref="model_res_partner"/>
    <field name="code">model.run_cron()</field>
  </record>
</odoo>
`;

/** Everything the lookups answer, in order, for the names the fixtures use. */
function snapshot(ws: MutableWorkspace): unknown {
  const out: Record<string, unknown> = {};
  for (const m of MODELS) {
    out[`model ${m}`] = ws.model(m) ?? null;
    out[`fieldsOf ${m}`] = ws.fieldsOfModel(m);
    out[`indexes ${m}`] = ws.declaredIndexes!(m);
    for (const f of FIELDS) {
      out[`field ${m}.${f}`] = ws.field(m, f);
      out[`uses ${m}.${f}`] = ws.queryUses(m, f);
      out[`inverse ${m}.${f}`] = ws.inverseOf!(m, f);
    }
  }
  out.crons = ws.cronJobs!();
  for (const name of FUNCTIONS) out[`fn ${name}`] = ws.functionsNamed(name).map((f) => ({ ...f }));
  return JSON.parse(JSON.stringify(out));
}

function forceRebuild(ws: MutableWorkspace): void {
  (ws as unknown as { derived: unknown }).derived = undefined;
}

function isPatched(ws: MutableWorkspace): boolean {
  return (ws as unknown as { derived: unknown }).derived !== undefined;
}

test('patched lookups after each edit answer exactly as a full rebuild', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'op-delta-'));
  try {
    addon(dir, 'shop', { 'models/order.py': ORDER, 'models/line.py': LINE, 'data/rules.xml': DATA });
    addon(dir, 'shop_ext', { 'models/ext.py': EXT });
    const orderPy = path.join(dir, 'shop', 'models', 'order.py');
    const extPy = path.join(dir, 'shop_ext', 'models', 'ext.py');
    const linePy = path.join(dir, 'shop', 'models', 'line.py');
    const dataXml = path.join(dir, 'shop', 'data', 'rules.xml');
    const newPy = path.join(dir, 'shop_ext', 'models', 'more.py');

    const edits: [string, string | undefined, boolean][] = [
      // [file, new text (undefined = deleted), expected to be patched rather than rebuilt]
      [orderPy, ORDER.replace("('state', '=', 'draft')", "('name', 'ilike', 'x')"), true],
      [extPy, EXT.replace("_order = 'name'", "_order = 'note'").replace('note = fields.Text()', 'note = fields.Text(index=True)'), true],
      [orderPy, ORDER.replace('def helper(self, orders):', 'def helper2(self, orders):'), true],
      [linePy, LINE.replace("tag_id = fields.Many2one('shop.tag')", "tag_id = fields.Many2one('shop.tag', index=True)\n    state = fields.Char()"), true],
      [dataXml, DATA.replace("('amount', '>', 0)", "('order_id.state', '=', 'done')"), true],
      // A new file extending existing models: appended after every other file.
      [newPy, "from odoo import fields, models\nclass More(models.Model):\n    _inherit = 'shop.order'\n    code = fields.Char()\n    def helper(self, o):\n        return self.search([('code', '=', 1)])\n", true],
      [orderPy, ORDER, true],
      [newPy, undefined, true],
      // A new model name: rule references may resolve differently, so a rebuild.
      [linePy, LINE.replace("_name = 'shop.tag'", "_name = 'shop.extra'"), false],
      // ext.py alone extends res.partner: deleting it removes that model name, adding it back
      // brings it back (rebuilds); editing it again afterwards is patched.
      [extPy, undefined, false],
      [extPy, EXT, false],
      [extPy, EXT.replace("('date', '<'", "('name', '<'"), true],
    ];
    const ws = await scanWorkspace({ roots: [dir], addonsPaths: [] });
    snapshot(ws); // builds the lookups (and extracts some functions lazily)
    for (const [i, [file, text, patched]] of edits.entries()) {
      ws.updateFile(file, text);
      assert.equal(isPatched(ws), patched, `edit ${i}: patched`);
      const incremental = snapshot(ws);
      forceRebuild(ws);
      assert.deepEqual(incremental, snapshot(ws), `edit ${i} (${path.basename(file)})`);
    }
    // The edits were seen at all (the comparison above is not between two empty answers).
    assert.equal(ws.model('shop.extra')?.definitions.length, 1);
    assert.deepEqual(ws.queryUses('shop.order', 'state').map((u) => path.basename(u.file)), ['order.py']);
    assert.deepEqual(ws.functionsNamed('action_confirm').map((f) => path.basename(f.file)), ['order.py', 'ext.py']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
