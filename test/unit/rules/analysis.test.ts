// Unit tests of the shared rule analysis (ORM receivers, loops, scopes) on small inline sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, parsePython, type Node } from '../../../server/src/parse/parser';
import { analysisFor, repeatingLoop } from '../../../server/src/rules/analysis/index';
import { enclosingLoops } from '../../../server/src/rules/analysis/loops';

/** The first call node whose text starts with `prefix` (e.g. "Line.search("). */
function callAt(root: Node, prefix: string): Node {
  const hit = root.descendantsOfType('call').find((c) => !!c && c.text.startsWith(prefix));
  assert.ok(hit, `no call starting with ${prefix}`);
  return hit!;
}

/** The receiver of the call starting with `prefix`. */
function receiverOf(root: Node, prefix: string): Node {
  return callAt(root, prefix).childForFieldName('function')!.childForFieldName('object')!;
}

async function parse(src: string) {
  await initParser();
  const tree = parsePython(src);
  return { tree, root: tree.rootNode, a: analysisFor(tree) };
}

const MODEL = `
import re
from odoo import api, models

PAT = re.compile("x")

class Order(models.Model):
    _inherit = "sale.order"

    def go(self, partner, env2, ids):
        Line = self.env["sale.order.line"].sudo()
        lines = False
        lines = Line.search([])
        found = self.env["x"]
        found = found.search([])
        for rec in self:
            rec.order_line.search([])
            rec.name.find("a")
        for i, rec2 in enumerate(self.order_line):
            rec2.exists()
        request_env = partner.search([])
        PAT.search("abc")
        re.search("a", "b")
        {}.get("a")
        self.env.user.search([])
        self.with_company(1).search_count([])
        self.filtered(lambda r: r.exists())
        found2 = (partner or self.env.company).exists()
        lines.browse(1)
        found.browse(1)

class Helper:
    def search(self, x):
        return x

    def run(self):
        self.search(1)
`;

test('ORM receivers: self, env[...], chains, bound variables, loop records, x2many fields', async () => {
  const { tree, root, a } = await parse(MODEL);
  try {
    const orm = (prefix: string) => a.orm.kind(receiverOf(root, prefix));
    assert.equal(orm('rec.order_line.search'), 'records'); // x2many of a loop record
    assert.equal(orm('rec2.exists'), 'records'); // enumerate over a recordset
    assert.equal(orm('self.env.user.search'), 'records');
    assert.equal(orm('self.with_company(1).search_count'), 'records');
    assert.equal(orm('r.exists'), 'records'); // filtered callback parameter
    assert.equal(orm('lines.browse'), 'records'); // `lines = False` then a search: still ORM
    assert.equal(orm('found.browse'), 'records'); // `found = found.search(...)` keeps its kind
    assert.equal(orm('(partner or self.env.company).exists'), 'records');
    assert.equal(orm('partner.search'), 'unknown'); // a parameter of unknown type
    assert.equal(orm('PAT.search'), 'other'); // compiled regex
    assert.equal(orm('re.search'), 'other');
    assert.equal(orm('rec.name.find'), 'other'); // a char field value, not a record
    assert.equal(orm('self.search(1)'), 'other'); // self of a plain class
  } finally {
    tree.delete();
  }
});

const LOOPS = `
from odoo import models
STATES = ("a", "b")

class Order(models.Model):
    _name = "x.order"

    def go(self, ids, rows):
        for s in STATES:
            self.search([("state", "=", s)])
        for n in range(3):
            self.search_count([])
        for n in range(len(ids)):
            self.search_read([])
        for rec in self:
            for tag in ("a", "b"):
                rec.exists()
        for rec in self.search([], limit=1):
            self.name_search("z")
        x = [self.search_fetch([]) for r in rows]
        y = [r for r in self.read_group([], [], [])]
        while True:
            batch = self.search([], limit=10)
            if not batch:
                break
        for rec in self:
            self._read_group([])
            break
        for r in rows:
            for q in rows:
                self.sudo().search([])

    def one(self):
        self.ensure_one()
        for rec in self:
            rec.search([])
`;

test('loops: sizes, batching while, exits and nested loops', async () => {
  const { tree, root, a } = await parse(LOOPS);
  try {
    const loopOf = (prefix: string, batching = true) => repeatingLoop(a, callAt(root, prefix), { allowBatchingWhile: batching });
    assert.equal(loopOf('self.search([("state"'), undefined); // module constant tuple
    assert.equal(loopOf('self.search_count'), undefined); // range(3)
    assert.equal(a.loops.describe(loopOf('self.search_read')!), 'range(len(ids))');
    assert.equal(a.loops.describe(loopOf('rec.exists')!), 'self'); // small inner loop: the outer one counts
    assert.equal(loopOf('self.name_search'), undefined); // limit=1 search
    assert.equal(a.loops.describe(loopOf('self.search_fetch')!), 'rows');
    assert.equal(loopOf('self.read_group'), undefined); // the comprehension's iterable runs once
    assert.equal(loopOf('self.search([], limit=10)'), undefined); // batching idiom
    assert.equal(loopOf('self.search([], limit=10)', false)?.kind, 'while');
    assert.equal(loopOf('self._read_group'), undefined); // unconditional break right after
    const nested = loopOf('self.sudo().search');
    assert.equal(nested?.kind, 'for');
    assert.equal(enclosingLoops(callAt(root, 'self.sudo().search')).length, 2);
    assert.equal(loopOf('rec.search'), undefined); // ensure_one: the loop runs once
  } finally {
    tree.delete();
  }
});

test('loops: a stored lambda or nested def is not per iteration, a filtered callback is', async () => {
  const { tree, root, a } = await parse(`
from odoo import models

class Order(models.Model):
    _name = "x.order"

    def go(self, rows):
        for r in rows:
            cb = lambda: self.search_count([])
            def inner():
                return self.search_read([])
            self.filtered(lambda rec: rec.exists())
`);
  try {
    assert.equal(repeatingLoop(a, callAt(root, 'self.search_count')), undefined);
    assert.equal(repeatingLoop(a, callAt(root, 'self.search_read')), undefined);
    const loop = repeatingLoop(a, callAt(root, 'rec.exists'));
    assert.equal(loop?.kind, 'callback');
    assert.equal(a.loops.describe(loop!), 'self');
  } finally {
    tree.delete();
  }
});
