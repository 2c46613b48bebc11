// Deterministic generator of realistic Odoo addon code for the benchmark: models with many fields,
// computes, loops (some with real N+1 patterns, most clean), controllers, wizards, crons and XML
// views. Same seed, same bytes: figures from two runs or two machines describe the same input.
// Usage: node scripts/bench/generate.mjs OUT_DIR [--lines 300000] [--seed 1]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** mulberry32: a tiny seeded PRNG, good enough to vary the code shapes. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['order', 'line', 'partner', 'invoice', 'stock', 'move', 'picking', 'product', 'batch', 'route', 'carrier',
  'rental', 'contract', 'project', 'task', 'ticket', 'lead', 'quote', 'shipment', 'package', 'warehouse', 'location',
  'channel', 'pricelist', 'discount', 'coupon', 'subscription', 'payment', 'refund', 'journal', 'budget', 'asset'];
const FIELD_TYPES = ['Char', 'Integer', 'Float', 'Boolean', 'Date', 'Datetime', 'Text', 'Selection', 'Many2one', 'Monetary'];

class Gen {
  constructor(seed) {
    this.r = rng(seed);
  }
  int(n) { return Math.floor(this.r() * n); }
  pick(list) { return list[this.int(list.length)]; }
  chance(p) { return this.r() < p; }
}

function modelName(g, addon, i) {
  return `${addon.replace(/_/g, '.')}.${g.pick(WORDS)}${i}`;
}

function fieldDecl(g, name, comodels) {
  const type = g.pick(FIELD_TYPES);
  const label = name.replace(/_/g, ' ');
  switch (type) {
    case 'Many2one':
      return `    ${name}_id = fields.Many2one('${g.pick(comodels)}', string='${label}'${g.chance(0.4) ? ', index=True' : ''}${g.chance(0.3) ? ", ondelete='cascade'" : ''})`;
    case 'Selection':
      return `    ${name} = fields.Selection(\n        [('draft', 'Draft'), ('confirmed', 'Confirmed'), ('done', 'Done'), ('cancel', 'Cancelled')],\n        default='draft',\n        tracking=True,\n    )`;
    case 'Monetary':
      return `    ${name} = fields.Monetary(string='${label}', currency_field='currency_id')`;
    default:
      return `    ${name} = fields.${type}(string='${label}'${g.chance(0.2) ? ', index=True' : ''}${g.chance(0.2) ? ', copy=False' : ''})`;
  }
}

function computeMethod(g, field, model) {
  const shape = g.int(6);
  const body = [];
  body.push(`    @api.depends('line_ids.price_total', 'state')`);
  body.push(`    def _compute_${field}(self):`);
  if (shape === 0) {
    // The idiom: one grouped query for the whole recordset.
    body.push(`        groups = self.env['${model}.line']._read_group(`);
    body.push(`            [('order_id', 'in', self.ids)], ['order_id'], ['price_total:sum'],`);
    body.push(`        )`);
    body.push(`        totals = {order.id: total for order, total in groups}`);
    body.push(`        for record in self:`);
    body.push(`            record.${field} = totals.get(record.id, 0.0)`);
  } else if (shape === 1) {
    // N+1: a search per record.
    body.push(`        for record in self:`);
    body.push(`            lines = self.env['${model}.line'].search([('order_id', '=', record.id)])`);
    body.push(`            record.${field} = sum(lines.mapped('price_total'))`);
  } else if (shape === 2) {
    body.push(`        for record in self:`);
    body.push(`            total = 0.0`);
    body.push(`            for line in record.line_ids:`);
    body.push(`                if line.state != 'cancel':`);
    body.push(`                    total += line.price_total * (1 - (line.discount or 0.0) / 100.0)`);
    body.push(`            record.${field} = total`);
  } else if (shape === 3) {
    body.push(`        for record in self:`);
    body.push(`            record.${field} = len(record.line_ids.filtered(lambda l: l.state == 'done'))`);
  } else if (shape === 4) {
    body.push(`        counts = dict.fromkeys(self.ids, 0)`);
    body.push(`        for key in ('draft', 'done'):`);
    body.push(`            counts[key] = counts.get(key, 0) + 1`);
    body.push(`        for record in self:`);
    body.push(`            record.${field} = counts.get(record.id, 0)`);
  } else {
    body.push(`        for record in self:`);
    body.push(`            partner = record.partner_id`);
    body.push(`            record.${field} = partner.credit_limit - partner.credit if partner else 0.0`);
  }
  body.push('');
  return body;
}

function businessMethod(g, i, model) {
  const shape = g.int(8);
  const b = [];
  const name = `action_${g.pick(WORDS)}_${i}`;
  b.push(`    def ${name}(self):`);
  b.push(`        """${g.pick(['Confirm', 'Recompute', 'Synchronise', 'Archive', 'Reconcile'])} the selected records."""`);
  switch (shape) {
    case 0:
      b.push(`        for record in self:`);
      b.push(`            record.write({'state': 'confirmed', 'date_done': fields.Datetime.now()})`);
      break;
    case 1:
      b.push(`        Move = self.env['stock.move']`);
      b.push(`        for record in self:`);
      b.push(`            moves = Move.search([('origin', '=', record.name), ('state', '!=', 'cancel')])`);
      b.push(`            moves._action_cancel()`);
      break;
    case 2:
      b.push(`        vals_list = []`);
      b.push(`        for record in self:`);
      b.push(`            vals_list.append({'name': record.name, 'partner_id': record.partner_id.id})`);
      b.push(`        return self.env['${model}.line'].create(vals_list)`);
      break;
    case 3:
      b.push(`        self.env.cr.execute(`);
      b.push(`            "SELECT id, state FROM ${model.replace(/\./g, '_')} WHERE id IN %s", (tuple(self.ids),)`);
      b.push(`        )`);
      b.push(`        states = dict(self.env.cr.fetchall())`);
      b.push(`        return states`);
      break;
    case 4:
      b.push(`        for record in self:`);
      b.push(`            for line in record.line_ids:`);
      b.push(`                product = self.env['product.product'].browse(line.product_id.id)`);
      b.push(`                line.price_unit = product.lst_price`);
      break;
    case 5:
      b.push(`        result = {}`);
      b.push(`        for key in ('a', 'b', 'c'):`);
      b.push(`            result[key] = self.env.context.get(key)`);
      b.push(`        data = re.search(r'(\\d+)', self.name or '')`);
      b.push(`        return result, data`);
      break;
    case 6:
      b.push(`        domain = [('state', '=', 'draft'), ('company_id', '=', self.env.company.id)]`);
      b.push(`        while True:`);
      b.push(`            batch = self.search(domain, limit=500)`);
      b.push(`            if not batch:`);
      b.push(`                break`);
      b.push(`            batch.write({'state': 'done'})`);
      b.push(`            self.env.cr.commit()`);
      break;
    default:
      b.push(`        self.ensure_one()`);
      b.push(`        return {`);
      b.push(`            'type': 'ir.actions.act_window',`);
      b.push(`            'res_model': '${model}',`);
      b.push(`            'view_mode': 'form',`);
      b.push(`            'res_id': self.id,`);
      b.push(`            'target': 'current',`);
      b.push(`        }`);
  }
  b.push('');
  return b;
}

/** One models/*.py file of about `target` lines. */
function modelFile(g, addon, index, target, comodels) {
  const model = modelName(g, addon, index);
  const cls = model.split('.').map((p) => p[0].toUpperCase() + p.slice(1)).join('').replace(/\d+$/, '') + index;
  const out = [
    '# Copyright 2024 Example',
    '# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).',
    'import logging',
    'import re',
    '',
    'from odoo import _, api, fields, models',
    'from odoo.exceptions import UserError',
    '',
    '_logger = logging.getLogger(__name__)',
    '',
    '',
    `class ${cls}(models.Model):`,
    `    _name = '${model}'`,
    `    _description = '${model}'`,
    `    _inherit = ['mail.thread']`,
    `    _order = 'date desc, id desc'`,
    '',
    `    name = fields.Char(required=True, index='trigram')`,
    `    state = fields.Selection([('draft', 'Draft'), ('done', 'Done')], default='draft', index=True)`,
    `    partner_id = fields.Many2one('res.partner', index=True)`,
    `    company_id = fields.Many2one('res.company', default=lambda self: self.env.company)`,
    `    currency_id = fields.Many2one('res.currency')`,
    `    date = fields.Date(default=fields.Date.context_today)`,
    `    line_ids = fields.One2many('${model}.line', 'order_id')`,
  ];
  let f = 0;
  while (out.length < target * 0.3) out.push(fieldDecl(g, `${g.pick(WORDS)}_${f++}`, comodels));
  out.push('');
  const computed = [];
  for (let i = 0; i < 4; i++) {
    const name = `total_${g.pick(WORDS)}_${i}`;
    computed.push(name);
    out.push(`    ${name} = fields.Float(compute='_compute_${name}', store=${g.chance(0.5) ? 'True' : 'False'})`);
  }
  out.push('');
  for (const name of computed) out.push(...computeMethod(g, name, model));
  let m = 0;
  while (out.length < target - 30) out.push(...businessMethod(g, m++, model));
  out.push('', '');
  out.push(`class ${cls}Line(models.Model):`);
  out.push(`    _name = '${model}.line'`);
  out.push(`    _description = '${model} line'`);
  out.push('');
  out.push(`    order_id = fields.Many2one('${model}', required=True, ondelete='cascade')`);
  out.push(`    product_id = fields.Many2one('product.product')`);
  out.push(`    price_unit = fields.Float()`);
  out.push(`    discount = fields.Float()`);
  out.push(`    price_total = fields.Float(compute='_compute_price_total', store=True)`);
  out.push(`    state = fields.Selection(related='order_id.state', store=True)`);
  out.push('');
  out.push(`    @api.depends('price_unit', 'discount')`);
  out.push(`    def _compute_price_total(self):`);
  out.push(`        for line in self:`);
  out.push(`            line.price_total = line.price_unit * (1 - line.discount / 100.0)`);
  out.push('');
  return { model, cls, text: out.join('\n') + '\n' };
}

function controllerFile(g, addon, models) {
  const out = [
    'import json',
    '',
    'import requests',
    '',
    'from odoo import http',
    'from odoo.http import request',
    '',
    '',
    `class ${addon.split('_').map((p) => p[0].toUpperCase() + p.slice(1)).join('')}Controller(http.Controller):`,
  ];
  models.forEach((model, i) => {
    out.push(`    @http.route('/${addon}/${i}/list', type='json', auth='user')`);
    out.push(`    def list_${i}(self, limit=80, **kw):`);
    out.push(`        records = request.env['${model}'].search_read([], ['name', 'state'], limit=limit)`);
    out.push(`        return {'records': records}`);
    out.push('');
    if (g.chance(0.3)) {
      out.push(`    @http.route('/${addon}/${i}/sync', type='json', auth='user')`);
      out.push(`    def sync_${i}(self, **kw):`);
      out.push(`        response = requests.post('https://api.example.com/sync', json=kw, timeout=10)`);
      out.push(`        return json.loads(response.text)`);
      out.push('');
    }
  });
  return out.join('\n') + '\n';
}

function viewFile(model, cls) {
  const id = model.replace(/\./g, '_');
  return `<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="${id}_view_form" model="ir.ui.view">
        <field name="name">${model}.form</field>
        <field name="model">${model}</field>
        <field name="arch" type="xml">
            <form string="${cls}">
                <header>
                    <field name="state" widget="statusbar"/>
                </header>
                <sheet>
                    <group>
                        <field name="name"/>
                        <field name="partner_id"/>
                        <field name="date"/>
                    </group>
                    <notebook>
                        <page string="Lines">
                            <field name="line_ids"/>
                        </page>
                    </notebook>
                </sheet>
            </form>
        </field>
    </record>
    <record id="${id}_view_search" model="ir.ui.view">
        <field name="name">${model}.search</field>
        <field name="model">${model}</field>
        <field name="arch" type="xml">
            <search>
                <field name="name"/>
                <field name="partner_id"/>
                <filter name="draft" string="Draft" domain="[('state', '=', 'draft')]"/>
                <group expand="0" string="Group By">
                    <filter name="group_partner" string="Partner" context="{'group_by': 'partner_id'}"/>
                </group>
            </search>
        </field>
    </record>
</odoo>
`;
}

/**
 * Writes addons under `outDir` until about `lines` Python lines exist. Returns the counts and two
 * files chosen for the editing latency test: one of about 400 lines and one of about 5,000.
 */
export function generate(outDir, { lines = 300000, seed = 1 } = {}) {
  const g = new Gen(seed);
  let total = 0;
  let files = 0;
  let small;
  let large;
  const write = (file, text) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    files++;
    if (file.endsWith('.py')) total += text.split('\n').length - 1;
  };
  for (let a = 0; total < lines; a++) {
    const addon = `bench_${g.pick(WORDS)}_${a}`;
    const dir = path.join(outDir, addon);
    const models = [];
    const imports = [];
    const comodels = ['res.partner', 'res.users', 'product.product', 'stock.location', 'account.account'];
    const count = 6 + g.int(6);
    for (let i = 0; i < count; i++) {
      // Mostly 200-900 line files, as in OCA repositories; the first addon also gets one big file.
      const target = a === 0 && i === 0 ? 5000 : a === 0 && i === 1 ? 400 : 200 + g.int(700);
      const { model, cls, text } = modelFile(g, addon, i, target, comodels);
      const file = path.join(dir, 'models', `${model.split('.').pop()}.py`);
      write(file, text);
      if (a === 0 && i === 0) large = file;
      if (a === 0 && i === 1) small = file;
      write(path.join(dir, 'views', `${model.split('.').pop()}_views.xml`), viewFile(model, cls));
      models.push(model);
      imports.push(model.split('.').pop());
      comodels.push(model);
    }
    write(path.join(dir, 'models', '__init__.py'), imports.map((m) => `from . import ${m}`).join('\n') + '\n');
    write(path.join(dir, 'controllers', '__init__.py'), 'from . import main\n');
    write(path.join(dir, 'controllers', 'main.py'), controllerFile(g, addon, models));
    write(path.join(dir, '__init__.py'), 'from . import controllers\nfrom . import models\n');
    write(
      path.join(dir, '__manifest__.py'),
      `{\n    "name": "${addon}",\n    "version": "17.0.1.0.0",\n    "license": "LGPL-3",\n    "depends": ["sale", "stock", "mail"],\n    "data": [${models.map((m) => `"views/${m.split('.').pop()}_views.xml"`).join(', ')}],\n}\n`,
    );
  }
  return { lines: total, files, small, large };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: generate.mjs OUT_DIR [--lines N] [--seed N]');
    process.exit(2);
  }
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
  };
  console.log(JSON.stringify(generate(path.resolve(out), { lines: arg('--lines', 300000), seed: arg('--seed', 1) })));
}
