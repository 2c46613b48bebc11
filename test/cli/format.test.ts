// The formatters on a hand-built result (no rules, no parsing): colour rules, the text line
// shape, JSON positions (1-based, exclusive end) and the SARIF level mapping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { DEFAULT_SETTINGS } from '../../server/src/config';
import { formatJson } from '../../server/src/cli/format/json';
import { formatSarif, sarifLevel } from '../../server/src/cli/format/sarif';
import { formatText } from '../../server/src/cli/format/text';
import type { LintResult } from '../../server/src/cli/lint';
import type { Rule } from '../../server/src/rules/types';

const base = path.resolve('/ws');
const file = path.join(base, 'addon', 'models', 'm.py');
const fakeRule: Rule = { meta: { code: 'OP999', name: 'fake-rule', defaultSeverity: 'warning', summary: 'A fake rule.' }, check: () => undefined };

function result(): LintResult {
  return {
    settings: DEFAULT_SETTINGS,
    rules: [fakeRule],
    files: [
      {
        file,
        findings: [
          { code: 'OP999', rule: 'fake-rule', severity: 'warning', message: 'Costs N queries\nfor N records.', range: { start: { line: 4, character: 8 }, end: { line: 4, character: 20 } } },
          { code: 'OP999', rule: 'fake-rule', severity: 'hint', message: 'A hint (1 query).', range: { start: { line: 9, character: 0 }, end: { line: 10, character: 3 } }, fixes: ['Use read_group'] },
        ],
      },
    ],
    skipped: [],
    ioErrors: [],
    elapsedMs: 1234,
  };
}

test('text: line shape, folded messages, summary, colour only on request', () => {
  const plain = formatText(result(), { base, cwd: base, color: false });
  const lines = plain.trimEnd().split('\n');
  assert.equal(lines[0], 'addon/models/m.py:5:9: warning OP999 Costs N queries for N records. [fake-rule]');
  assert.equal(lines[1], 'addon/models/m.py:10:1: hint OP999 A hint (1 query). [fake-rule]');
  assert.equal(lines[3], '2 problems (0 errors, 1 warning, 0 information, 1 hint) in 1 file (1.23s).');
  assert.ok(!plain.includes('\x1b['));
  const coloured = formatText(result(), { base, cwd: base, color: true });
  assert.ok(coloured.includes('\x1b[33mwarning\x1b[0m'));
});

test('json: 1-based positions, exclusive end column, fixes default to []', () => {
  const report = JSON.parse(formatJson(result(), { base, cwd: '/elsewhere', color: true }));
  assert.equal(report.files, 1);
  assert.deepEqual(report.diagnostics[0], {
    file: 'addon/models/m.py', line: 5, column: 9, endLine: 5, endColumn: 21,
    code: 'OP999', rule: 'fake-rule', severity: 'warning', message: 'Costs N queries\nfor N records.', fixes: [],
  });
  assert.deepEqual(report.diagnostics[1].fixes, ['Use read_group']);
});

test('sarif: levels, rule metadata fallback to the summary, regions', () => {
  assert.equal(sarifLevel('error'), 'error');
  assert.equal(sarifLevel('warning'), 'warning');
  assert.equal(sarifLevel('information'), 'note');
  assert.equal(sarifLevel('hint'), 'note');
  const sarif = JSON.parse(formatSarif(result(), { base, cwd: base, color: false }));
  const rule = sarif.runs[0].tool.driver.rules[0];
  assert.equal(rule.id, 'OP999');
  assert.equal(rule.name, 'FakeRule');
  assert.equal(rule.shortDescription.text, 'A fake rule.');
  assert.equal(rule.fullDescription.text, 'A fake rule.');
  assert.match(rule.helpUri, /OP999-fake-rule\.md$/);
  assert.equal(rule.defaultConfiguration.level, 'warning');
  const [first, second] = sarif.runs[0].results;
  assert.equal(first.level, 'warning');
  assert.equal(second.level, 'note');
  assert.deepEqual(first.locations[0].physicalLocation.region, { startLine: 5, startColumn: 9, endLine: 5, endColumn: 21 });
  assert.deepEqual(first.locations[0].physicalLocation.artifactLocation, { uri: 'addon/models/m.py', uriBaseId: '%SRCROOT%' });
});
