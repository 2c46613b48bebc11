import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../../helpers/fixtures';
import { isCatalogQuery, isCatalogRelation } from '../../../../server/src/rules/sql/catalog';

const DIR = path.join(FIXTURES, 'precision_op106');

test('OP106: catalog queries per schema object stay quiet, per-record data queries stay reported', async () => {
  const results = await lintFixture(DIR, ['OP106']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  // pg_indexes/pg_attribute per field, information_schema per line, to_regclass, a registry walk
  // and a nested local_registry walk: all quiet; reported: a per-record query, a data table joined
  // to pg_class, a data UPDATE in a loop over records that also reads ir_model, and a per-record
  // loop nested in a registry walk
  assert.equal(results.flatMap((r) => r.actual).length, 4);
});

test('OP106: the real per-record query keeps its warning and message', async () => {
  const results = await lintFixture(DIR, ['OP106']);
  const [, perRecord, joined] = results.flatMap((r) => r.findings);
  assert.equal(perRecord!.severity, 'warning');
  assert.match(perRecord!.message, /^cr\.execute\(SELECT \.\.\.\) inside a loop over 'self': 1 query per iteration \(~100 queries for 100 records\)/);
  assert.equal(joined!.severity, 'warning');
});

test('catalog relations: pg_* catalogs, information_schema, Odoo model metadata; not ir_model_data or data tables', () => {
  for (const r of ['pg_indexes', 'pg_catalog.pg_class', 'information_schema.columns', '"pg_attribute"', 'ir_model', 'ir_model_fields']) assert.ok(isCatalogRelation(r), r);
  for (const r of ['ir_model_data', 'res_partner', 'sale_order', 'pgsql_log']) assert.equal(isCatalogRelation(r), false, r);
  assert.ok(isCatalogQuery('SELECT conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE t.relname = %s'));
  assert.ok(isCatalogQuery('SELECT to_regclass(%s)'));
  assert.equal(isCatalogQuery('SELECT id FROM res_partner p JOIN pg_class c ON c.relname = p.ref'), false);
  assert.equal(isCatalogQuery('SELECT 1'), false);
});
