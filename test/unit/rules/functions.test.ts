import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, parsePython } from '../../../server/src/parse/parser';
import { extractFunctions } from '../../../server/src/odoo/functions';
import { DEFAULT_SETTINGS } from '../../../server/src/config';
import { lintFile } from '../../../server/src/rules/engine';
import type { WorkspaceModel } from '../../../server/src/odoo/workspace';

const SOURCE = `import requests as rq
from xmlrpc import client as xc
from odoo import models
from .utils import helper


def tool(url):
    return rq.post(url, timeout=3)


class Order(models.Model):
    _name = "x.order"

    def sync(self):
        proxy = xc.ServerProxy("https://h")
        proxy.system.listMethods()
        line = self.env["x.line"].sudo().browse(1)
        line.push()
        self.with_context(a=1)._local()
        self.with_delay().sync()
        helper(self)
        return {}.get("a")

    def _local(self):
        pass


class Line(models.Model):
    _inherit = ["x.line"]

    def push(self):
        with rq.Session() as s:
            s.get("https://h")
`;

test('extractFunctions: functions, classes, models, HTTP calls and call facts', async () => {
  await initParser();
  const tree = parsePython(SOURCE);
  const facts = extractFunctions(tree, '/ws/a/models/order.py');
  assert.deepEqual(facts.map((f) => [f.name, f.className, f.model]), [
    ['tool', undefined, undefined],
    ['sync', 'Order', 'x.order'],
    ['_local', 'Order', 'x.order'],
    ['push', 'Line', 'x.line'],
  ]);
  const [tool, sync, , push] = facts;
  assert.deepEqual(tool.httpCalls.map((c) => c.label), ['rq.post']);
  assert.deepEqual(sync.httpCalls.map((c) => c.label), ['proxy.system.listMethods']);
  assert.deepEqual(push.httpCalls.map((c) => c.label), ['s.get']);
  assert.equal(sync.delegatesToQueue, true);
  assert.equal(tool.delegatesToQueue, false);
  const byName = new Map(sync.calls.map((c) => [c.name, c]));
  assert.equal(byName.get('push')?.model, 'x.line');
  assert.equal(byName.get('_local')?.onSelf, true);
  assert.equal(byName.get('_local')?.model, 'x.order');
  assert.equal(byName.get('sync')?.viaQueue, true);
  assert.equal(byName.get('helper')?.receiver, '');
  assert.equal(byName.get('helper')?.importedFrom, '.utils');
  assert.equal(byName.get('get')?.model, undefined);
  // ServerProxy(...) itself opens no connection: it is a plain call, not an HTTP call.
  assert.ok(byName.has('ServerProxy'));
  tree.delete();
});

test('OP301 works from the file alone when the workspace knows no functions', async () => {
  await initParser();
  const source = `import requests
from odoo import http


class Main(http.Controller):
    @http.route("/x", auth="public")
    def x(self):
        return self._call()

    def _call(self):
        return requests.get("https://h", timeout=2)
`;
  const tree = parsePython(source);
  const empty: WorkspaceModel = {
    addons: () => [], addonForFile: () => undefined, odooVersionForFile: () => undefined, model: () => undefined,
    field: () => [], fieldsOfModel: () => [], queryUses: () => [], functionsNamed: () => [],
  };
  const findings = lintFile({ file: '/ws/a/controllers/main.py', source, tree, workspace: empty, settings: DEFAULT_SETTINGS, select: ['OP301'] });
  assert.deepEqual(findings.map((f) => [f.range.start.line, f.message.split(':')[1]]), [[7, ' x → Main._call → requests.get. An HTTP worker is blocked for the whole call (up to its timeout); hand it to a queue_job (with_delay) or a cron.']]);
  tree.delete();
});
