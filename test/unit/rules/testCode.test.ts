import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FIXTURES, lintFixture } from '../../helpers/fixtures';
import { mergeSettings, normaliseSettings } from '../../../server/src/config';

const DIR = path.join(FIXTURES, 'op112_create');
const TEST_FILE = path.join('library', 'tests', 'test_book.py');
const CASE_FILE = path.join('library', 'demo_case.py');

test('test code is not linted by default: tests/ folders and TransactionCase-derived classes', async () => {
  const results = await lintFixture(DIR, ['OP112', 'OP101']);
  assert.deepEqual(results.find((r) => r.file === TEST_FILE)!.actual, []);
  assert.deepEqual(results.find((r) => r.file === CASE_FILE)!.actual, []);
  // production code of the same addon still is
  assert.deepEqual(results.find((r) => r.file.endsWith('book.py'))!.actual, ['12:OP112', '24:OP112']);
});

test('odooPerf.lintTests = true lints test code too', async () => {
  const results = await lintFixture(DIR, ['OP112', 'OP101'], { lintTests: true });
  assert.deepEqual(results.find((r) => r.file === TEST_FILE)!.actual, ['9:OP112']);
  assert.deepEqual(results.find((r) => r.file === CASE_FILE)!.actual, ['8:OP101']);
});

test('lintTests setting: spellings, validation, later layer wins', () => {
  assert.equal(normaliseSettings({ lintTests: true }).lintTests, true);
  assert.equal(normaliseSettings({ 'lint-tests': true }).lintTests, true);
  assert.equal(normaliseSettings({ lint_tests: false }).lintTests, false);
  const problems: string[] = [];
  assert.equal(normaliseSettings({ lintTests: 'yes' }, problems).lintTests, undefined);
  assert.match(problems[0]!, /lintTests/);
  assert.equal(mergeSettings({ lintTests: true }, { lintTests: false }).lintTests, false);
  assert.equal(mergeSettings({ lintTests: true }, {}).lintTests, true);
  assert.equal(mergeSettings({}).lintTests, undefined);
});
