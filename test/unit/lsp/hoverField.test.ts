// Field hover: index status, where the workspace queries the field and whether those queries can
// use an index. Fixture test/fixtures/hover_index (perf.ticket, `_order = 'opened_on desc, subject'`).
// Expectations by PostgreSQL's rules: a btree serves =, <, >=, ORDER BY on its leading column, not
// ilike '%x%' (Odoo wraps the value in %); a GIN trigram index serves ilike; an index on the second
// column of an ORDER BY alone does not serve the sort.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initParser, parsePython, type Tree } from '../../../server/src/parse/parser';
import { scanWorkspace } from '../../../server/src/odoo/index';
import type { WorkspaceModel } from '../../../server/src/odoo/workspace';
import { fieldAt, fieldHover } from '../../../server/src/lsp/hoverField';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const DIR = path.join(ROOT, 'test', 'fixtures', 'hover_index');
const FILE = path.join(DIR, 'perf_index', 'models', 'ticket.py');

let ws: WorkspaceModel;
let tree: Tree;
let lines: string[];

async function hoverOn(field: string): Promise<string> {
  if (!tree) {
    await initParser();
    ws = await scanWorkspace({ roots: [DIR], addonsPaths: [] });
    const text = fs.readFileSync(FILE, 'utf8');
    lines = text.split('\n');
    tree = parsePython(text);
  }
  const row = lines.findIndex((l) => l.startsWith(`    ${field} = fields.`));
  assert.ok(row >= 0, field);
  const node = tree.rootNode.descendantForPosition({ row, column: 5 })!;
  const at = fieldAt(node);
  assert.ok(at, `a field at ${field}`);
  return fieldHover(at, ws, [DIR]);
}

test('ilike on a btree-indexed field: the index cannot serve it; second column of _order', async () => {
  const v = await hoverOn('subject');
  assert.match(v, /\*\*perf\.ticket\.subject\*\* \(Char\) — index: index=True/);
  assert.match(v, /Queried in 1 place \(1 domain\):\n- domain `ilike`: perf_index\/models\/ticket\.py:16/);
  assert.match(v, /Index use: the 1 like\/ilike use cannot use a btree \(index='trigram' serves them\)\./);
  assert.match(v, /Column 2 of `_order = 'opened_on desc, subject'`: only a tie-breaker/);
});

test('ilike on a trigram-indexed field can use it; its equality lookup cannot use it efficiently', async () => {
  const v = await hoverOn('reference');
  assert.match(v, /index: index='trigram'/);
  assert.match(v, /Queried in 2 places \(2 domain\)/);
  assert.match(v, /the 1 like\/ilike use can use the trigram index/);
  assert.match(v, /the 1 equality\/order use cannot use the trigram index efficiently \(add a btree\)/);
  assert.doesNotMatch(v, /_order/);
});

test('the leading column of _order with a btree: every search sorts by it, the index serves it', async () => {
  const v = await hoverOn('opened_on');
  assert.match(v, /Queried in 1 place \(1 order by\)/);
  assert.match(v, /the 1 equality\/range, order and group-by use can use the index/);
  assert.match(v, /Leads `_order = 'opened_on desc, subject'`: every search of perf\.ticket sorts by it, and the btree returns rows in that order/);
});

test('range and order-by queries on a field without index: each scans the table', async () => {
  const v = await hoverOn('closed_on');
  assert.match(v, /index: none/);
  assert.match(v, /Queried in 3 places \(2 domain, 1 order by\)/);
  assert.match(v, /Index use: none can use an index: each one scans the whole table\./);
});

test('a field no query uses says so', async () => {
  const v = await hoverOn('owner_id');
  assert.match(v, /Not queried anywhere in the workspace/);
});
