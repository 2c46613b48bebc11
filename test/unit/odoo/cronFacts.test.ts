import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { initParser } from '../../../server/src/parse/parser';
import { cronCalls, extractCsvCrons, extractXmlCrons } from '../../../server/src/odoo/cronFacts';
import { scanWorkspace } from '../../../server/src/odoo/index';
import { FIXTURES } from '../../helpers/fixtures';

test('cron code: methods called on model, helpers skipped, arguments noted', async () => {
  await initParser();
  assert.deepEqual(cronCalls('model.sudo()._cron_run(limit=50)'), [{ method: '_cron_run', hasArgs: true }]);
  assert.deepEqual(cronCalls('model._a()\nmodel.with_context(x=1)._b()'), [{ method: '_a', hasArgs: false }, { method: '_b', hasArgs: false }]);
  assert.deepEqual(cronCalls('env["x"]._c()'), []);
  assert.deepEqual(cronCalls('model._broken('), []);
});

test('XML ir.cron records: code form and the old model/function form', async () => {
  await initParser();
  const xml = `<odoo><record id="c1" model="ir.cron"><field name="model_id" ref="sale.model_sale_order"/>
<field name="code">model._cron_x()</field></record>
<record id="c2" model="ir.cron"><field name="model">res.partner</field><field name="function">_old_cron</field><field name="args">()</field></record>
<record id="v" model="ir.ui.view"><field name="code">model._nope()</field></record></odoo>`;
  const crons = extractXmlCrons(xml, '/a/data/cron.xml', 'a');
  assert.deepEqual(crons.map((c) => [c.id, c.modelRef, c.model, c.method, c.hasArgs, c.range.start.line]), [
    ['c1', 'model_sale_order', undefined, '_cron_x', false, 0],
    ['c2', undefined, 'res.partner', '_old_cron', false, 2],
  ]);
});

test('CSV ir_cron rows', () => {
  const csv = 'id,name,model_id:id,code\nc3,"Run, now",mod.model_x_y,model._go()\n';
  const crons = extractCsvCrons(csv, '/a/data/ir_cron.csv', 'a');
  assert.deepEqual(crons.map((c) => [c.id, c.modelRef, c.method, c.range.start.line]), [['c3', 'model_x_y', '_go', 1]]);
});

test('the workspace resolves cron models from XML and CSV data', async () => {
  const ws = await scanWorkspace({ roots: [path.join(FIXTURES, 'op303_cron')], addonsPaths: [] });
  const jobs = ws.cronJobs!().map((j) => `${j.model}.${j.method}@${path.basename(j.file)}`).sort();
  assert.deepEqual(jobs, [
    'subscription.lite._cron_archive@ir_cron.xml',
    'subscription.lite._cron_expire@ir_cron.xml',
    'subscription.lite._cron_parse@ir_cron.xml',
    'subscription.lite._cron_purge@ir_cron.csv',
    'subscription.lite._cron_remind@ir_cron.xml',
    'subscription.lite._cron_renew@ir_cron.xml',
    'subscription.lite._cron_stats@ir_cron.xml',
  ]);
});
