import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';

const DIR = path.join(FIXTURES, 'op112_create');

test('OP112 fixture: findings exactly on the expect lines; multi, vals_list, pass-through and plain classes quiet', async () => {
  const results = await lintFixture(DIR, ['OP112']);
  for (const r of results) assert.deepEqual(r.actual, r.expected, r.file);
  assert.equal(results.flatMap((r) => r.expected).length, 2);
});

test('OP112 is a warning on the method name, with the measured cost for @api.model', async () => {
  const book = (await lintFixture(DIR, ['OP112'])).find((r) => r.file.endsWith('book.py'))!;
  const [single, undecorated] = book.findings;
  assert.equal(single!.severity, 'warning');
  assert.deepEqual(single!.range, { start: { line: 11, character: 8 }, end: { line: 11, character: 14 } });
  assert.match(single!.message, /^create\(self, vals\) under @api\.model: .*1010 queries for 1000 records instead of 20.*deprecation/);
  assert.match(single!.message, /@api\.model_create_multi def create\(self, vals_list\)/);
  assert.match(undecorated!.message, /^create\(self, vals\) without @api\.model_create_multi: a batch create\(\[\.\.\.\]\) hands it the whole list/);
});

test('OP112 is version-gated: no batch create before Odoo 12', async () => {
  const results = await lintFixture(DIR, ['OP112']);
  assert.ok(results.some((r) => r.findings.length));
  const old = await lintFixture(DIR, ['OP112'], { odooVersion: '11.0' });
  // the manifest (17.0) wins over the setting: still reported
  assert.equal(old.flatMap((r) => r.findings).length, 2);
});
