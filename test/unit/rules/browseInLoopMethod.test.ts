import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op102_method_read');

test("OP102 through a method: findings exactly on the '# expect: OP102' lines", async () => {
  const results = await lintFixture(DIR, ['OP102']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  // written by hand: 5 reported loops in ticket_batch.py, nothing in the model files
  assert.equal(results.flatMap((r) => r.expected).length, 5);
  assert.deepEqual(results.filter((r) => r.actual.length).map((r) => r.file), [path.join('models', 'ticket_batch.py')]);
});

test('OP102 through a method: the message names the method and the field it reads, with related info', async () => {
  const results = await lintFixture(DIR, ['OP102']);
  const batch = results.find((r) => r.file.endsWith('ticket_batch.py'))!;
  const f = batch.findings.find((x) => x.range.start.line === 14)!;
  assert.equal(
    f.message,
    `self.env["repair.ticket"].browse(ticket_id) inside a loop over 'ticket_ids', then ticket._mail_label(), which reads ` +
      `self.name (RepairTicket._mail_label()): 1 query per iteration (~100 queries for 100 ids), because each browse(id) ` +
      `prefetches only its own id. Browse all ids once before the loop (self.env["repair.ticket"].browse(ticket_ids)) and ` +
      `iterate the recordset: 1 query per 1000 records.`,
  );
  assert.equal(f.severity, 'warning');
  assert.equal(f.related?.length, 1);
  assert.ok(f.related![0]!.file.endsWith(path.join('models', 'ticket.py')));
  assert.equal(f.related![0]!.range.start.line, 22); // `self.name` in `return ...` (line 23)
});

test('OP102 through a method defined in another file or on base names that definition', async () => {
  const results = await lintFixture(DIR, ['OP102']);
  const findings = results.flatMap((r) => r.findings);
  const hours = findings.find((x) => x.message.includes('_total_hours'))!;
  assert.match(hours.message, /which reads self\.mapped\(\) \(RepairTicketTotals\._total_hours\(\)\)/);
  assert.ok(hours.related![0]!.file.endsWith('ticket_totals.py'));
  const title = findings.find((x) => x.message.includes('_audit_title'))!;
  assert.match(title.message, /which reads self\.display_name \(Base\._audit_title\(\)\)/);
  const changes = findings.find((x) => x.message.includes('_tracked_changes'))!;
  assert.match(changes.message, /which reads self\[fname\]/);
  const urgent = findings.find((x) => x.message.includes('_priority_flag'))!;
  assert.match(urgent.message, /which reads self\["priority"\]/);
});

test('OP102 through a method overridden in more files than the followed-tree cache holds (24 > 16)', async () => {
  // Each override's tree is judged before the next is fetched: the cache frees evicted trees.
  const fs = await import('node:fs');
  const os = await import('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'op102-many-'));
  const addon = (name: string, depends: string, model: string) => {
    fs.mkdirSync(path.join(dir, name, 'models'), { recursive: true });
    fs.writeFileSync(path.join(dir, name, '__manifest__.py'), `{'name': '${name}', 'version': '16.0.1.0.0', 'depends': ['${depends}']}\n`);
    fs.writeFileSync(path.join(dir, name, '__init__.py'), 'from . import models\n');
    fs.writeFileSync(path.join(dir, name, 'models', '__init__.py'), 'from . import m\n');
    fs.writeFileSync(path.join(dir, name, 'models', 'm.py'), model);
  };
  addon('base_doc', 'base', [
    'from odoo import fields, models', '', '',
    'class Doc(models.Model):', "    _name = 'x.doc'", "    _inherit = ['mail.thread']", '    name = fields.Char()', '',
    '    def action_go(self):', '        return self.name', '',
    '    def run(self, ids):', '        for i in ids:', "            rec = self.env['x.doc'].browse(i)  # expect: OP102", '            rec.action_go()', '',
  ].join('\n'));
  for (let i = 1; i <= 24; i++) {
    addon(`ext${i}`, 'base_doc', [
      'from odoo import models', '', '', `class Doc${i}(models.Model):`, "    _inherit = 'x.doc'", '',
      '    def action_go(self):', `        # override ${i}`, '        return super().action_go()', '',
    ].join('\n'));
  }
  try {
    const results = await lintFixture(dir, ['OP102']);
    const base = results.find((r) => r.file.endsWith(path.join('base_doc', 'models', 'm.py')))!;
    assert.deepEqual(base.actual, ['14:OP102']);
    assert.deepEqual(base.actual, base.expected);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
