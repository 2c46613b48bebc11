// Speed shortcuts read some facts from the source text instead of asking the syntax tree node by
// node (each node step is a wasm call). They run only on a tree without syntax errors and must give
// exactly what the tree path gives. A syntax error at the end of the file switches every shortcut
// off without changing how the classes above it parse, so the same file is read both ways and
// compared; hand-written expectations make sure neither side is empty or wrong.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, parsePython, type Node, type Tree } from '../../../server/src/parse/parser';
import { extractModels } from '../../../server/src/odoo/pyModels';
import { extractOrderUses, extractQueryUses } from '../../../server/src/odoo/pyQueries';
import { bindingsByText, bindingsByTree } from '../../../server/src/odoo/domain';
import { callIndex } from '../../../server/src/rules/analysis/calls';
import { calleeName } from '../../../server/src/rules/analysis/syntax';

before(() => initParser());

const MODELS = `from odoo import api, fields, models
from odoo.fields import Many2one as M2O


class Route(models.Model):
    _name = 'tricky.route'
    _order = "sequence, name desc"
    _description = "Route"  # a comment after

    # a comment line
    """A docstring statement."""
    name = fields.Char(required=True, index='trigram')
    sequence = fields.Integer(default=10)
    partner_id = M2O('res.partner', ondelete='cascade', index=True)
    stop_ids = fields.One2many(
        'tricky.stop',  # comodel
        'route_id',
        string="Stops",
    )
    alias = other = fields.Char()
    doubled = fields.Char() + fields.Char()
    called_twice = fields.Char()(1)
    annotated: int = fields.Integer()
    total = fields.Float(compute='_compute_total', store=True)
    label = fields.Char(related='partner_id.name')
    format = fields.Char()
    try_count = 0
    try_count += 1
    a, b = fields.Char(), fields.Char()
    kw = fields.Char(**{'index': True})

    @api.depends('stop_ids')
    def _compute_total(self):
        for route in self:
            route.total = len(route.stop_ids)

    def init(self):
        self.env.cr.execute("CREATE INDEX IF NOT EXISTS tricky_idx ON tricky_route (sequence, name)")

    async def later(self):
        pass


class Stop(models.Model):
    _name = "tricky.stop"
    _inherit = ['mail.thread']

    route_id = fields.Many2one('tricky.route')
    state = fields.Selection([('a', 'A')])

    def open_stops(self, extra=None):
        domain = [('state', '=', 'a')]
        domain += [('route_id.name', 'ilike', 'x')]
        other = domain
        other.append(('create_uid', '=', 1))
        other.extend(extra or [])
        other.insert(0, ('write_uid', '!=', 2))
        self.env['tricky.stop'].search(other, order='route_id desc')
        return self.search(domain=domain, limit=1)

    def keyword_lookalikes(self):
        self.search([('state', '=', 'b')], limit=10)
        values = dict(index=1, name='x')
        fn = lambda rec, domain=[('route_id', '=', 1)]: rec
        return values, fn
`;

/** The same file with a syntax error appended at its end: every text shortcut is off for it. */
function parseBoth(source: string): { clean: Tree; dirty: Tree } {
  const clean = parsePython(source);
  const dirty = parsePython(`${source}\n\nbroken = (\n`);
  assert.equal(clean.rootNode.hasError, false, 'the clean file parses without error');
  assert.equal(dirty.rootNode.hasError, true, 'the appended line is an error');
  return { clean, dirty };
}

/** Facts as plain data: nodes by their text and position, class ids by model name. */
function plain(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x, (_k, v) => (v instanceof Map ? [...v.values()] : v)));
}

test('models, fields, indexes and order uses: the text path gives what the tree path gives', () => {
  const { clean, dirty } = parseBoth(MODELS);
  const a = extractModels(clean, '/x/models/route.py', 'tricky');
  const b = extractModels(dirty, '/x/models/route.py', 'tricky');
  assert.deepEqual(plain({ classes: a.classes, fields: a.fields, indexes: a.indexes }), plain({ classes: b.classes, fields: b.fields, indexes: b.indexes }));
  // Written by hand from the source above: the plain `name = fields.X(...)` statements only.
  assert.deepEqual(
    a.fields.map((f) => `${f.model}.${f.name}:${f.type}`),
    [
      'tricky.route.name:Char', 'tricky.route.sequence:Integer', 'tricky.route.partner_id:Many2one',
      'tricky.route.stop_ids:One2many', 'tricky.route.annotated:Integer', 'tricky.route.total:Float',
      'tricky.route.label:Char', 'tricky.route.format:Char', 'tricky.route.kw:Char',
      'tricky.stop.route_id:Many2one', 'tricky.stop.state:Selection',
    ],
  );
  const stops = a.fields.find((f) => f.name === 'stop_ids')!;
  assert.equal(stops.comodel, 'tricky.stop');
  assert.equal(stops.inverseName, 'route_id');
  assert.equal(a.fields.find((f) => f.name === 'name')!.index, "'trigram'");
  assert.equal(a.fields.find((f) => f.name === 'kw')!.index, undefined, '**kwargs say nothing');
  assert.equal(a.fields.find((f) => f.name === 'total')!.stored, true);
  assert.equal(a.fields.find((f) => f.name === 'label')!.stored, false);
  assert.deepEqual(a.fields.find((f) => f.name === 'partner_id')!.range, { start: { line: 13, character: 4 }, end: { line: 13, character: 14 } });
  assert.deepEqual(a.indexes.map((i) => `${i.model}(${i.columns.join(',')})`), ['tricky.route(sequence)']);

  const orderA = extractOrderUses(clean, '/x/models/route.py', 'tricky', a.classModels);
  const orderB = extractOrderUses(dirty, '/x/models/route.py', 'tricky', b.classModels);
  assert.deepEqual(plain(orderA), plain(orderB));
  assert.deepEqual(orderA.map((u) => `${u.model}.${u.field}`), ['tricky.route.sequence']);
});

test('query uses and domain bindings: the text path gives what the tree path gives', () => {
  const { clean, dirty } = parseBoth(MODELS);
  const usesOf = (t: Tree) => extractQueryUses(t, '/x/models/route.py', 'tricky', extractModels(t, '/x/models/route.py', 'tricky').classModels);
  const a = usesOf(clean);
  assert.deepEqual(plain(a), plain(usesOf(dirty)));
  assert.deepEqual(
    a.map((u) => `${u.kind}:${u.model}.${u.field}${u.operator ? ` ${u.operator}` : ''}`),
    [
      'domain:tricky.stop.state =', 'domain:tricky.stop.route_id ilike', 'domain:tricky.stop.create_uid =',
      'domain:tricky.stop.write_uid !=', 'order:tricky.stop.route_id',
      'domain:tricky.stop.state =', 'domain:tricky.stop.route_id ilike',
      'domain:tricky.stop.state =',
    ],
  );

  const fns = clean.rootNode.descendantsOfType('function_definition').filter((n): n is Node => !!n);
  assert.equal(fns.length, 5);
  const show = (m: ReturnType<typeof bindingsByTree>) => [...m].map(([name, bs]) => `${name}: ${bs.map((b) => `${b.kind} ${b.node.text}`).join(' | ')}`);
  for (const fn of fns) {
    const byText = bindingsByText(fn);
    assert.ok(byText, 'a clean ASCII function takes the text path');
    assert.deepEqual(show(byText), show(bindingsByTree(fn)), fn.childForFieldName('name')?.text);
  }
  const open = fns.find((f) => f.childForFieldName('name')?.text === 'open_stops')!;
  assert.deepEqual(show(bindingsByText(open)!), [
    "domain: value [('state', '=', 'a')] | domain [('route_id.name', 'ilike', 'x')]",
    "other: value domain | leaf ('create_uid', '=', 1) | domain extra or [] | leaf ('write_uid', '!=', 2)",
  ]);
  const lookalikes = fns.find((f) => f.childForFieldName('name')?.text === 'keyword_lookalikes')!;
  assert.deepEqual(show(bindingsByText(lookalikes)!).map((s) => s.split(':')[0]), ['values', 'fn'], 'keyword arguments and defaults bind nothing');
  const dirtyFn = dirty.rootNode.descendantsOfType('function_definition')[0]!;
  assert.equal(bindingsByText(dirtyFn), undefined, 'an erroneous tree takes the tree path');
});

test('callee names read from the source equal the tree reading, call by call', () => {
  const source = `def f(self, a, obj):
    a.b(1)
    a . b (2)
    a.b(
        3)
    (a.b)(4)
    f(x)(y)
    a.b(x).c(y)
    a[0](y)
    a.b[0](y)
    print ("x")
    getattr(a, 'append')(5)
    obj.write({'x': 1}).search([])
    x = [g(i) for i in h(a)]
    @decorator(arg)
    def inner():
        pass
    lambda: k(1)
    return await_(self.env['x'].sudo().search_count([]))
`;
  const { clean, dirty } = parseBoth(source);
  const fromText = callIndex(clean);
  const fromTree = callIndex(dirty);
  assert.deepEqual(fromText.names, fromText.calls.map((c) => calleeName(c)));
  // The dirty tree has the same calls (the error is after them) and reads every name from the tree.
  assert.deepEqual(fromText.names, fromTree.names.slice(0, fromText.names.length));
  assert.deepEqual(fromText.names, [
    'b', 'b', 'b', undefined, undefined, 'f', 'c', 'b', undefined, undefined, 'print', undefined, 'getattr',
    'search', 'write', 'g', 'h', 'decorator', 'k', 'await_', 'search_count', 'sudo',
  ]);
});
