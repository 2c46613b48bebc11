import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanWorkspace } from '../../../server/src/odoo/index';
import { FIXTURES } from '../../helpers/fixtures';

const BASIC = path.join(FIXTURES, 'workspace_basic');
const ORDER_PY = path.join(BASIC, 'sale_x', 'models', 'order.py');

function pos(u: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }) {
  return [u.range.start.line, u.range.start.character, u.range.end.line, u.range.end.character];
}

test('finds addons; a malformed manifest does not stop the others', async () => {
  const logs: string[] = [];
  const ws = await scanWorkspace({ roots: [BASIC], addonsPaths: [], log: (m) => logs.push(m) });
  assert.deepEqual(ws.addons().map((a) => a.name).sort(), ['broken_z', 'sale_x', 'stock_y']);
  const sale = ws.addons().find((a) => a.name === 'sale_x')!;
  assert.deepEqual(sale.depends, ['sale', 'stock']);
  assert.equal(sale.version, '17.0.1.0.0');
  assert.ok(ws.model('broken.thing'), 'models of the addon with a broken manifest are still indexed');
  assert.ok(logs.some((l) => l.includes('broken_z')), 'the broken manifest is logged');
  assert.equal(ws.addonForFile(ORDER_PY)?.name, 'sale_x');
});

test('odoo version: manifest, else release.py on the addons path, else the setting', async () => {
  const basic = await scanWorkspace({ roots: [BASIC], addonsPaths: [], odooVersion: '15.0' });
  assert.equal(basic.odooVersionForFile(ORDER_PY), 17);
  assert.equal(basic.odooVersionForFile(path.join(BASIC, 'stock_y', 'models', 'picking.py')), 15, '3-part version says nothing');
  const noSetting = await scanWorkspace({ roots: [BASIC], addonsPaths: [] });
  assert.equal(noSetting.odooVersionForFile(path.join(BASIC, 'stock_y', 'models', 'picking.py')), undefined);

  const v = path.join(FIXTURES, 'workspace_version');
  const ws = await scanWorkspace({ roots: [path.join(v, 'custom')], addonsPaths: [path.join(v, 'odoo', 'addons')], odooVersion: '14.0' });
  const byName = new Map(ws.addons().map((a) => [a.name, a.odooVersion]));
  assert.equal(byName.get('core_a'), 16);
  assert.equal(byName.get('my_addon'), 16);
});

test('models and fields merge across _inherit', async () => {
  const ws = await scanWorkspace({ roots: [BASIC], addonsPaths: [] });
  const order = ws.model('sale.x.order')!;
  assert.equal(order.definitions.length, 2);
  assert.deepEqual(order.definitions.map((d) => d.extension).sort(), [false, true]);
  assert.equal(order.order, 'date_order desc, name');
  const partner = ws.field('sale.x.order', 'partner_id');
  assert.equal(partner.length, 2);
  assert.deepEqual(partner.map((f) => f.index ?? '-').sort(), ['-', 'True']);
  const lines = ws.field('sale.x.order', 'line_ids')[0];
  assert.equal(lines.type, 'One2many');
  assert.equal(lines.comodel, 'sale.x.line');
  assert.equal(lines.inverseName, 'order_id');
  const orderId = ws.field('sale.x.line', 'order_id')[0];
  assert.equal(orderId.comodel, 'sale.x.order');
  assert.equal(orderId.ondelete, 'cascade');
  assert.equal(orderId.required, true);
  assert.deepEqual(pos(orderId), [27, 4, 27, 12]);
  assert.equal(ws.field('sale.x.order', 'total')[0].stored, false, 'compute without store');
  assert.equal(ws.field('sale.x.line', 'name')[0].stored, false, 'related without store');
  const picking = ws.field('sale.x.order', 'picking_id')[0];
  assert.equal(picking.type, 'Many2one', 'from odoo.fields import Many2one as M2O');
  assert.equal(picking.stored, false);
  // A new model with _inherit gets the parent's fields.
  assert.ok(ws.fieldsOfModel('sale.x.order.archive').some((f) => f.name === 'date_order'));
  assert.equal(ws.inverseOf!('sale.x.line', 'order_id')[0].name, 'line_ids');
});

test('query uses from Python: domains, local domain variables, _order, groupby', async () => {
  const ws = await scanWorkspace({ roots: [BASIC], addonsPaths: [] });
  const state = ws.queryUses('sale.x.order', 'state');
  assert.equal(state.length, 1);
  assert.equal(state[0].kind, 'domain');
  assert.equal(state[0].operator, '=');
  // `        orders = self.search([('state', ...` : 8 spaces + 24 characters before the name.
  assert.deepEqual(pos(state[0]), [16, 32, 16, 37]);
  const orderId = ws.queryUses('sale.x.line', 'order_id');
  assert.deepEqual(orderId.map(pos), [[17, 50, 17, 58]], "self.env['sale.x.line'].search");
  const partner = ws.queryUses('sale.x.order', 'partner_id');
  assert.deepEqual(partner.filter((u) => u.kind === 'domain').map(pos), [[18, 20, 18, 30]], 'domain built in a local then passed by name');
  const dateOrder = ws.queryUses('sale.x.order', 'date_order');
  assert.deepEqual(dateOrder.filter((u) => u.kind === 'order').map(pos), [[6, 14, 6, 24]]);
  assert.ok(!dateOrder.some((u) => u.file.includes(`${path.sep}tests${path.sep}`)), 'tests are not indexed');
  assert.deepEqual(ws.queryUses('sale.x.order', 'name').filter((u) => u.kind === 'order'), [], 'only the leading _order column');
  const product = ws.queryUses('sale.x.line', 'product_id');
  assert.deepEqual(product.map((u) => u.kind), ['groupby']);
  assert.deepEqual(ws.queryUses('sale.x.line', 'price').filter((u) => u.kind === 'groupby'), [], "'price:sum' is an aggregate");
});

test('query uses from XML: search view, filter domain with entities, group_by, ir.rule, action', async () => {
  const ws = await scanWorkspace({ roots: [BASIC], addonsPaths: [] });
  const name = ws.queryUses('sale.x.order', 'name').find((u) => u.kind === 'search-view')!;
  assert.deepEqual(pos(name), [7, 29, 7, 33]);
  const filter = ws.queryUses('sale.x.order', 'date_order').find((u) => u.kind === 'filter-domain')!;
  assert.deepEqual(pos(filter), [8, 47, 8, 57]);
  assert.equal(filter.operator, '<', '&lt; is decoded');
  const group = ws.queryUses('sale.x.order', 'partner_id').find((u) => u.kind === 'groupby')!;
  assert.deepEqual(pos(group), [9, 65, 9, 75]);
  const rule = ws.queryUses('sale.x.line', 'price').find((u) => u.kind === 'record-rule')!;
  assert.ok(rule.file.endsWith('rules.xml'));
  assert.deepEqual(pos(rule), [4, 38, 4, 43]);
  const action = ws.queryUses('sale.x.order', 'total');
  assert.deepEqual(action.map((u) => [u.kind, u.operator]), [['action-domain', '>']]);
  assert.deepEqual(ws.queryUses('sale.x.order', 'total').filter((u) => u.kind === 'search-view'), [], 'a form view is not a search view');
});

test('positions after an entity map back to the XML source', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'op-xml-'));
  try {
    fs.mkdirSync(path.join(dir, 'a', 'data'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a', '__manifest__.py'), "{'name': 'A'}");
    const line = `<odoo><record id="x" model="ir.actions.act_window"><field name="res_model">m.m</field><field name="domain">[('a', '&lt;', 1), ('bb', '=', 2)]</field></record></odoo>`;
    const file = path.join(dir, 'a', 'data', 'act.xml');
    fs.writeFileSync(file, `<?xml version="1.0"?>\n${line}\n`);
    const ws = await scanWorkspace({ roots: [dir], addonsPaths: [] });
    const bb = ws.queryUses('m.m', 'bb');
    const col = line.indexOf("'bb'") + 1;
    assert.deepEqual(bb.map(pos), [[1, col, 1, col + 2]]);
    // Malformed XML: skipped gracefully, other facts kept.
    ws.updateFile(file, '<odoo><record model="ir.rule"><field name="domain_force">[(\'a\', \'=\'');
    assert.deepEqual(ws.queryUses('m.m', 'bb'), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('updateFile drops the facts of the old text and adds the new ones', async () => {
  const ws = await scanWorkspace({ roots: [BASIC], addonsPaths: [] });
  assert.equal(ws.queryUses('sale.x.order', 'state').length, 1);
  const text = fs.readFileSync(ORDER_PY, 'utf8');
  ws.updateFile(ORDER_PY, text.replace("('state', '=', 'draft')", "('date_order', '=', False)"));
  assert.equal(ws.queryUses('sale.x.order', 'state').length, 0);
  assert.equal(ws.queryUses('sale.x.order', 'date_order').filter((u) => u.kind === 'domain').length, 1);
  assert.equal(ws.field('sale.x.order', 'partner_id').length, 2);
  ws.updateFile(ORDER_PY, undefined);
  assert.equal(ws.field('sale.x.order', 'partner_id').length, 1, 'only the extension remains');
  assert.equal(ws.model('sale.x.line'), undefined);
  assert.deepEqual(ws.queryUses('sale.x.order', 'total').map((u) => u.kind), ['action-domain'], 'XML facts stay');
  assert.deepEqual(ws.queryUses('sale.x.line', 'price'), [], 'the rule names a model (by xmlid) no longer defined');
  ws.updateFile(ORDER_PY, text);
  assert.ok(ws.model('sale.x.line'));
  // A manifest change re-resolves the addon's version.
  const manifest = path.join(BASIC, 'stock_y', '__manifest__.py');
  ws.updateFile(manifest, "{'name': 'Stock Y', 'version': '18.0.1.0.0', 'depends': []}");
  assert.equal(ws.odooVersionForFile(path.join(BASIC, 'stock_y', 'models', 'picking.py')), 18);
});

test('progress, oversized and binary files, symlink loops', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'op-ws-'));
  try {
    const addon = path.join(dir, 'big');
    fs.mkdirSync(path.join(addon, 'models'), { recursive: true });
    fs.writeFileSync(path.join(addon, '__manifest__.py'), "{'name': 'Big', 'version': '17.0.1.0.0'}");
    fs.writeFileSync(path.join(addon, 'models', 'm.py'), "from odoo import models, fields\nclass M(models.Model):\n    _name = 'big.m'\n    x = fields.Char()\n");
    fs.writeFileSync(path.join(addon, 'models', 'huge.py'), `# ${'x'.repeat(2 * 1024 * 1024 + 10)}\n`);
    fs.writeFileSync(path.join(addon, 'models', 'bin.py'), "class B:\n    _name = 'bin.m'\x00\n");
    fs.symlinkSync(dir, path.join(addon, 'models', 'loop'));
    const logs: string[] = [];
    const progress: [number, number][] = [];
    const ws = await scanWorkspace({ roots: [dir], addonsPaths: [], log: (m) => logs.push(m), onProgress: (d, t) => progress.push([d, t]) });
    assert.ok(ws.model('big.m'));
    assert.equal(ws.model('bin.m'), undefined);
    assert.ok(logs.some((l) => l.includes('huge.py')));
    assert.ok(logs.some((l) => l.includes('bin.py')));
    const last = progress[progress.length - 1];
    assert.equal(last[0], last[1]);
    assert.equal(last[1], 3);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a module that opens with blank lines still has its domains read at the right place', async () => {
  // tree-sitter starts the module node at the first token, so offsets into its text are shifted.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'op-blank-'));
  try {
    const addon = path.join(dir, 'blank_lead');
    fs.mkdirSync(path.join(addon, 'models'), { recursive: true });
    fs.writeFileSync(path.join(addon, '__manifest__.py'), "{'name': 'Blank lead', 'version': '17.0.1.0.0'}\n");
    const source = [
      '',
      '',
      '   ',
      'from odoo import fields, models',
      '',
      '',
      'class Ticket(models.Model):',
      "    _name = 'blank.ticket'",
      '',
      '    stage = fields.Char()',
      '',
      '    def open_ones(self):',
      "        return self.search([('stage', '=', 'open')])",
      '',
    ].join('\n');
    fs.writeFileSync(path.join(addon, 'models', 'ticket.py'), source);
    const ws = await scanWorkspace({ roots: [dir], addonsPaths: [] });
    const uses = ws.queryUses('blank.ticket', 'stage');
    assert.equal(uses.length, 1);
    assert.equal(uses[0].kind, 'domain');
    assert.equal(uses[0].operator, '=');
    // Line 12, the characters of stage inside its quotes.
    assert.deepEqual(pos(uses[0]), [12, 30, 12, 35]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
