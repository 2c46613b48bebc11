// OP107 refactor: `sum(rec.line_ids.mapped('f'))` / `len(rec.line_ids)` in a compute becomes one
// grouped query on the lines before the loop, in the API of the addon's version, offered only
// when the workspace proves the grouped query sees the same lines. Never preferred, never safe
// (fix-all and `lint --fix` leave it alone): a compute run in a form would read saved lines.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Fix } from '../../../server/src/fixes/types';
import type { Finding } from '../../../server/src/rules/types';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';
import { applied, lintIn, type Linted } from './helpers';

const FIXTURE = path.join(FIXTURES, 'fix_op107');

/** The fixture copied as addon `demo` with the manifest version replaced (undefined: none). */
async function linted(version: string | undefined): Promise<Linted> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'odoo-perf-op107-'));
  fs.cpSync(FIXTURE, path.join(root, 'demo'), { recursive: true });
  const manifest = path.join(root, 'demo', '__manifest__.py');
  const text = fs.readFileSync(manifest, 'utf8');
  fs.writeFileSync(manifest, version ? text.replace('"17.0.1.0.0"', `"${version}"`) : text.replace(/ {4}"version": .*\n/, ''));
  return lintIn(root, 'models/job.py', {}, ['OP107']);
}

function findingAt(r: Linted, snippet: string): Finding {
  const line = r.source.split('\n').findIndex((l) => l.includes(snippet));
  const f = r.findings.find((x) => x.range.start.line === line);
  assert.ok(f, `no OP107 finding on "${snippet}"`);
  return f;
}

function refactor(r: Linted, snippet: string): Fix | undefined {
  return r.fixes(findingAt(r, snippet)).find((f) => !f.title.startsWith('Ignore'));
}

/** The lines of method `name` after applying the fix, from `def` to the next blank line. */
function method(r: Linted, fix: Fix, name: string): string {
  const out = applied(r.source, fix, r.file).split('\n');
  const start = out.findIndex((l) => l.includes(`def ${name}(`));
  const end = out.findIndex((l, i) => i > start && l.trim() === '');
  return out.slice(start, end).join('\n');
}

test('fixture: OP107 exactly on the expect lines', async () => {
  for (const r of await lintFixture(FIXTURE, ['OP107'])) assert.deepEqual(r.actual, r.expected, r.file);
});

for (const v of ['17.0.1.0.0', '18.0.1.0.0', '19.0.1.0.0']) {
  test(`sum on ${v.slice(0, 2)}: _read_group tuples keyed by record, read through _origin; a refactor, never preferred nor safe`, async () => {
    const r = await linted(v);
    const fix = refactor(r, 'job.hours_total = sum(');
    assert.ok(fix);
    assert.equal(fix.title, 'Refactor: one _read_group for all records (1 query instead of loading the lines)');
    assert.equal(fix.preferred, false);
    assert.equal(fix.safe, false);
    assert.equal(method(r, fix, '_compute_hours_total'), [
      '    def _compute_hours_total(self):',
      '        hours_by_job = dict(self.env["fleet.job.line"]._read_group([("job_id", "in", self.ids)], ["job_id"], ["hours:sum"]))',
      '        for job in self:',
      '            job.hours_total = hours_by_job.get(job._origin, 0)  # expect: OP107',
    ].join('\n'));
  });
}

test('sum on 16: read_group(..., lazy=False) dicts keyed by id', async () => {
  const r = await linted('16.0.1.0.0');
  const fix = refactor(r, 'job.hours_total = sum(');
  assert.ok(fix);
  assert.equal(fix.title, 'Refactor: one read_group for all records (1 query instead of loading the lines)');
  assert.equal(method(r, fix, '_compute_hours_total'), [
    '    def _compute_hours_total(self):',
    '        hours_by_job = {g["job_id"][0]: g["hours"] for g in self.env["fleet.job.line"].read_group([("job_id", "in", self.ids)], ["job_id", "hours:sum"], ["job_id"], lazy=False)}',
    '        for job in self:',
    '            job.hours_total = hours_by_job.get(job._origin.id, 0)  # expect: OP107',
  ].join('\n'));
});

test('len on 17 and 16: __count; other reads of the lines in the loop stay as they are', async () => {
  const r17 = await linted('17.0.1.0.0');
  assert.equal(method(r17, refactor(r17, 'job.line_count = len(')!, '_compute_line_count'), [
    '    def _compute_line_count(self):',
    '        count_by_job = dict(self.env["fleet.job.line"]._read_group([("job_id", "in", self.ids)], ["job_id"], ["__count"]))',
    '        for job in self:',
    '            job.line_count = count_by_job.get(job._origin, 0)  # expect: OP107',
    '            # reading the lines elsewhere in the loop is fine: only the count is replaced',
    '            job.last_line_id = job.line_ids[-1:]',
  ].join('\n'));
  const r16 = await linted('16.0.1.0.0');
  assert.equal(method(r16, refactor(r16, 'job.line_count = len(')!, '_compute_line_count').split('\n').slice(1, 4).join('\n'), [
    '        count_by_job = {g["job_id"][0]: g["__count"] for g in self.env["fleet.job.line"].read_group([("job_id", "in", self.ids)], ["job_id"], ["job_id"], lazy=False)}',
    '        for job in self:',
    '            job.line_count = count_by_job.get(job._origin.id, 0)  # expect: OP107',
  ].join('\n'));
});

test("the One2many's literal domain is part of the query (multi-line field, and from another file)", async () => {
  const r = await linted('17.0.1.0.0');
  assert.equal(method(r, refactor(r, 'job.part_qty = sum(')!, '_compute_part_qty').split('\n')[1],
    '        qty_by_job = dict(self.env["fleet.job.line"]._read_group([("job_id", "in", self.ids), ("kind", "=", "part"), ("qty", ">", -1)], ["job_id"], ["qty:sum"]))');
  // note_line_ids is declared by an _inherit in models/job_notes.py
  assert.equal(method(r, refactor(r, 'job.note_count = len(')!, '_compute_note_count').split('\n')[1],
    '        count_by_job = dict(self.env["fleet.job.line"]._read_group([("job_id", "in", self.ids), ("kind", "=", "note")], ["job_id"], ["__count"]))');
});

test('a computed field stored on the lines is a column: summed too', async () => {
  const r = await linted('17.0.1.0.0');
  assert.equal(method(r, refactor(r, 'job.cost_total = sum(')!, '_compute_cost_total').split('\n')[1],
    '        cost_by_job = dict(self.env["fleet.job.line"]._read_group([("job_id", "in", self.ids)], ["job_id"], ["cost:sum"]))');
});

test('no refactor where the grouped query would not see the same lines or values', async () => {
  const r = await linted('17.0.1.0.0');
  for (const snippet of [
    'job.billable_count = len(', // domain=lambda: not copied
    'job.all_count = len(', // context={'active_test': False}
    'job.current_count = len(', // inverse Many2one not stored
    'job.hours_days = sum(', // a sum inside an expression (empty SUM is None)
    'job.touched_hours = sum(', // the loop writes lines
    'job.labour_hours = sum(', // two definitions with different domains
  ]) assert.equal(refactor(r, snippet), undefined, snippet);
});

test('unknown Odoo version: no refactor (the two APIs differ)', async () => {
  const r = await linted(undefined);
  assert.equal(refactor(r, 'job.hours_total = sum('), undefined);
  assert.equal(refactor(r, 'job.line_count = len('), undefined);
});

test('Odoo 12 reads by id (no _origin before 13); Odoo 11 gets no sum (no "f:sum" spec) but a count', async () => {
  const r12 = await linted('12.0.1.0.0');
  assert.ok(method(r12, refactor(r12, 'job.hours_total = sum(')!, '_compute_hours_total').includes('job.hours_total = hours_by_job.get(job.id, 0)'));
  const r11 = await linted('11.0.1.0.0');
  assert.equal(refactor(r11, 'job.hours_total = sum('), undefined);
  assert.ok(refactor(r11, 'job.line_count = len('));
});
