import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op113_super');

test('OP113 fixture: super() on the whole recordset inside a loop over self; per-record super, return, onchange, ensure_one quiet', async () => {
  const results = await lintFixture(DIR, ['OP113']);
  const line = results.find((r) => r.file.endsWith('purchase_order_line.py'))!;
  assert.deepEqual(line.actual, line.expected);
  assert.equal(line.expected.length, 2);
});

test('OP113 message names the method, the loop and the per-record form with the class name', async () => {
  const results = await lintFixture(DIR, ['OP113']);
  const findings = results.find((r) => r.file.endsWith('purchase_order_line.py'))!.findings;
  const compute = findings.find((f) => f.range.start.line === 12)!;
  assert.equal(compute.severity, 'warning');
  assert.equal(
    compute.message,
    "super()._compute_tax_id() inside a loop over 'self': the parent _compute_tax_id() runs on the whole recordset once per " +
      "record (for 100 records, 100 runs over 100 records), and each run also acts on the records other than 'line'. " +
      'Call super()._compute_tax_id() once outside the loop, or on the record: super(PurchaseOrderLine, line)._compute_tax_id(...).',
  );
  const write = findings.find((f) => f.range.start.line === 19)!;
  assert.match(write.message, /^super\(PurchaseOrderLine, self\)\.write\(extra\) inside a loop over 'self\.filtered\("product_id"\)'/);
});

test('OP104 counts super(Cls, rec).unlink() per record, and tells to collect rec; super().unlink() in the loop is OP113', async () => {
  const results = await lintFixture(DIR, ['OP104', 'OP113']);
  const reconcile = results.find((r) => r.file.endsWith('reconcile.py'))!;
  assert.deepEqual(reconcile.actual, reconcile.expected);
  const op104 = reconcile.findings.find((f) => f.code === 'OP104')!;
  assert.equal(
    op104.message,
    "super(AccountFullReconcile, rec).unlink() inside a loop over 'self': 4 queries per iteration (measured on Odoo 18: 400 for 100 " +
      'records, 4000 for 1000). Collect the records (e.g. to_delete |= rec) and call super(AccountFullReconcile, to_delete).unlink() ' +
      'once after the loop: 4 queries in total.',
  );
});
